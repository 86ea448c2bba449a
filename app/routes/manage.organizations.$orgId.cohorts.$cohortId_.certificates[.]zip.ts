import { PassThrough, Readable } from "node:stream";
import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { z } from "zod";
import {
  cohortZipEntries,
  pdfRenderer,
  renderCertificatesZip,
  ZIP_RENDER_INLINE_MAX,
} from "~/modules/certificates/index.server";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { requestLanguage, translator } from "~/i18n/i18n.server";

/**
 * The cohort's current certificates as one ZIP of PDFs: the kept PDFs streamed as they are, the few others
 * rendered on the way. When many are still to render, the progress page prepares them first (a job).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const cohortId = z.string().uuid().safeParse(params.cohortId);
  if (!cohortId.success) throw notFound();
  const { cohort, entries, missing } = await cohortZipEntries(database, user, center, cohortId.data);
  // An empty ZIP says nothing; say why instead (the page disables the button in this case).
  if (!entries.length) {
    const t = await translator(await requestLanguage(request));
    return new Response(t("certificates.cohortZipEmpty"), {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  if (missing > ZIP_RENDER_INLINE_MAX)
    throw redirect(`/manage/organizations/${center.id}/cohorts/${cohort.id}/certificates`);
  const output = new PassThrough();
  renderCertificatesZip(entries, output, pdfRenderer()).catch((error: unknown) =>
    output.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  const name = `${cohort.name}-certificates.zip`;
  return new Response(Readable.toWeb(output) as ReadableStream, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="cohort-certificates.zip"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
