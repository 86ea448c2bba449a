import { revocationStatusList } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";

/** The revocation status list every badge points to, signed (VC-JWT). Public; short cache so revocations show fast. */
export async function loader() {
  return new Response(await revocationStatusList(await db()), {
    headers: { "Content-Type": "application/vc+jwt", "Cache-Control": "public, max-age=60", "Access-Control-Allow-Origin": "*" },
  });
}
