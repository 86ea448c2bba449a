import { PassThrough, Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import {
  cohortCertificates,
  pdfRenderer,
  renderCertificatesZip,
  signedZipEntries,
} from "~/modules/certificates/index.server";
import { requireCenter } from "~/utils/center.server";
import { notFound } from "~/utils/errors.server";
import { requestLanguage, translator } from "~/i18n/i18n.server";

/** The cohort's current certificates as one ZIP of PDFs, streamed as they render. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center } = await requireCenter(request, params.orgId);
  const cohortId = z.string().uuid().safeParse(params.cohortId);
  if (!cohortId.success) throw notFound();
  const { cohort, certificates } = await cohortCertificates(database, user, center, cohortId.data);
  // An empty ZIP says nothing; say why instead (the page disables the button in this case).
  if (!certificates.length) {
    const t = await translator(await requestLanguage(request));
    return new Response(t("certificates.cohortZipEmpty"), {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  const output = new PassThrough();
  const entries = await signedZipEntries(
    database,
    certificates.map((c) => ({
      id: c.id,
      record: c.record,
      centerId: c.centerId,
      fileName: `${c.serial}-${c.record.holderName}.pdf`,
    })),
  );
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
