import { z } from "zod";
import { certificateForViewer, downloadRefusal, type CertificateStatus } from "~/modules/certificates/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

/** The signed-in viewer and the certificate a /certificates/:certificateId/… route is about. */
export async function requireViewableCertificate(request: Request, certificateId: string | undefined) {
  const user = await requireUser(request);
  const id = z.string().uuid().safeParse(certificateId);
  if (!id.success) throw notFound();
  const database = await db();
  return { user, database, certificate: await certificateForViewer(database, user, id.data) };
}

/**
 * A revoked or superseded certificate's files are not handed out with a fresh signature: 410 with a
 * bilingual plain-text reason (已撤销 / REVOKED), thrown so the download route stops here.
 */
export function refuseWithdrawnDownload(certificate: { status: CertificateStatus }) {
  const refusal = downloadRefusal(certificate);
  if (refusal)
    throw new Response(refusal.message, {
      status: refusal.status,
      headers: {
        "Content-Type": "text/plain; charset=utf-8",
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
}
