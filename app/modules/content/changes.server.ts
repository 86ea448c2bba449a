/**
 * The change workflow of the curriculum made in the app (issue 11, docs/authoring.md).
 *
 * Every change is a row of content_changes: a draft with its payload and the version of its target it was
 * made against; its author submits it; a reviewer (never the author) approves it or returns it with a
 * comment; a platform admin publishes it, which applies the payload in one transaction and makes a new
 * version of the target. Saving or publishing against a base that is no longer current is refused
 * ("changed since you opened it"), and so is saving a draft someone else saved since it was opened
 * (the draft's revision). Every step is audited.
 *
 * How a new kind of change plugs in: write a `ChangeKind` (./change-kind.ts — parse the payload, tell the
 * target's current version, apply it, render a version as text for the diff), add it to CHANGE_KINDS in
 * ./change-kinds.server.ts under a new kind name, and call saveDraft({ kind: "<name>", … }) from a route.
 * Nothing here needs to change.
 */
import { createHash } from "node:crypto";
import { and, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { contentChanges, type ContentChangeRow } from "#db/schema";
import { recordAudit, recordAudits } from "~/modules/audit/index.server";
import { people } from "~/modules/auth/index.server";
import { can, type Membership, requirePermission } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import { isUuid } from "~/utils/ids";
import { failure, type Failure, fieldFailure } from "~/utils/failure";
import type { ChangeAction, ChangeCheck, ChangeKind } from "./change-kind";
import { changeKind, type ChangeKindName } from "./change-kinds.server";
import { canonical } from "./question-input";

type Actor = { id: string; memberships: readonly Membership[] };

export const CHANGE_STATUSES = ["draft", "submitted", "approved", "returned", "published", "withdrawn"] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export const payloadHash = (payload: unknown) => createHash("sha256").update(canonical(payload)).digest("hex");

/** A refusal raised inside a transaction so that it rolls back, turned back into a Failure outside. */
class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

async function refusing<T>(work: () => Promise<T>): Promise<T | Failure> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    throw error;
  }
}

const STALE = "authoring.problems.stale";

export interface SaveDraftInput {
  kind: ChangeKindName;
  action: ChangeAction;
  /** The thing changed; omitted for a "create". */
  targetId?: string | null;
  /** The target's version the author opened (for update and retire). */
  baseVersion?: number | null;
  payload: unknown;
  /** Saving an existing draft: its id and the revision the author opened. */
  changeId?: string;
  revision?: number;
}

/** Saves a new or existing draft. Returns the change, or a refusal (invalid payload, stale base or draft). */
export async function saveDraft(
  db: DbOrTx,
  actor: Actor,
  input: SaveDraftInput,
  now = new Date(),
): Promise<{ ok: true; change: ContentChangeRow } | Failure> {
  requirePermission(actor, "author:content");
  const kind = changeKind(input.kind);
  const parsed = kind.parse(input.action, input.payload);
  if (!parsed.ok) return parsed;
  const targetId = input.action === "create" ? null : (input.targetId ?? null);
  if (input.action !== "create" && !targetId) return failure("authoring.problems.noTarget");
  return refusing(() =>
    db.transaction(async (tx) => {
      let baseVersion: number | null = null;
      if (targetId) {
        const current = await kind.currentVersion(tx, targetId);
        if (current === null) throw notFound();
        if (input.baseVersion !== undefined && input.baseVersion !== null && input.baseVersion !== current) throw new Refusal(failure(STALE));
        baseVersion = input.baseVersion ?? current;
      }
      const values = {
        payload: parsed.value as unknown,
        payloadHash: payloadHash(parsed.value),
        targetLabel: (await kind.label(tx, input.action, targetId, parsed.value)).slice(0, 300),
        updatedAt: now,
      };
      let change: ContentChangeRow;
      if (input.changeId) {
        const existing = await lockChange(tx, input.changeId);
        if (existing.authorId !== actor.id) throw new Refusal(failure("authoring.problems.notAuthor"));
        if (existing.status !== "draft" && existing.status !== "returned") throw new Refusal(failure("authoring.problems.notEditable"));
        if (input.revision !== existing.revision) throw new Refusal(failure(STALE));
        if (existing.targetId && (await kind.currentVersion(tx, existing.targetId)) !== existing.baseVersion) throw new Refusal(failure(STALE));
        const [updated] = await tx
          .update(contentChanges)
          .set({ ...values, status: "draft", revision: existing.revision + 1 })
          .where(eq(contentChanges.id, existing.id))
          .returning();
        change = updated!;
      } else {
        const [inserted] = await tx
          .insert(contentChanges)
          .values({ ...values, kind: input.kind, action: input.action, targetId, baseVersion, authorId: actor.id, createdAt: now })
          .returning();
        change = inserted!;
      }
      await audit(tx, actor, "content_change.save", change, { action: input.action, label: change.targetLabel, revision: change.revision });
      return { ok: true as const, change };
    }),
  );
}

