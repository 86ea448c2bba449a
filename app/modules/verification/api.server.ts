import type { DbOrTx } from "#db/client";
import { resources } from "~/i18n/resources";
import { namesMatch } from "~/modules/certificates";
import { authenticateApiKey, bearerToken, type ApiKeyCaller } from "./api-keys.server";
import { recordCheckInBackground } from "./checks.server";
import { findCertificate, parseVerificationQuery, queryText } from "./lookup.server";
import { verificationLimits } from "./rate-limit.server";

const messages = resources.en.common.verification.api;

/** What the JSON API needs from a request; the HTTP layer (Remix or the server's fast path) supplies it. */
export interface VerificationApiRequest {
  /** The path segment after /api/v1/certificates/, decoded. */
  code: string;
  /** The `name` query parameter, if any. */
  name: string | null;
  /** The Authorization header, if any. */
  authorization: string | null;
  clientIp: string;
}

export interface VerificationApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Headers of every answer, found or not. */
export const VERIFICATION_API_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "application/json; charset=utf-8",
  // A status can change at any moment (revocation): never cached.
  "Cache-Control": "no-store",
  // No cookies are read here, so any site's page may read the answer.
  "Access-Control-Allow-Origin": "*",
  "X-Content-Type-Options": "nosniff",
};

function answer(body: unknown, status = 200, headers: Record<string, string> = {}): VerificationApiAnswer {
  return { status, headers: { ...VERIFICATION_API_HEADERS, ...headers }, body: JSON.stringify(body) };
}

function tooMany(retryAfterSeconds: number) {
  return answer({ error: "rate_limited", message: messages.rateLimited, retryAfter: retryAfterSeconds }, 429, {
    "Retry-After": String(retryAfterSeconds),
  });
}

/** The answer when the check itself failed (the database is unreachable, say): JSON, never a bare 500 page. */
function unavailableAnswer(): VerificationApiAnswer {
  return answer({ error: "unavailable", message: messages.unavailable }, 503, { "Retry-After": "5" });
}

/**
 * GET /api/v1/certificates/<code or serial>[?name=<full name>]: what the public page shows, as JSON.
 * Anonymous callers are limited per address, employers' keys (Authorization: Bearer tma_…) per key.
 * One prepared query on the common path; the check is logged in the background.
 */
export async function answerVerificationApi(
  db: DbOrTx,
  request: VerificationApiRequest,
): Promise<VerificationApiAnswer> {
  const ip = request.clientIp;
  const limits = await verificationLimits();
  const bearer = bearerToken(request.authorization);
  let caller: ApiKeyCaller | null = null;
  if (bearer !== null) {
    // Wrong keys are limited per address before the database is asked, so keys cannot be sprayed.
    const keyGate = await limits.badKey.peek(ip);
    if (!keyGate.allowed) return tooMany(keyGate.retryAfterSeconds);
    caller = await authenticateApiKey(db, bearer);
    if (!caller) {
      await limits.badKey.take(ip);
      return answer({ error: "invalid_api_key", message: messages.invalidKey }, 401, {
        "WWW-Authenticate": 'Bearer error="invalid_token"',
      });
    }
  }
  const gate = caller ? await limits.apiKey.take(caller.keyId) : await limits.apiAnonymous.take(ip);
  if (!gate.allowed) return tooMany(gate.retryAfterSeconds);

  const query = parseVerificationQuery(request.code);
  if (!query) return answer({ error: "malformed", message: messages.malformed }, 400);
  const name = request.name?.trim() || null;
  if (name && name.length > 100) return answer({ error: "bad_name", message: messages.badName }, 400);

  const found = await findCertificate(db, query);
  const nameMatched = found && name ? namesMatch(name, found.holderName) : null;
  recordCheckInBackground(db, {
    certificateId: found?.id ?? null,
    query: queryText(query),
    kind: caller ? "api_key" : "api_anonymous",
    apiKeyId: caller?.keyId ?? null,
    organizationId: caller?.organizationId ?? null,
    nameMatched,
  });
  const limitHeaders = { "X-RateLimit-Remaining": String(gate.remaining) };
  if (!found)
    return answer({ error: "not_found", message: messages.notFound, query: queryText(query) }, 404, limitHeaders);
  return answer({ certificate: found.view, ...(name ? { nameMatched } : {}) }, 200, limitHeaders);
}

/**
 * The API's answer with the database opened by `open`. A failure (the database unreachable, say) is logged
 * and answered as 503 with a message, never as a bare error page.
 */
export async function verificationApiAnswer(
  open: () => Promise<DbOrTx>,
  request: VerificationApiRequest,
): Promise<VerificationApiAnswer> {
  try {
    return await answerVerificationApi(await open(), request);
  } catch (error) {
    console.error("verification API:", error);
    return unavailableAnswer();
  }
}
