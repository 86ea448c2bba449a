import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestLanguage } from "~/i18n/i18n.server";
import { signedCertificatePdf } from "~/modules/certificates/index.server";
import { refuseWithdrawnDownload, requireViewableCertificate } from "~/utils/certificate-route.server";

/** The certificate as a PDF, for its holder, its center's staff and platform admins. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { database, certificate } = await requireViewableCertificate(request, params.certificateId);
  refuseWithdrawnDownload(certificate);
  const pdf = await signedCertificatePdf(
    database,
    certificate,
    (await requestLanguage(request)) === "en" ? "en" : "zh",
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${certificate.serial}.pdf"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
