import { getOrganization } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

/** The signed-in person and the training center a /manage/organizations/:orgId/… route is about. */
export async function requireCenter(request: Request, orgId: string | undefined) {
  const user = await requireUser(request);
  const database = await db();
  const organization = await getOrganization(database, user, orgId ?? "");
  if (organization.kind !== "training_center") throw notFound();
  return {
    user,
    database,
    center: {
      id: organization.id,
      regionId: organization.regionId,
      nameZh: organization.nameZh,
      nameEn: organization.nameEn,
    },
  };
}
