import type { LoaderFunctionArgs } from "@remix-run/node";
import { verificationApiAnswer } from "~/modules/verification/index.server";
import { db } from "~/utils/db.server";
import { clientIp } from "~/utils/request.server";

/**
 * GET /api/v1/certificates/<code or serial>: see answerVerificationApi. In production the server answers
 * this path before Express and Remix (server/verification-api.ts); this route serves development and tests.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const result = await verificationApiAnswer(db, {
    code: params.code ?? "",
    name: new URL(request.url).searchParams.get("name"),
    authorization: request.headers.get("Authorization"),
    clientIp: clientIp(context),
  });
  return new Response(result.body, { status: result.status, headers: result.headers });
}