/**
 * Many new drafts at once (the question import's commit), each checked as `saveDraft` checks a new one, written in
 * a few multi-row statements — one round trip per 500 rows instead of four per row. Call it inside the caller's
 * transaction: a refusal names the input (`index`) and the caller rolls everything back.
 */
export async function saveNewDrafts(
  tx: DbOrTx,
  actor: Actor,
  inputs: readonly Omit<SaveDraftInput, "changeId" | "revision">[],
  now = new Date(),
): Promise<{ ok: true; changes: ContentChangeRow[] } | (Failure & { index: number })> {
  requirePermission(actor, "author:content");
  const values: (typeof contentChanges.$inferInsert)[] = [];
  for (const [index, input] of inputs.entries()) {
    const kind = changeKind(input.kind);
    const parsed = kind.parse(input.action, input.payload);
    if (!parsed.ok) return { ...parsed, index };
    const targetId = input.action === "create" ? null : (input.targetId ?? null);
    if (input.action !== "create" && !targetId) return { ...failure("authoring.problems.noTarget"), index };
    let baseVersion: number | null = null;
    if (targetId) {
      const current = await kind.currentVersion(tx, targetId);
      if (current === null) return { ...failure("errors.notFound"), index };
      if (input.baseVersion !== undefined && input.baseVersion !== null && input.baseVersion !== current) return { ...failure(STALE), index };
      baseVersion = input.baseVersion ?? current;
    }
    values.push({
      payload: parsed.value as unknown,
      payloadHash: payloadHash(parsed.value),
      targetLabel: (await kind.label(tx, input.action, targetId, parsed.value)).slice(0, 300),
      updatedAt: now,
      kind: input.kind,
      action: input.action,
      targetId,
      baseVersion,
      authorId: actor.id,
      createdAt: now,
    });
  }
  const changes: ContentChangeRow[] = [];
  for (let start = 0; start < values.length; start += 500) {
    const inserted = await tx.insert(contentChanges).values(values.slice(start, start + 500)).returning();
    await recordAudits(
      tx,
      inserted.map((change) => ({
        actorId: actor.id,
        action: "content_change.save",
        targetType: "content_change",
        targetId: change.id,
        after: { kind: change.kind, action: change.action, label: change.targetLabel, revision: change.revision },
      })),
    );
    changes.push(...inserted);
  }
  return { ok: true, changes };
}

async function lockChange(tx: DbOrTx, id: string) {
  const [row] = await tx.select().from(contentChanges).where(eq(contentChanges.id, id)).for("update");
  if (!row) throw notFound();
  return row;
}

function audit(tx: DbOrTx, actor: Actor, action: string, change: ContentChangeRow, after: Record<string, unknown>) {
  return recordAudit(tx, { actorId: actor.id, action, targetType: "content_change", targetId: change.id, after: { kind: change.kind, ...after } });
}

/** What a kind's check says of a change's would-be state (nothing to say for kinds without a check). */
async function checkChange(db: DbOrTx, row: Pick<ContentChangeRow, "kind" | "action" | "targetId" | "payload">): Promise<ChangeCheck> {
  const kind = changeKind(row.kind as ChangeKindName);
  if (!kind.check) return { refusal: null, warnings: [] };
  return kind.check(db, { action: row.action as ChangeAction, targetId: row.targetId, payload: row.payload });
}

