import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { enrolmentImports, traineeProfiles } from "#db/schema";
import { translator } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/index.server";
import {
  accountsByContact,
  createAccounts as createAccountRows,
  createPasswordTokens,
} from "~/modules/auth/index.server";
import {
  enrolTraineesAtCenter,
  requirePermission,
  type SessionUser,
  traineeRolesOf,
} from "~/modules/orgs/index.server";
import { cohortForAdding, cohortMembersAmong, insertCohortMembers } from "~/modules/cohorts/index.server";
import { enqueueEmails, type Email } from "~/modules/mail/index.server";
import { recordConsents } from "~/modules/privacy/index.server";
import { readTable, type ReadTableError } from "~/modules/spreadsheets/index.server";
import { mapHeaders, validateTraineeRows, type TraineeRow } from "~/modules/spreadsheets";
import { isUniqueViolation } from "~/utils/errors.server";
import { insertColumns } from "~/utils/bulk-insert.server";
import {
  planImport,
  type AccountLookup,
  type ExistingAccount,
  type ImportPlan,
  type ImportTarget,
  type PlannedRow,
} from "./plan";

type Actor = Pick<SessionUser, "id" | "memberships">;
export interface ImportCenter {
  id: string;
  regionId: string | null;
  nameZh: string;
}
export interface ImportFile {
  fileName: string;
  bytes: Uint8Array;
}

/** Why a whole file could not be read; `no_header` names the columns it lacks. */
export type FileFailure =
  | { code: ReadTableError }
  | { code: "no_header"; missing: ("name" | "contact")[] }
  /** Someone created or changed one of these accounts between the check and the commit: check again. */
  | { code: "changed_meanwhile" };

export type DryRun =
  | { ok: true; fileName: string; sha256: string; plan: ImportPlan }
  | { ok: false; fileName: string; failure: FileFailure };

export interface ImportSummary {
  created: number;
  linked: number;
  /** Rows whose person already was this center's trainee (some of them added to the cohort). */
  alreadyMembers: number;
  addedToCohort: number;
  invitations: number;
  /** New accounts with only a mobile number: no invitation could be sent; staff hand them a link (password-links.server). */
  withoutEmail: number;
}

export type CommitResult =
  | { ok: true; importId: string | null; cohortId: string | null; summary: ImportSummary }
  | { ok: false; fileName: string; failure: FileFailure }
  /** Nothing was written: the rows are shown again with what is wrong. */
  | { ok: false; fileName: string; sha256: string; plan: ImportPlan };

/** Reads an uploaded file into validated trainee rows (or says what is wrong with the whole file). */
export async function readTraineeFile(
  file: ImportFile,
): Promise<{ ok: true; rows: TraineeRow[]; sha256: string } | { ok: false; failure: FileFailure }> {
  const table = await readTable(file.bytes, file.fileName);
  if (!table.ok) return { ok: false, failure: { code: table.error } };
  const mapping = mapHeaders(table.headers);
  if (!mapping.ok) return { ok: false, failure: { code: "no_header", missing: mapping.missing } };
  const rows = validateTraineeRows(table.rows, mapping.columns, { headerLine: table.headerLine });
  return { ok: true, rows, sha256: createHash("sha256").update(file.bytes).digest("hex") };
}

/** The open cohort of this center the file goes into, with its member count (locked for the commit). */
async function loadTarget(db: DbOrTx, centerId: string, cohortId: string | null, lock: boolean): Promise<ImportTarget> {
  if (!cohortId) return { centerId, cohort: null };
  // Locking the cohort row serialises imports and additions into it, so its capacity holds.
  const cohort = await cohortForAdding(db, centerId, cohortId, lock);
  return { centerId, cohort };
}

