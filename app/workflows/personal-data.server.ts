import type { DbOrTx } from "#db/client";
import { auditEntriesAbout, recordAudit } from "~/modules/audit/index.server";
import { accountDataOf, eraseAccount } from "~/modules/auth/index.server";
import { certificateDataOf, eraseHolderIdentity } from "~/modules/certificates/index.server";
import { cohortDataOf } from "~/modules/cohorts/index.server";
import { eraseTraineeProfile, traineeDataOf } from "~/modules/enrolment/index.server";
import { examDataOf, forgetAccommodations } from "~/modules/exams/index.server";
import { studyDataOf } from "~/modules/learning/index.server";
import { forgetRecipients } from "~/modules/mail/index.server";
import { forgetNotifications, notificationDataOf } from "~/modules/notifications/index.server";
import { dropStaffRoles, membershipsDataOf } from "~/modules/orgs/index.server";
import { erasePortfolio, portfolioDataOf } from "~/modules/portfolio/index.server";
import { closeRequest, consentsOf, requestsOf } from "~/modules/privacy/index.server";
import { type Failure, failure } from "~/utils/failure";

/**
 * Everything the app holds about one person (PIPL art. 45, docs/privacy.md), gathered through each owning
 * area's face. Never a password hash, session or TOTP secret, or an exam's answer key.
 */
export async function collectPersonalData(db: DbOrTx, userId: string) {
  const account = await accountDataOf(db, userId);
  if (!account) return null;
  const [
    memberships,
    cohorts,
    study,
    exams,
    certificates,
    portfolio,
    notifications,
    trainee,
    consents,
    requests,
    audit,
  ] = await Promise.all([
    membershipsDataOf(db, userId),
    cohortDataOf(db, userId),
    studyDataOf(db, userId),
    examDataOf(db, userId),
    certificateDataOf(db, userId),
    portfolioDataOf(db, userId),
    notificationDataOf(db, userId),
    traineeDataOf(db, userId),
    consentsOf(db, userId),
    requestsOf(db, userId),
    auditEntriesAbout(db, userId),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    ...account,
    memberships,
    traineeProfile: trainee.profile,
    transfers: trainee.transfers,
    cohorts: cohorts.cohorts,
    // Each classroom session's attendance kept about them: scanned or marked, on time, late, absent or excused.
    classroomAttendance: cohorts.classroomAttendance,
    study,
    exams,
    certificates: certificates.certificates,
    continuingEducation: certificates.continuingEducation,
    // The photo's states (the image itself is shown on /account/certificate-identity) and the masked number.
    holderIdentity: certificates.holderIdentity,
    portfolio,
    notifications,
    privacy: { consents, requests },
    auditEntries: audit,
  };
}
export type PersonalData = NonNullable<Awaited<ReturnType<typeof collectPersonalData>>>;

/**
 * A platform admin completes a deletion request: in one transaction the account is erased in place and every
 * area forgets what it holds beyond what is kept (docs/privacy.md, "What an erasure keeps"). Idempotent: a
 * request already decided is returned as it is.
 */
export async function completeDeletion(
  db: DbOrTx,
  input: { requestId: string; actorId: string; note?: string },
): Promise<{ ok: true; changed: boolean } | Failure> {
  return db.transaction(async (tx) => {
    const closed = await closeRequest(tx, { ...input, decision: "completed" });
    if (!closed) return failure("privacy.unknownRequest");
    if (!closed.changed)
      return closed.request.status === "completed"
        ? { ok: true as const, changed: false }
        : failure("privacy.alreadyDecided");
    const userId = closed.request.userId;
    const addresses = await eraseAccount(tx, userId);
    await dropStaffRoles(tx, userId);
    await eraseTraineeProfile(tx, userId);
    await forgetAccommodations(tx, userId);
    await erasePortfolio(tx, userId);
    await eraseHolderIdentity(tx, userId);
    await forgetNotifications(tx, userId);
    await forgetRecipients(tx, addresses);
    await recordAudit(tx, { actorId: input.actorId, action: "privacy.erased", targetType: "user", targetId: userId });
    return { ok: true as const, changed: true };
  });
}

/** A platform admin refuses a request, with the reason shown to the person. */
export async function refuseDeletion(
  db: DbOrTx,
  input: { requestId: string; actorId: string; note?: string },
): Promise<{ ok: true; changed: boolean } | Failure> {
  return db.transaction(async (tx) => {
    const closed = await closeRequest(tx, { ...input, decision: "refused" });
    if (!closed) return failure("privacy.unknownRequest");
    if (!closed.changed)
      return closed.request.status === "refused"
        ? { ok: true as const, changed: false }
        : failure("privacy.alreadyDecided");
    return { ok: true as const, changed: true };
  });
}

const escapeHtml = (v: string) =>
  v.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function value(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "object") return `<pre>${escapeHtml(JSON.stringify(v, null, 2))}</pre>`;
  return escapeHtml(String(v));
}

