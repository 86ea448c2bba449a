/**
 * Every route file under app/routes, classified by who may use it. The isolation test
 * (tests/integration/isolation.test.ts) and the fuzz suite (tests/integration/fuzz.test.ts) read the route
 * files at test time and FAIL for a route that is not in this table, so a new route is checked from the day
 * it is added. To classify a new route, add one line (docs/security.md, "Classifying a route"):
 *
 * - `public`   — anyone, signed in or not (sign-in, verification, published keys). Checked: no 500 when
 *                anonymous, with malformed input.
 * - `own`      — any signed-in person, about their own records only (a trainee's study, exams, portfolio,
 *                certificates). Checked: anonymous visitors go to sign-in; unknown ids are 403/404.
 * - `staff`    — staff screens whose lists are filtered in SQL by the actor's centers and regions. Checked:
 *                anonymous visitors go to sign-in, trainees are refused.
 * - `platform` — platform admins only. Checked: also center staff and region admins are refused.
 * - `tenant`   — a center, region, trainee or cohort id in the URL ($orgId, $regionId, …). Checked by the
 *                isolation matrix: another center's staff and another region's admin are refused and nothing
 *                changes.
 */
export type RouteClass = "public" | "own" | "staff" | "platform" | "tenant";

export const ROUTE_CLASSES: Record<string, RouteClass> = {
  // Achievement pages and badge images are public, like the credentials that point at them.
  "achievements.$level": "public",
  "achievements.$level.badge[.]png": "public",
  "achievements.$level.badge[.]svg": "public",
  "exams.attempts.$attemptId.flag": "own",
  // Exam integrity (docs/exam-integrity.md): the candidate's events and status; the proctor console and its feed.
  "exams.attempts.$attemptId.events": "own",
  "exams.attempts.$attemptId.status": "own",
  "manage.organizations.$orgId.exam-sessions_.$sessionId": "tenant",
  "manage.organizations.$orgId.exam-sessions_.$sessionId_.live": "tenant",
  "exams.briefing.$level": "own",
  // The curriculum's authoring screens: content editors, reviewers and platform admins only.
  "manage.content_.changes.$changeId": "platform",
  "manage.content_.changes._index": "platform",
  "manage.content_.courses.$courseId": "platform",
  "manage.content_.courses._index": "platform",
  "manage.content_.courses.new": "platform",
  "manage.content_.lessons.$lessonId": "platform",
  "manage.content_.lessons.new": "platform",
  "manage.content_.levels.$levelSlug": "platform",
  "manage.content_.levels._index": "platform",
  "manage.content_.questions.$questionId": "platform",
  "manage.content_.questions._index": "platform",
  "manage.content_.questions.export[.]csv": "platform",
  "manage.content_.questions.export[.]xlsx": "platform",
  "manage.content_.questions.import": "platform",
  "manage.content_.questions.new": "platform",
  "manage.content_.questions.template[.]csv": "platform",
  "manage.content_.questions.template[.]xlsx": "platform",
  "manage.organizations.$orgId.electives": "tenant",
  $: "public",
  "[.]well-known.jwks[.]json": "public",
  "[.]well-known.issuer-certificate[.]pem": "public",
  _index: "public",
  "api.v1.certificates.$code": "public",
  // The API's OpenAPI description and its documentation page: public, as the API is.
  "api.v1.openapi[.]json": "public",
  "api-docs": "public",
  "content-images.$name": "public",
  "credentials.status.$list": "public",
  "credentials.status-ld.$list": "public",
  "forgot-password": "public",
  healthz: "public",
  issuer: "public",
  "keys.$thumbprint": "public",
  login: "public",
  logout: "public",
  "reset-password.$token": "public",
  "set-language": "public",
  signup: "public",
  "verify.$code": "public",
  "verify._index": "public",
  // The privacy notice (docs/privacy.md): anyone may read it before signing up.
  privacy: "public",

  account: "own",
  // A person's own data (no id in the URL: only ever the signed-in person's), its downloads, their deletion
  // request, and the page asking for consent to a new privacy notice (docs/privacy.md).
  "account_.data": "own",
  "account_.data[.]json": "own",
  "account_.data[.]html": "own",
  "privacy_.consent": "own",
  // A person's own authenticator; the code step after the password (a session waiting for its code; anyone
  // else is sent to sign-in or on to where they were going).
  "account_.two-factor": "own",
  "account_.certificate-identity": "own",
  "sign-in.two-factor": "own",
  // A person's own inbox and a session notification's .ics (another person's id: 404).
  "notifications._index": "own",
  "notifications.$notificationId.ics": "own",
  "certificates.$certificateId._index": "own",
  "certificates.$certificateId.credential": "own",
  "certificates.$certificateId.credential-ld": "own",
  "certificates.$certificateId.pdf": "own",
  "certificates.$certificateId.record": "own",
  "certificates._index": "own",
  "exams._index": "own",
  "exams.attempts.$attemptId.save": "own",
  "exams.attempts.$attemptId": "own",
  "learn.$level": "own",
  "learn._index": "own",
  "learn.courses.$course.$lesson": "own",
  "learn.courses.$course._index": "own",
  // Practitioner templates (content/appendices/) as Markdown downloads: anyone signed in.
  "learn.appendices.$file": "own",
  "learn.heartbeat": "own",
  // A scanned classroom check-in code: the signed-in person checks themself in (docs/classroom.md).
  "check-in.$sessionId": "own",
  "portfolio.$caseId": "own",
  "portfolio._index": "own",
  "portfolio.evidence.$evidenceId": "own",

  "manage.certificates.$certificateId": "staff",
  "manage.certificates._index": "staff",
  "manage.exam-stats": "staff",
  "manage.exam-stats[.]csv": "staff",
  "manage.exam-stats[.]xlsx": "staff",
  "manage.exams": "staff",
  "manage.organizations._index": "staff",
  "manage.regions._index": "staff",
  // Lesson writers (content area's requireLessonWriter), whichever role makes them one.
  "manage.content_.images": "staff",
  "manage.content_.preview": "staff",
  // Figures filtered by the actor's centers and regions.
  "manage.statistics": "staff",
  "manage.statistics[.]csv": "staff",
  "manage.statistics[.]xlsx": "staff",

  "manage.audit": "platform",
  "manage.jobs": "platform",
  "manage.content": "platform",
  "manage.outbox": "platform",
  // Deletion requests: only platform admins see them and complete or refuse them (docs/privacy.md).
  "manage.privacy-requests": "platform",

  "manage.organizations.$orgId._index": "tenant",
  "manage.organizations.$orgId.api-keys": "tenant",
  "manage.organizations.$orgId.certificate-branding": "tenant",
  "manage.organizations.$orgId.certificate-branding[.]pdf": "tenant",
  "manage.organizations.$orgId.holder-photos": "tenant",
  "manage.organizations.$orgId.cohorts.$cohortId": "tenant",
  "manage.organizations.$orgId.cohorts.$cohortId_.certificates[.]zip": "tenant",
  // The cohort ZIP's page: ready to download, or its PDFs being prepared by a job, with progress.
  "manage.organizations.$orgId.cohorts.$cohortId_.certificates": "tenant",
  // Classroom sessions of a cohort, their attendance sheets (page, CSV, XLSX) and check-in display (docs/classroom.md).
  "manage.organizations.$orgId.cohorts.$cohortId_.classroom._index": "tenant",
  "manage.organizations.$orgId.cohorts.$cohortId_.classroom.$sessionId": "tenant",
  "manage.organizations.$orgId.cohorts.$cohortId_.classroom.$sessionId_.display": "tenant",
  "manage.organizations.$orgId.cohorts.$cohortId_.classroom.$sessionId_.sheet[.]csv": "tenant",
  "manage.organizations.$orgId.cohorts.$cohortId_.classroom.$sessionId_.sheet[.]xlsx": "tenant",
  "manage.organizations.$orgId.cohorts._index": "tenant",
  "manage.organizations.$orgId.dashboard": "tenant",
  "manage.organizations.$orgId.dashboard[.]csv": "tenant",
  "manage.organizations.$orgId.dashboard[.]xlsx": "tenant",
  "manage.organizations.$orgId.exam-sessions": "tenant",
  "manage.organizations.$orgId.grading": "tenant",
  "manage.organizations.$orgId.import": "tenant",
  "manage.organizations.$orgId.import_.report": "tenant",
  "manage.organizations.$orgId.import_.template[.]csv": "tenant",
  "manage.organizations.$orgId.import_.template[.]xlsx": "tenant",
  "manage.organizations.$orgId.password-links": "tenant",
  "manage.organizations.$orgId.portfolio": "tenant",
  "manage.organizations.$orgId.trainees.$traineeId": "tenant",
  "manage.organizations.$orgId.trainees.$traineeId_.continuing-education": "tenant",
  "manage.organizations.$orgId.trainees.$traineeId_.password-link": "tenant",
  "manage.organizations.$orgId.verify-bulk": "tenant",
  "manage.organizations.$orgId.verify-bulk_.download": "tenant",
  "manage.regions.$regionId": "tenant",
  "manage.regions.$regionId_.dashboard": "tenant",
  "manage.regions.$regionId_.electives": "tenant",
  "manage.regions.$regionId_.dashboard[.]csv": "tenant",
  "manage.regions.$regionId_.dashboard[.]xlsx": "tenant",
};
