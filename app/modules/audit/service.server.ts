import { and, desc, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { auditLog } from "#db/schema";

export interface AuditRecord {
  actorId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  before?: unknown;
  after?: unknown;
}

/** Append one entry; call it inside the transaction that makes the change. */
export async function recordAudit(db: DbOrTx, entry: AuditRecord) {
  await db.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

/** Append many entries in one statement (a spreadsheet's rows); inside the transaction that makes the changes. */
export async function recordAudits(db: DbOrTx, entries: readonly AuditRecord[]) {
  if (!entries.length) return;
  await db.insert(auditLog).values(
    entries.map((entry) => ({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })),
  );
}

export interface AuditFilter {
  action?: string;
  targetType?: string;
  targetId?: string;
  actor?: string;
  /** Entries by any of these people (an empty list matches none), e.g. everyone with an account found by a search. */
  actorIds?: string[];
  /**
   * A place's entries: those by its people (`actorIn`, a subquery of user ids the owner of memberships
   * gives) or about the place itself (`targetId`).
   */
  place?: { actorIn: SQL; targetId: string };
  from?: Date;
  to?: Date;
  page?: number;
}

export const AUDIT_PAGE_SIZE = 50;

/** A page of entries, newest first, with the actors' ids (orgs' listAuditWithNames adds their names). */
export async function listAudit(db: DbOrTx, filter: AuditFilter) {
  const where: SQL[] = [];
  if (filter.action) where.push(eq(auditLog.action, filter.action));
  if (filter.targetType) where.push(eq(auditLog.targetType, filter.targetType));
  if (filter.targetId) where.push(eq(auditLog.targetId, filter.targetId));
  if (filter.actor) where.push(eq(auditLog.actorId, filter.actor));
  if (filter.actorIds) where.push(filter.actorIds.length ? inArray(auditLog.actorId, filter.actorIds) : sql`false`);
  if (filter.place)
    where.push(
      or(sql`${auditLog.actorId} in (${filter.place.actorIn})`, eq(auditLog.targetId, filter.place.targetId))!,
    );
  if (filter.from) where.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) where.push(lt(auditLog.createdAt, filter.to));
  const page = Math.max(1, filter.page ?? 1);
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
    })
    .from(auditLog)
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE);
  return { entries: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE, page };
}

/** The kinds of object the log names (user, cohort, certificate …), for the object filter. */
export async function listAuditTargetTypes(db: DbOrTx) {
  const rows = await db.selectDistinct({ targetType: auditLog.targetType }).from(auditLog).orderBy(auditLog.targetType);
  return rows.map((r) => r.targetType);
}

export async function listAuditActions(db: DbOrTx) {
  const rows = await db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}
