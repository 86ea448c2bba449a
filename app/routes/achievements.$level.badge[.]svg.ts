import type { LoaderFunctionArgs } from "@remix-run/node";
import { achievementBadgeSvg, achievementOf } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

/** The level's badge image (SVG), named by its Achievement. Public. */
export async function loader({ params }: LoaderFunctionArgs) {
  const achievement = await achievementOf(await db(), params.level ?? "");
  if (!achievement) throw notFound();
  return new Response(achievementBadgeSvg(achievement), {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
