// The privacy area's face for server code (docs/privacy.md): consents to the versioned notice and the requests
// to erase personal data. Export and erasure span areas: app/workflows/personal-data.server.ts.
export {
  closeRequest,
  consentsOf,
  hasCurrentConsent,
  listRequests,
  recordConsent,
  recordConsents,
  requestDeletion,
  requestsOf,
  type RequestDecision,
} from "./service.server";
