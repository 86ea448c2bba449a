import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedKeyByThumbprint } from "~/modules/certificates/index.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/errors.server";

/**
 * One public signing key as a JWK: the URL a credential's `kid` names (Open Badges 3.0 §8.2), so a
 * verifier can fetch the key from the credential alone. The same key is in /.well-known/jwks.json.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const thumbprint = params.thumbprint ?? "";
  if (!/^[A-Za-z0-9_-]{43}$/.test(thumbprint)) throw notFound();
  const jwk = await publishedKeyByThumbprint(await db(), thumbprint);
  if (!jwk) throw notFound();
  return Response.json(jwk, {
    headers: {
      "Content-Type": "application/jwk+json",
      "Cache-Control": "public, max-age=3600",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
