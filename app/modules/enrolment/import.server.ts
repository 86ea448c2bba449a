import { createHash } from "node:crypto";
import { and, count, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { cohortMembers, cohorts, emailOutbox, enrolmentImports, memberships, passwordTokens, traineeProfiles, users } from "#db/schema";
import { translator } from "~/i18n/i18n.server";
import { recordAudit } from "~/modules/audit/index.server";
import { requirePermission } from "~/modules/auth/index.server";
import type { SessionUser } from "~/modules/auth/index.server";
import { hashSecret, randomToken } from "~/modules/auth/index.server";
import type { Email } from "~/modules/mail/index.server";
import { readTable, type ReadTableError } from "~/modules/spreadsheets/index.server";
import { mapHeaders, validateTraineeRows, type TraineeRow } from "~/modules/spreadsheets";
import { isUniqueViolation, notFound } from "~/utils/errors.server";
import { insertColumns } from "./bulk-insert.server";
import { planImport, type AccountLookup, type ExistingAccount, type ImportPlan, type ImportTarget, type PlannedRow } from "./plan";

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

// Rows per multi-row INSERT: 5 columns × 1,000 rows stays far below PostgreSQL's 65,535 parameters.
const INSERT_CHUNK = 1000;
// Set-password links are valid as long as those of staff invitations (auth's SET_PASSWORD_TOKEN_MS).
const SET_PASSWORD_LINK_MS = 7 * 24 * 60 * 60 * 1000;

/** Reads an uploaded file into validated trainee rows (or says what is wrong with the whole file). */
export async function readTraineeFile(file: ImportFile): Promise<{ ok: true; rows: TraineeRow[]; sha256: string } | { ok: false; failure: FileFailure }> {
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
  const query = db
    .select({ id: cohorts.id, capacity: cohorts.capacity, closedAt: cohorts.closedAt })
    .from(cohorts)
    .where(and(eq(cohorts.id, cohortId), eq(cohorts.centerId, centerId)));
  // Locking the cohort row serialises imports and additions into it, so its capacity holds.
  const [cohort] = lock ? await query.for("update") : await query;
  if (!cohort) throw notFound();
  const [members] = await db.select({ n: count() }).from(cohortMembers).where(eq(cohortMembers.cohortId, cohortId));
  return { centerId, cohort: { id: cohort.id, capacity: cohort.capacity, memberCount: Number(members?.n ?? 0), closed: cohort.closedAt !== null } };
}

/** One query for every contact in the file, one for their trainee roles, one for the cohort's members. */
export async function lookupAccounts(db: DbOrTx, rows: TraineeRow[], cohortId: string | null): Promise<AccountLookup> {
  const usable = rows.filter((r) => r.errors.length === 0);
  const emails = [...new Set(usable.map((r) => r.values.email).filter(Boolean))];
  const mobiles = [...new Set(usable.map((r) => r.values.mobile).filter(Boolean))];
  const lookup: AccountLookup = { byEmail: new Map(), byMobile: new Map() };
  if (!emails.length && !mobiles.length) return lookup;
  const found = await db
    .select({ id: users.id, name: users.name, email: users.email, phone: users.phone })
    .from(users)
    .where(or(emails.length ? inArray(users.email, emails) : undefined, mobiles.length ? inArray(users.phone, mobiles) : undefined));
  if (!found.length) return lookup;
  const ids = found.map((u) => u.id);
  const [roles, inCohort] = [
    await db
      .select({ userId: memberships.userId, centerId: memberships.organizationId })
      .from(memberships)
      .where(and(eq(memberships.role, "trainee"), inArray(memberships.userId, ids))),
    cohortId
      ? await db.select({ userId: cohortMembers.userId }).from(cohortMembers).where(and(eq(cohortMembers.cohortId, cohortId), inArray(cohortMembers.userId, ids)))
      : [],
  ];
  const cohortSet = new Set(inCohort.map((m) => m.userId));
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
export async function dryRunImport(db: DbOrTx, actor: Actor, center: ImportCenter, input: { file: ImportFile; cohortId: string | null }): Promise<DryRun> {
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
      if (summary.created + summary.linked + summary.addedToCohort === 0) return { ok: true, importId: null, cohortId: input.cohortId, summary };

      const created = await createAccounts(tx, plan.rows);
      const linked = plan.rows.flatMap((r) => (r.action?.kind === "link" ? [{ row: r, action: r.action }] : []));
      // A trainee who named no center at sign-up keeps that one trainee role, now at this center.
      const claiming = linked.filter((l) => l.action.claimsSignUp).map((l) => l.action.userId);
      for (const ids of chunks(claiming, INSERT_CHUNK))
        await tx
          .update(memberships)
          .set({ organizationId: center.id })
          .where(and(eq(memberships.role, "trainee"), isNull(memberships.organizationId), inArray(memberships.userId, ids)));
      const joining = [...created, ...linked.map((l) => ({ row: l.row, userId: l.action.userId }))];
      const claimed = new Set(claiming);
      const newRoles = joining.filter((j) => !claimed.has(j.userId));
      await insertColumns(
        tx,
        memberships,
        [
          { name: memberships.userId.name, type: "uuid", values: newRoles.map((j) => j.userId) },
          { name: memberships.role.name, type: "role", values: newRoles.map(() => "trainee") },
          { name: memberships.organizationId.name, type: "uuid", values: newRoles.map(() => center.id) },
        ],
        sql`on conflict do nothing`,
      );
      // What a linked person already told about their work is kept; the file fills in only what is missing.
      const profiles = joining.filter((j) => j.row.values.employer || j.row.values.jobTitle);
      await insertColumns(
        tx,
        traineeProfiles,
        [
          { name: traineeProfiles.userId.name, type: "uuid", values: profiles.map((j) => j.userId) },
          { name: traineeProfiles.employer.name, type: "text", values: profiles.map((j) => j.row.values.employer || null) },
          { name: traineeProfiles.jobTitle.name, type: "text", values: profiles.map((j) => j.row.values.jobTitle || null) },
        ],
        sql`on conflict do nothing`,
      );
      if (target.cohort) {
        const cohortId = target.cohort.id;
        const joiningCohort = [...joining.map((j) => j.userId), ...plan.rows.flatMap((r) => (r.action?.kind === "join_cohort" ? [r.action.userId] : []))];
        await insertColumns(
          tx,
          cohortMembers,
          [
            { name: cohortMembers.cohortId.name, type: "uuid", values: joiningCohort.map(() => cohortId) },
            { name: cohortMembers.userId.name, type: "uuid", values: joiningCohort },
            { name: cohortMembers.addedBy.name, type: "uuid", values: joiningCohort.map(() => actor.id) },
          ],
          sql`on conflict do nothing`,
        );
      }
      const invited = created.filter((c) => c.row.values.email);
      await sendInvitations(
        tx,
        invited.map(({ row, userId }) => ({ userId, email: row.values.email, name: row.values.name })),
        (p, link) => ({ to: p.email, subject: t("enrolment.email.subject"), text: t("enrolment.email.body", { name: p.name, center: center.nameZh, link }) }),
        input.appUrl,
      );

      const [record] = await tx
        .insert(enrolmentImports)
        .values({ centerId: center.id, cohortId: input.cohortId, fileName: fileName.slice(0, 255), fileSha256: read.sha256, rows: JSON.stringify(summary), importedBy: actor.id })
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
  const inserted = await insertColumns<{ id: string; email: string | null; phone: string | null }>(
    tx,
    users,
    [
      { name: users.name.name, type: "text", values: toCreate.map((r) => r.values.name) },
      { name: users.email.name, type: "text", values: toCreate.map((r) => r.values.email || null) },
      { name: users.phone.name, type: "text", values: toCreate.map((r) => r.values.mobile || null) },
    ],
    sql`returning ${sql.identifier(users.id.name)} as id, ${sql.identifier(users.email.name)} as email, ${sql.identifier(users.phone.name)} as phone`,
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
 * The invitations of addStaffMember (a set-password token and an e-mail in the outbox), written in
 * bulk: createPasswordToken and enqueueEmail take one round trip per row, 5 ms each on PGlite, and
 * 5,000 new trainees would spend most of the import on them. Same token recipe (auth/tokens.server).
 */
async function sendInvitations<P extends { userId: string }>(tx: DbOrTx, people: P[], mail: (person: P, link: string) => Email, appUrl: string, now = new Date()) {
  const expiresAt = new Date(now.getTime() + SET_PASSWORD_LINK_MS).toISOString();
  const tokens = people.map(() => randomToken());
  await insertColumns(tx, passwordTokens, [
    { name: passwordTokens.userId.name, type: "uuid", values: people.map((p) => p.userId) },
    { name: passwordTokens.purpose.name, type: "password_token_purpose", values: people.map(() => "set") },
    { name: passwordTokens.tokenHash.name, type: "text", values: tokens.map((token) => Buffer.from(hashSecret(token)).toString("hex")), read: (v) => sql`decode(${v}, 'hex')` },
    { name: passwordTokens.expiresAt.name, type: "timestamptz", values: people.map(() => expiresAt) },
  ]);
  const mails = people.map((p, i) => mail(p, `${appUrl}/reset-password/${tokens[i]}`));
  await insertColumns(tx, emailOutbox, [
    { name: emailOutbox.to.name, type: "text", values: mails.map((m) => m.to) },
    { name: emailOutbox.subject.name, type: "text", values: mails.map((m) => m.subject) },
    { name: emailOutbox.text.name, type: "text", values: mails.map((m) => m.text) },
  ]);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The center's open cohorts, newest first, for the import form's choice of target. */
export async function openCohortsOfCenter(db: DbOrTx, actor: Actor, centerId: string) {
  requirePermission(actor, "manage:center", { centerId });
  const memberCounts = db
    .select({ cohortId: cohortMembers.cohortId, members: count().as("members") })
    .from(cohortMembers)
    .groupBy(cohortMembers.cohortId)
    .as("member_counts");
  const rows = await db
    .select({ id: cohorts.id, name: cohorts.name, capacity: cohorts.capacity, members: memberCounts.members, startsOn: cohorts.startsOn })
    .from(cohorts)
    .leftJoin(memberCounts, eq(memberCounts.cohortId, cohorts.id))
    .where(and(eq(cohorts.centerId, centerId), isNull(cohorts.closedAt)));
  return rows
    .map((r) => ({ id: r.id, name: r.name, capacity: r.capacity, members: Number(r.members ?? 0), startsOn: r.startsOn }))
    .sort((a, b) => b.startsOn.localeCompare(a.startsOn) || a.name.localeCompare(b.name));
}
