import type { LoaderFunctionArgs } from "@remix-run/node";
import { achievementBadgePng, achievementOf } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

/** The level's badge image as PNG (rendered from the SVG), the `image` of its Achievement. Public. */
export async function loader({ params }: LoaderFunctionArgs) {
  const achievement = await achievementOf(await db(), params.level ?? "");
  if (!achievement) throw notFound();
  return new Response(new Uint8Array(achievementBadgePng(achievement)), {
    headers: {
      "Content-Type": "image/png",
      "Cache-Control": "public, max-age=3600",
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
