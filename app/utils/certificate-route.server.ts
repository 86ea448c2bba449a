import { z } from "zod";
import { certificateForViewer } from "~/modules/certificates/index.server";
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
