import { issuerProfile } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";

/**
 * The issuer Profile that badges name (Open Badges 3.0). It is also the controller document of the
 * issuer's Ed25519 keys: a Data Integrity proof's verificationMethod (/issuer#key-…) is found here.
 */
export async function loader() {
  return Response.json(await issuerProfile(await db()), {
    headers: {
      "Content-Type": "application/ld+json",
      "Cache-Control": "public, max-age=3600",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
