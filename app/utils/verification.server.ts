import {
  keptVerificationPage,
  verificationApiAnswer,
  type VerificationApiRequest,
} from "~/modules/verification/index.server";
import { db } from "./db.server";

/**
 * The JSON verification API on the process's database. The server's fast path (server/verification-api.ts)
 * answers with it, and so does the route (app/routes/api.v1.certificates.$code.ts) for what reaches Remix.
 */
export function verificationApi(request: VerificationApiRequest) {
  return verificationApiAnswer(db, request);
}

/** The public verification page as kept for anonymous visitors, or null (server/app.ts). */
export async function verificationPage(request: {
  code: string;
  cookieHeader: string | null;
  nonce: string;
  clientIp: string;
}) {
  return keptVerificationPage(await db(), request);
}
