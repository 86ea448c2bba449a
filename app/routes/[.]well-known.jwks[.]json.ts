import { publishedJwks } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";

/** Every certificate signing key, current and rotated out, with its period of use. Public. */
export async function loader() {
  return Response.json(await publishedJwks(await db()), {
    headers: { "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
}