/** The author hands the draft to the reviewers; a change whose would-be state the kind refuses stays a draft. */
export async function submitChange(db: DbOrTx, actor: Actor, id: string, now = new Date()) {
  requirePermission(actor, "author:content");
  return transition(db, actor, id, now, async (row, tx) => {
    if (row.authorId !== actor.id) return failure("authoring.problems.notAuthor");
    if (row.status !== "draft" && row.status !== "returned") return failure("authoring.problems.notEditable");
    const { refusal } = await checkChange(tx, row);
    if (refusal) return refusal;
    return { status: "submitted" as const };
  });
}

/** The author takes back a change not yet published. */
export async function withdrawChange(db: DbOrTx, actor: Actor, id: string, now = new Date()) {
  requirePermission(actor, "author:content");
  return transition(db, actor, id, now, (row) => {
    if (row.authorId !== actor.id) return failure("authoring.problems.notAuthor");
    if (row.status === "published" || row.status === "withdrawn") return failure("authoring.problems.notEditable");
    return { status: "withdrawn" as const };
  });
}

/** A reviewer approves or returns (with a comment) a submitted change; never their own. */
export async function reviewChange(
  db: DbOrTx,
  actor: Actor,
  id: string,
  decision: { approve: boolean; comment?: string },
  now = new Date(),
) {
  requirePermission(actor, "review:content");
  const comment = decision.comment?.trim() ?? "";
  if (!decision.approve && !comment) return fieldFailure("comment", "authoring.problems.commentRequired");
  return transition(db, actor, id, now, (row) => {
    if (row.authorId === actor.id) return failure("authoring.problems.ownChange");
    if (row.status !== "submitted") return failure("authoring.problems.notSubmitted");
    return {
      status: decision.approve ? ("approved" as const) : ("returned" as const),
      reviewerId: actor.id,
      reviewComment: comment || null,
      reviewedAt: now,
    };
  });
}

async function transition(
  db: DbOrTx,
  actor: Actor,
  id: string,
  now: Date,
  decide: (row: ContentChangeRow, tx: DbOrTx) => Failure | (Partial<ContentChangeRow> & { status: ChangeStatus }) | Promise<Failure | (Partial<ContentChangeRow> & { status: ChangeStatus })>,
): Promise<{ ok: true; change: ContentChangeRow } | Failure> {
  return refusing(() =>
    db.transaction(async (tx) => {
      const row = await lockChange(tx, id);
      const next = await decide(row, tx);
      if ("ok" in next) throw new Refusal(next);
      const [change] = await tx.update(contentChanges).set({ ...next, updatedAt: now }).where(eq(contentChanges.id, id)).returning();
      await audit(tx, actor, `content_change.${next.status}`, change!, { label: row.targetLabel, comment: next.reviewComment ?? undefined });
      return { ok: true as const, change: change! };
    }),
  );
}

/**
 * A platform admin publishes an approved change: the kind applies the payload and makes a new version, in
 * one transaction with the change's own row and the audit entry. A base that moved since is refused.
 */
export async function publishChange(db: DbOrTx, actor: Actor, id: string, now = new Date()) {
  requirePermission(actor, "publish:content");
  return refusing(() =>
    db.transaction(async (tx) => {
      const row = await lockChange(tx, id);
      if (row.status !== "approved") throw new Refusal(failure("authoring.problems.notApproved"));
      const kind = changeKind(row.kind as ChangeKindName);
      if (row.targetId && (await kind.currentVersion(tx, row.targetId)) !== row.baseVersion) throw new Refusal(failure(STALE));
      // The curriculum may have moved since the change was submitted (another change published): check again.
      const { refusal } = await checkChange(tx, row);
      if (refusal) throw new Refusal(refusal);
      const applied = await kind.apply(tx, { id: row.id, action: row.action as ChangeAction, targetId: row.targetId, payload: row.payload }, now);
      if (!applied.ok) throw new Refusal(applied);
      const [change] = await tx
        .update(contentChanges)
        .set({ status: "published", targetId: applied.targetId, resultVersion: applied.version, publishedBy: actor.id, publishedAt: now, updatedAt: now })
        .where(eq(contentChanges.id, id))
        .returning();
      await audit(tx, actor, "content_change.published", change!, { label: row.targetLabel, targetId: applied.targetId, version: applied.version });
      return { ok: true as const, change: change! };
    }),
  );
}