function table(rows: readonly Record<string, unknown>[]): string {
  if (!rows.length) return "<p>—</p>";
  const keys = Object.keys(rows[0]!);
  const head = keys.map((k) => `<th scope="col">${escapeHtml(k)}</th>`).join("");
  const body = rows.map((r) => `<tr>${keys.map((k) => `<td>${value(r[k])}</td>`).join("")}</tr>`).join("\n");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * The same data as a self-contained, printable HTML page (no scripts, every value escaped): headings in the
 * person's language, field names as in the JSON so the two can be compared.
 */
export function personalDataHtml(data: PersonalData, headings: Record<string, string>, lang: string): string {
  const section = (key: string, content: string) =>
    `<section><h2>${escapeHtml(headings[key] ?? key)}</h2>${content}</section>`;
  const attempts = data.exams.attempts.map(({ answers, ...a }) => ({ ...a, answers: answers.length }));
  const answers = data.exams.attempts.flatMap((a) => a.answers);
  const cases = data.portfolio.cases.map(({ evidence, ...c }) => ({
    ...c,
    evidence: evidence.map((e) => e.fileName).join(", "),
  }));
  const parts = [
    section("account", table([data.account])),
    section("memberships", table(data.memberships)),
    section("traineeProfile", table(data.traineeProfile ? [data.traineeProfile] : [])),
    section("transfers", table(data.transfers)),
    section("cohorts", table(data.cohorts)),
    section("classroomAttendance", table(data.classroomAttendance)),
    section("enrolments", table(data.study.enrolments)),
    section("lessonProgress", table(data.study.lessonProgress)),
    section("priorQualifications", table(data.study.priorQualifications)),
    section("examAttempts", table(attempts)),
    section("examAnswers", table(answers)),
    section("accommodations", table(data.exams.accommodations)),
    section("certificates", table(data.certificates.map(({ record: _r, ...c }) => c))),
    section("continuingEducation", table(data.continuingEducation)),
    section("holderPhotos", table(data.holderIdentity.photos)),
    section(
      "holderIdNumber",
      table([
        // The number as kept on the account, then what each certificate froze.
        ...(data.holderIdentity.idNumber ? [{ serial: null, ...data.holderIdentity.idNumber, photo: null }] : []),
        ...data.holderIdentity.onCertificates.map((c) => ({
          serial: c.serial,
          masked: c.idNumberMasked,
          recordedAt: null,
          photo: c.photo,
        })),
      ]),
    ),
    section("portfolioCases", table(cases)),
    section("defences", table(data.portfolio.defences)),
    section("notifications", table(data.notifications.inbox)),
    section("consents", table(data.privacy.consents)),
    section("requests", table(data.privacy.requests)),
    section("sessions", table(data.sessions)),
    section("signInAttempts", table(data.signInAttempts)),
    section("auditEntries", table(data.auditEntries)),
  ];
  return `<!doctype html>
<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${escapeHtml(headings.title ?? "")}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#0f172a}table{border-collapse:collapse;margin:.5rem 0 1.5rem;font-size:.85rem}th,td{border:1px solid #cbd5e1;padding:.25rem .5rem;text-align:left;vertical-align:top}pre{margin:0;white-space:pre-wrap}</style>
</head><body><h1>${escapeHtml(headings.title ?? "")}</h1><p>${escapeHtml(data.exportedAt)}</p>
${parts.join("\n")}
</body></html>
`;
}
