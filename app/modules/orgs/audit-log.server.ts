import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { memberships } from "#db/schema";
import { type AuditFilter, listAudit } from "~/modules/audit/index.server";
import { accountsByContact, namesOf } from "~/modules/auth/index.server";

/** The audit page's filters as a person types them: an actor by e-mail or mobile, a center by id. */
export interface AuditPageFilter extends Omit<AuditFilter, "actorIds" | "place"> {
  /** The actor's e-mail or mobile number, exactly. */
  actorContact?: string;
  /** Entries by the center's people (staff and trainees) or about the center itself. */
  centerId?: string;
}

/**
 * The audit log page of the administration, with each actor's name (null for the system or a deleted
 * account). The audit area sits below auth and orgs and cannot name people or places, so the names come
 * from auth in a second query over the page's few actors, and a center's people as a subquery of
 * memberships (owned here).
 */
export async function listAuditWithNames(db: DbOrTx, { actorContact, centerId, ...filter }: AuditPageFilter) {
  const query: AuditFilter = { ...filter };
  if (actorContact) {
    const contact = actorContact.trim().toLowerCase();
    query.actorIds = (await accountsByContact(db, { emails: [contact], phones: [contact] })).map((a) => a.id);
  }
  if (centerId)
    query.place = {
      actorIn: sql`select ${memberships.userId} from ${memberships} where ${eq(memberships.organizationId, centerId)}`,
      targetId: centerId,
    };
  const page = await listAudit(db, query);
  const names = await namesOf(
    db,
    page.entries.flatMap((e) => (e.actorId ? [e.actorId] : [])),
  );
  return {
    ...page,
    entries: page.entries.map((e) => ({ ...e, actorName: e.actorId ? (names.get(e.actorId) ?? null) : null })),
  };
}