/** One query for every contact in the file, one for their trainee roles, one for the cohort's members. */
export async function lookupAccounts(db: DbOrTx, rows: TraineeRow[], cohortId: string | null): Promise<AccountLookup> {
  const usable = rows.filter((r) => r.errors.length === 0);
  const emails = [...new Set(usable.map((r) => r.values.email).filter(Boolean))];
  const mobiles = [...new Set(usable.map((r) => r.values.mobile).filter(Boolean))];
  const lookup: AccountLookup = { byEmail: new Map(), byMobile: new Map() };
  if (!emails.length && !mobiles.length) return lookup;
  const found = await accountsByContact(db, { emails, phones: mobiles });
  if (!found.length) return lookup;
  const ids = found.map((u) => u.id);
  const [roles, inCohort] = [
    await traineeRolesOf(db, ids),
    cohortId ? await cohortMembersAmong(db, cohortId, ids) : [],
  ];
  const cohortSet = new Set(inCohort);
  for (const user of found) {
    const account: ExistingAccount = {
      id: user.id,
      name: user.name,
      traineeCenterIds: roles.filter((r) => r.userId === user.id).map((r) => r.centerId),
      inTargetCohort: cohortSet.has(user.id),
    };
    if (user.email) lookup.byEmail.set(user.email, account);
    if (user.phone) lookup.byMobile.set(user.phone, account);
  }
  return lookup;
}

/** The dry run: what the import would do with every row. Writes nothing. */
export async function dryRunImport(
  db: DbOrTx,
  actor: Actor,
  center: ImportCenter,
  input: { file: ImportFile; cohortId: string | null },
): Promise<DryRun> {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const read = await readTraineeFile(input.file);
  if (!read.ok) return { ok: false, fileName: input.file.fileName, failure: read.failure };
  const target = await loadTarget(db, center.id, input.cohortId, false);
  const plan = planImport(read.rows, await lookupAccounts(db, read.rows, input.cohortId), target);
  return { ok: true, fileName: input.file.fileName, sha256: read.sha256, plan };
}

/**
 * Commits an import, all rows or none, in one transaction that checks the file again against the
 * database as it is now. Importing the same file twice changes nothing the second time.
 */
