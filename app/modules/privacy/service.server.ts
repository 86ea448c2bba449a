import { and, desc, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { privacyConsents, privacyRequests, type PrivacyRequest } from "#db/schema";
import { recordAudit } from "~/modules/audit/index.server";
import { people } from "~/modules/auth/index.server";
import { type FieldFailure, fieldFailure } from "~/utils/failure";
import { singleton } from "~/utils/singleton.server";
import { CURRENT_PRIVACY_VERSION } from "./notice";

type ConsentSource = "signup" | "import" | "prompt";

// People known to have agreed to the current version: a consent is never withdrawn by the app and a new version
// comes only with a new release, so once seen it stays true for this process (saves a query per page).
const consented = () => singleton(`privacy-consented-${CURRENT_PRIVACY_VERSION}`, () => new Set<string>());

/** Records that these people agreed to the current notice (once per person and version). */
export async function recordConsents(
  db: DbOrTx,
  userIds: readonly string[],
  source: ConsentSource,
  recordedBy: string | null = null,
): Promise<void> {
  if (!userIds.length) return;
  // One statement, the ids as one array parameter, skipping who already agreed to this version: values() binds a
  // parameter per cell, and building 20,000 of them for an import of 5,000 people took longer than all its other writes.
  const column = (c: { name: string }) => sql.identifier(c.name);
  await db.execute(sql`
    insert into ${privacyConsents} (${column(privacyConsents.userId)}, ${column(privacyConsents.version)}, ${column(privacyConsents.source)}, ${column(privacyConsents.recordedBy)})
    select distinct ids.id::uuid, ${CURRENT_PRIVACY_VERSION}::text, ${source}::text::consent_source, ${recordedBy}::uuid
    from unnest(${sql.param([...userIds])}::text[]) as ids(id)
    where not exists (
      select 1 from ${privacyConsents}
      where ${privacyConsents.userId} = ids.id::uuid and ${privacyConsents.version} = ${CURRENT_PRIVACY_VERSION}
    )`);
}

export function recordConsent(db: DbOrTx, userId: string, source: ConsentSource, recordedBy: string | null = null) {
  return recordConsents(db, [userId], source, recordedBy);
}

// Each person's first signed-in request in this process asks it (on an exam day, thousands within a minute).
const consentStatement = preparedFor((db) =>
  db
    .select({ id: privacyConsents.id })
    .from(privacyConsents)
    .where(
      and(eq(privacyConsents.userId, sql.placeholder("userId")), eq(privacyConsents.version, CURRENT_PRIVACY_VERSION)),
    )
    .limit(1)
    .prepare("current_privacy_consent"),
);

/** Whether this person agreed to the current version of the notice; else the app asks them first. */
export async function hasCurrentConsent(db: DbOrTx, userId: string): Promise<boolean> {
  const cache = consented();
  if (cache.has(userId)) return true;
  const [row] = await consentStatement(db).execute({ userId });
  if (row) cache.add(userId);
  return Boolean(row);
}

export function consentsOf(db: DbOrTx, userId: string) {
  return db
    .select({
      version: privacyConsents.version,
      source: privacyConsents.source,
      recordedBy: privacyConsents.recordedBy,
      createdAt: privacyConsents.createdAt,
    })
    .from(privacyConsents)
    .where(eq(privacyConsents.userId, userId))
    .orderBy(privacyConsents.createdAt);
}

export function requestsOf(db: DbOrTx, userId: string) {
  return db
    .select({
      id: privacyRequests.id,
      reason: privacyRequests.reason,
      status: privacyRequests.status,
      note: privacyRequests.note,
      decidedAt: privacyRequests.decidedAt,
      createdAt: privacyRequests.createdAt,
    })
    .from(privacyRequests)
    .where(eq(privacyRequests.userId, userId))
    .orderBy(desc(privacyRequests.createdAt));
}

/** A person asks for their personal data to be erased; one open request at a time. */
export async function requestDeletion(
  db: DbOrTx,
  userId: string,
  reason: string,
): Promise<{ ok: true; requestId: string } | FieldFailure> {
  return db.transaction(async (tx) => {
    const [open] = await tx
      .select({ id: privacyRequests.id })
      .from(privacyRequests)
      .where(and(eq(privacyRequests.userId, userId), eq(privacyRequests.status, "open")))
      .for("update");
    if (open) return fieldFailure("reason", "privacy.alreadyRequested");
    const [row] = await tx.insert(privacyRequests).values({ userId, reason }).returning({ id: privacyRequests.id });
    await recordAudit(tx, {
      actorId: userId,
      action: "privacy.deletion_requested",
      targetType: "user",
      targetId: userId,
    });
    return { ok: true as const, requestId: row!.id };
  });
}

/** The requests platform admins work on: open ones first, then the latest decided. */
export function listRequests(db: DbOrTx) {
  return db
    .select({
      id: privacyRequests.id,
      userId: privacyRequests.userId,
      name: people.name,
      email: people.email,
      phone: people.phone,
      reason: privacyRequests.reason,
      status: privacyRequests.status,
      note: privacyRequests.note,
      decidedAt: privacyRequests.decidedAt,
      createdAt: privacyRequests.createdAt,
    })
    .from(privacyRequests)
    .innerJoin(people, eq(people.id, privacyRequests.userId))
    .orderBy(desc(eq(privacyRequests.status, "open")), desc(privacyRequests.createdAt))
    .limit(200);
}

export type RequestDecision = "completed" | "refused";

/**
 * Closes an open request (locked until the transaction ends). A request already closed gives back its state
 * unchanged, so a second click or a retry does nothing twice.
 */
export async function closeRequest(
  tx: DbOrTx,
  input: { requestId: string; decision: RequestDecision; actorId: string; note?: string | null },
): Promise<{ request: PrivacyRequest; changed: boolean } | null> {
  const [request] = await tx
    .select()
    .from(privacyRequests)
    .where(eq(privacyRequests.id, input.requestId))
    .for("update");
  if (!request) return null;
  if (request.status !== "open") return { request, changed: false };
  const [closed] = await tx
    .update(privacyRequests)
    .set({ status: input.decision, note: input.note || null, decidedBy: input.actorId, decidedAt: new Date() })
    .where(eq(privacyRequests.id, input.requestId))
    .returning();
  await recordAudit(tx, {
    actorId: input.actorId,
    action: input.decision === "completed" ? "privacy.deletion_completed" : "privacy.deletion_refused",
    targetType: "user",
    targetId: request.userId,
    after: { requestId: request.id, note: input.note || null },
  });
  return { request: closed!, changed: true };
}
