import { homePlaces, type SessionUser } from "~/modules/orgs/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { db } from "./db.server";
import { notFound } from "./errors.server";

/** Level and scope of the item-statistics page and its export: a center's staff see their center. */
export async function examStatsRequest(request: Request, user: SessionUser) {
  const url = new URL(request.url);
  const database = await db();
  const levels = (await loadLevels(database)).filter((l) => l.config.exam);
  const levelSlug = levels.some((l) => l.slug === url.searchParams.get("level"))
    ? url.searchParams.get("level")!
    : (levels[0]?.slug ?? "");
  const places = homePlaces(user);
  const asked = url.searchParams.get("center");
  // A center that is not a UUID names no center: 404, not a database error (found by the fuzz suite).
  if (asked && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(asked)) throw notFound();
  const centerId = asked || (places.platformAdmin ? undefined : places.centerIds[0]);
  return { database, levels, levelSlug, centerId };
}
