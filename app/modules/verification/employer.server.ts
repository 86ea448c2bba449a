import { z } from "zod";
import type { DbOrTx } from "#db/client";
import { getOrganization, type SessionUser } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";

type Actor = Pick<SessionUser, "id" | "memberships">;

const uuid = z.string().uuid();

/**
 * The employer an /manage/organizations/:orgId/… verification screen is about. Only that employer's
 * own staff and platform admins pass (view:employer); any other kind of organization is not found.
 */
export async function employerOrganization(db: DbOrTx, actor: Actor, organizationId: string | undefined) {
  const id = uuid.safeParse(organizationId);
  if (!id.success) throw notFound();
  const organization = await getOrganization(db, actor, id.data);
  if (organization.kind !== "employer") throw notFound();
  return { id: organization.id, nameZh: organization.nameZh, nameEn: organization.nameEn };
}
