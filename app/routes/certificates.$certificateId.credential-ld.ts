import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificateBadgeWithProof } from "~/modules/certificates/index.server";
import { refuseWithdrawnDownload, requireViewableCertificate } from "~/utils/certificate-route.server";
import { notFound } from "~/utils/errors.server";

/** The holder's Open Badges 3.0 credential with an embedded Data Integrity proof (eddsa-rdfc-2022), for wallets. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, certificate } = await requireViewableCertificate(request, params.certificateId);
  if (certificate.userId !== user.id) throw notFound();
  refuseWithdrawnDownload(certificate);
  const credential = await certificateBadgeWithProof(database, certificate);
  return new Response(JSON.stringify(credential, null, 2), {
    headers: {
      // VC Data Model 2.0's media type for a credential secured with an embedded proof.
      "Content-Type": "application/vc",
      "Content-Disposition": `attachment; filename="${certificate.serial}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
