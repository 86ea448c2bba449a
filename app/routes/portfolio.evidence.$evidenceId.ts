import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { evidenceForDownload } from "~/modules/portfolio/index.server";
import { attachmentDisposition } from "~/modules/portfolio";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

/**
 * An evidence file, for its owner, the staff of the owner's center, the region's admins and platform
 * admins. Always a download of the type read from its bytes at upload, never rendered in the page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const evidenceId = z.string().uuid().safeParse(params.evidenceId);
  if (!evidenceId.success) throw notFound();
  const file = await evidenceForDownload(await db(), user, evidenceId.data);
  return new Response(new Uint8Array(file.data), {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Length": String(file.data.byteLength),
      "Content-Disposition": attachmentDisposition(file.fileName),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cache-Control": "private, no-store",
    },
  });
}