export async function commitImport(
  db: DbOrTx,
  actor: Actor,
  center: ImportCenter,
  input: { file: ImportFile; cohortId: string | null; appUrl: string },
): Promise<CommitResult> {
  requirePermission(actor, "manage:center", { centerId: center.id });
  const { fileName } = input.file;
  const read = await readTraineeFile(input.file);
  if (!read.ok) return { ok: false, fileName, failure: read.failure };
  const t = await translator("zh-CN");
  try {
    return await db.transaction(async (tx): Promise<CommitResult> => {
      const target = await loadTarget(tx, center.id, input.cohortId, true);
      const plan = planImport(read.rows, await lookupAccounts(tx, read.rows, input.cohortId), target);
      if (!plan.ok) return { ok: false, fileName, sha256: read.sha256, plan };

      const summary: ImportSummary = {
        created: plan.counts.create,
        linked: plan.counts.link,
        alreadyMembers: plan.counts.joinCohort + plan.counts.nothing,
        addedToCohort: target.cohort ? plan.counts.create + plan.counts.link + plan.counts.joinCohort : 0,
        invitations: plan.counts.invitations,
        withoutEmail: plan.counts.withoutEmail,
      };
      if (summary.created + summary.linked + summary.addedToCohort === 0)
        return { ok: true, importId: null, cohortId: input.cohortId, summary };

      const created = await createAccounts(tx, plan.rows);
      // The staff who import confirmed the new trainees were informed of the privacy notice and agreed.
      await recordConsents(
        tx,
        created.map((c) => c.userId),
        "import",
        actor.id,
      );
      const linked = plan.rows.flatMap((r) => (r.action?.kind === "link" ? [{ row: r, action: r.action }] : []));
      // A trainee who named no center at sign-up keeps that one trainee role, now at this center.
      const claiming = linked.filter((l) => l.action.claimsSignUp).map((l) => l.action.userId);
      const joining = [...created, ...linked.map((l) => ({ row: l.row, userId: l.action.userId }))];
      const claimed = new Set(claiming);
      const newRoles = joining.filter((j) => !claimed.has(j.userId));
      await enrolTraineesAtCenter(tx, center.id, { claiming, joining: newRoles.map((j) => j.userId) });
      // What a linked person already told about their work is kept; the file fills in only what is missing.
      const profiles = joining.filter((j) => j.row.values.employer || j.row.values.jobTitle);
      await insertColumns(
        tx,
        traineeProfiles,
        [
          { name: traineeProfiles.userId.name, type: "uuid", values: profiles.map((j) => j.userId) },
          {
            name: traineeProfiles.employer.name,
            type: "text",
            values: profiles.map((j) => j.row.values.employer || null),
          },
          {
            name: traineeProfiles.jobTitle.name,
            type: "text",
            values: profiles.map((j) => j.row.values.jobTitle || null),
          },
        ],
        sql`on conflict do nothing`,
      );
      if (target.cohort) {
        const cohortId = target.cohort.id;
        const joiningCohort = [
          ...joining.map((j) => j.userId),
          ...plan.rows.flatMap((r) => (r.action?.kind === "join_cohort" ? [r.action.userId] : [])),
        ];
        await insertCohortMembers(tx, cohortId, joiningCohort, actor.id);
      }
      const invited = created.filter((c) => c.row.values.email);
      await sendInvitations(
        tx,
        invited.map(({ row, userId }) => ({ userId, email: row.values.email, name: row.values.name })),
        (p, link) => ({
          to: p.email,
          subject: t("enrolment.email.subject"),
          text: t("enrolment.email.body", { name: p.name, center: center.nameZh, link }),
        }),
        input.appUrl,
      );

      const [record] = await tx
        .insert(enrolmentImports)
        .values({
          centerId: center.id,
          cohortId: input.cohortId,
          fileName: fileName.slice(0, 255),
          fileSha256: read.sha256,
          rows: JSON.stringify(summary),
          importedBy: actor.id,
        })
        .returning({ id: enrolmentImports.id });
      await recordAudit(tx, {
        actorId: actor.id,
        action: "enrolment.import",
        targetType: "organization",
        targetId: center.id,
        after: { importId: record!.id, fileName, sha256: read.sha256, cohortId: input.cohortId, ...summary },
      });
      return { ok: true, importId: record!.id, cohortId: input.cohortId, summary };
    });
  } catch (error) {
    // Between the lookup and the insert another request took one of these e-mails or numbers.
    if (isUniqueViolation(error)) return { ok: false, fileName, failure: { code: "changed_meanwhile" } };
    throw error;
  }
}

/** Inserts the new accounts (no password: they set one through the invitation) and pairs each with its row. */
async function createAccounts(tx: DbOrTx, rows: PlannedRow[]) {
  const toCreate = rows.filter((r) => r.action?.kind === "create");
  const inserted = await createAccountRows(
    tx,
    toCreate.map((r) => ({ name: r.values.name, email: r.values.email || null, phone: r.values.mobile || null })),
  );
  const idByContact = new Map<string, string>();
  for (const u of inserted) {
    if (u.email) idByContact.set(`e:${u.email}`, u.id);
    if (u.phone) idByContact.set(`m:${u.phone}`, u.id);
  }
  return toCreate.map((row) => ({
    row,
    userId: idByContact.get(row.values.email ? `e:${row.values.email}` : `m:${row.values.mobile}`)!,
  }));
}

/**
 * The invitations of addStaffMember (a set-password link and an e-mail in the outbox), written in bulk:
 * createPasswordToken and enqueueEmail take one round trip per row, 5 ms each on PGlite, and 5,000 new
 * trainees would spend most of the import on them.
 */
async function sendInvitations<P extends { userId: string }>(
  tx: DbOrTx,
  people: P[],
  mail: (person: P, link: string) => Email,
  appUrl: string,
  now = new Date(),
) {
  if (!people.length) return;
  const tokens = await createPasswordTokens(
    tx,
    people.map((p) => p.userId),
    "set",
    now,
  );
  await enqueueEmails(
    tx,
    people.map((p, i) => mail(p, `${appUrl}/reset-password/${tokens[i]}`)),
  );
}
