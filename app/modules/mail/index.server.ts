// The mail area's face for server code: other areas, routes and scripts import only this (and ./index.ts).
export {
  DELIVERY_BATCH,
  deliverPendingEmails,
  MAIL_DELIVERY_JOB,
  type Email,
  type MailTarget,
  enqueueEmail,
  enqueueEmails,
  listOutbox,
} from "./service.server";
export { forgetRecipients } from "./personal-data.server";
