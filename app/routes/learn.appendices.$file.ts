import type { LoaderFunctionArgs } from "@remix-run/node";
import { appendixDisposition, appendixDownload } from "~/modules/content/index.server";
import { requireUser } from "~/utils/auth.server";
import { notFound } from "~/utils/errors.server";

/**
 * /learn/appendices/<slug>.md — a practitioner template of content/appendices/ as a Markdown download, for
 * anyone signed in (the course pages that list them are for trainees; staff and instructors use them too).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const match = /^(.+)\.md$/.exec(params.file ?? "");
  const download = match ? await appendixDownload(match[1]!) : null;
  if (!download) throw notFound();
  return new Response(download.text, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": appendixDisposition(download),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-cache",
    },
  });
}
