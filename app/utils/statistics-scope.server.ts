import { z } from "zod";
import { getRegion } from "~/modules/orgs/index.server";
import { requireUser } from "~/utils/auth.server";
import { requireCenter } from "~/utils/center.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

const uuid = z.string().uuid();

/** The signed-in person and the center of a dashboard URL; a malformed id is a 404, another's center a 403. */
export async function requireStatisticsCenter(request: Request, orgId: string | undefined) {
  if (!uuid.safeParse(orgId).success) throw notFound();
  return requireCenter(request, orgId);
}

/** The signed-in person and the region of a dashboard URL, if they may view it (403 otherwise). */
export async function requireStatisticsRegion(request: Request, regionId: string | undefined) {
  const user = await requireUser(request);
  if (!uuid.safeParse(regionId).success) throw notFound();
  const database = await db();
  const region = await getRegion(database, user, regionId!);
  return { user, database, region };
}
