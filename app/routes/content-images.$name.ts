import type { LoaderFunctionArgs } from "@remix-run/node";
import { readLessonImage } from "~/modules/content/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

/**
 * A lesson picture. Its address is the SHA-256 of its bytes, so it never changes and may be cached for a
 * year; the type is the one read from its bytes at upload, and nosniff keeps the browser to it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const image = await readLessonImage(await db(), params.name ?? "");
  if (!image) throw notFound();
  return new Response(new Uint8Array(image.data), {
    headers: {
      "Content-Type": image.mediaType,
      "Content-Length": String(image.data.byteLength),
      "Cache-Control": "private, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
