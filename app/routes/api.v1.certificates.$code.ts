import type { LoaderFunctionArgs } from "@remix-run/node";
import { clientIp } from "~/utils/request.server";
import { verificationApi } from "~/utils/verification.server";

/**
 * GET /api/v1/certificates/<code or serial>: see answerVerificationApi. The server answers GETs of this path
 * before Express and Remix (server/verification-api.ts); what still reaches Remix (a HEAD, tests) gets the
 * answer of the very same function.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const result = await verificationApi({
    code: params.code ?? "",
    name: new URL(request.url).searchParams.get("name"),
    authorization: request.headers.get("Authorization"),
    clientIp: clientIp(context),
  });
  return new Response(result.body, { status: result.status, headers: result.headers });
}
