import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificateBadge } from "~/modules/certificates/index.server";
import { refuseWithdrawnDownload, requireViewableCertificate } from "~/utils/certificate-route.server";
import { notFound } from "~/utils/errors.server";

/** The holder's Open Badges 3.0 credential (VC-JWT) for this certificate. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, certificate } = await requireViewableCertificate(request, params.certificateId);
  if (certificate.userId !== user.id) throw notFound();
  refuseWithdrawnDownload(certificate);
  return new Response(await certificateBadge(database, certificate), {
    headers: {
      "Content-Type": "application/vc+jwt",
      "Content-Disposition": `attachment; filename="${certificate.serial}.jwt"`,
      "Cache-Control": "private, no-store",
    },
  });
}