export interface ChangeFilter {
  kind?: ChangeKindName;
  statuses?: ChangeStatus[];
  targetId?: string;
}

/** The changes people working on content see, newest first, with the author's and reviewer's names. */
export async function listChanges(db: DbOrTx, actor: Actor, filter: ChangeFilter = {}, limit = 200) {
  requireContentAccess(actor);
  const where: SQL[] = [];
  if (filter.kind) where.push(eq(contentChanges.kind, filter.kind));
  if (filter.statuses?.length) where.push(inArray(contentChanges.status, filter.statuses));
  if (filter.targetId) where.push(eq(contentChanges.targetId, filter.targetId));
  const rows = await db
    .select({
      id: contentChanges.id,
      kind: contentChanges.kind,
      action: contentChanges.action,
      targetId: contentChanges.targetId,
      targetLabel: contentChanges.targetLabel,
      status: contentChanges.status,
      authorId: contentChanges.authorId,
      authorName: people.name,
      reviewComment: contentChanges.reviewComment,
      updatedAt: contentChanges.updatedAt,
      resultVersion: contentChanges.resultVersion,
    })
    .from(contentChanges)
    .innerJoin(people, eq(people.id, contentChanges.authorId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(contentChanges.updatedAt))
    .limit(limit);
  return rows;
}

/** Who may see the authoring screens: editors, reviewers and platform admins. */
export function requireContentAccess(actor: Actor) {
  if (!can(actor, "author:content") && !can(actor, "review:content")) requirePermission(actor, "publish:content");
}

/** One change with what each person may do with it now, and its diff against the version it was made on. */
export async function getChange(db: DbOrTx, actor: Actor, id: string) {
  requireContentAccess(actor);
  if (!isUuid(id)) throw notFound();
  const [row] = await db.select().from(contentChanges).where(eq(contentChanges.id, id));
  if (!row) throw notFound();
  const kind = changeKind(row.kind as ChangeKindName) as ChangeKind<unknown>;
  // A new item has no "before"; an edit or retirement is shown against the version it was made on.
  const before = row.targetId && row.baseVersion !== null ? await kind.snapshot(db, row.targetId, row.baseVersion) : null;
  const after =
    row.action === "retire" ? "" : row.status === "published" && row.targetId ? await kind.snapshot(db, row.targetId, row.resultVersion) : kind.render(row.payload);
  const names = await db
    .select({ id: people.id, name: people.name })
    .from(people)
    .where(inArray(people.id, [row.authorId, row.reviewerId, row.publishedBy].filter((x): x is string => !!x)));
  const nameOf = (userId: string | null) => names.find((n) => n.id === userId)?.name ?? null;
  const open = row.status === "draft" || row.status === "returned";
  const check = row.status === "published" || row.status === "withdrawn" ? { refusal: null, warnings: [] } : await checkChange(db, row);
  return {
    check,
    change: { ...row, authorName: nameOf(row.authorId), reviewerName: nameOf(row.reviewerId), publisherName: nameOf(row.publishedBy) },
    before: before ?? "",
    after: after ?? "",
    may: {
      edit: open && row.authorId === actor.id,
      submit: open && row.authorId === actor.id,
      withdraw: row.authorId === actor.id && row.status !== "published" && row.status !== "withdrawn",
      review: row.status === "submitted" && row.authorId !== actor.id && can(actor, "review:content"),
      publish: row.status === "approved" && can(actor, "publish:content"),
    },
  };
}
