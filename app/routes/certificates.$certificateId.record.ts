import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireViewableCertificate } from "~/utils/certificate-route.server";
import { publicUrl } from "~/utils/env.server";

/**
 * The signed record itself, for anyone the holder gives it to: with the published JWKS it can be checked
 * offline (docs/verification.md). It holds the salted hash of the holder's contact, so only the holder
 * and those who may see the certificate in full get it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { certificate } = await requireViewableCertificate(request, params.certificateId);
  return new Response(
    JSON.stringify(
      {
        record: certificate.record,
        signature: certificate.signature,
        kid: certificate.kid,
        alg: "EdDSA",
        jwks: `${publicUrl()}/.well-known/jwks.json`,
        payload:
          "RFC 8785 canonical JSON of {v:1, ...record}; {v:2, ...record} when the record has subjectId and identityType",
      },
      null,
      2,
    ),
    {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${certificate.serial}.json"`,
        "Cache-Control": "private, no-store",
      },
    },
  );
}
