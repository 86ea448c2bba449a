import { openApiDocument } from "~/modules/verification/index.server";
import { apiServerBase } from "~/utils/api-base.server";

/** The OpenAPI 3.1 description of /api/v1; its server is APP_URL when set, else relative to this document. */
export function loader() {
  return new Response(JSON.stringify(openApiDocument(apiServerBase()), null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      // Public data: any tool may read it (Swagger UI, a code generator).
      "Access-Control-Allow-Origin": "*",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
