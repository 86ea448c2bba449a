import { homePlaces } from "~/modules/orgs/index.server";
import type { SessionUser } from "~/modules/orgs/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { db } from "./db.server";

/** Level and scope of the item-statistics page and its export: a center's staff see their center. */
export async function examStatsRequest(request: Request, user: SessionUser) {
  const url = new URL(request.url);
  const database = await db();
  const levels = (await loadLevels(database)).filter((l) => l.config.exam);
  const levelSlug = levels.some((l) => l.slug === url.searchParams.get("level")) ? url.searchParams.get("level")! : levels[0]?.slug ?? "";
  const places = homePlaces(user);
  const centerId = url.searchParams.get("center") || (places.platformAdmin ? undefined : places.centerIds[0]);
  return { database, levels, levelSlug, centerId };
}
