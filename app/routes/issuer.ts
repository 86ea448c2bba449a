import { ISSUER_NAME } from "~/modules/certificates/index.server";
import { publicUrl } from "~/utils/env.server";

/** The issuer Profile that badges name (Open Badges 3.0), with where its keys are published. */
export function loader() {
  const base = publicUrl();
  return Response.json(
    {
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      ],
      id: `${base}/issuer`,
      type: ["Profile"],
      name: ISSUER_NAME,
      url: base,
      description: "技术经理人培训与认证平台 · Training and certification for technology managers",
      "tma:jwks": `${base}/.well-known/jwks.json`,
    },
    { headers: { "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" } },
  );
}
