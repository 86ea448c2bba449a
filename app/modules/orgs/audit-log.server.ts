import type { DbOrTx } from "#db/client";
import { type AuditFilter, listAudit } from "~/modules/audit/index.server";
import { namesOf } from "~/modules/auth/index.server";

/**
 * The audit log page of the administration, with each actor's name (null for the system or a deleted
 * account). The audit area sits below auth and cannot name people, so the names come from auth in a
 * second query over the page's few actors.
 */
export async function listAuditWithNames(db: DbOrTx, filter: AuditFilter) {
  const page = await listAudit(db, filter);
  const names = await namesOf(db, page.entries.flatMap((e) => (e.actorId ? [e.actorId] : [])));
  return { ...page, entries: page.entries.map((e) => ({ ...e, actorName: e.actorId ? (names.get(e.actorId) ?? null) : null })) };
}
