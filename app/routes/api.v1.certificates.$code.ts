import type { LoaderFunctionArgs } from "@remix-run/node";
import { resources } from "~/i18n/resources";
import { namesMatch } from "~/modules/certificates/status";
import { authenticateApiKey, bearerToken, type ApiKeyCaller } from "~/modules/verification/api-keys.server";
import { recordCheckInBackground } from "~/modules/verification/checks.server";
import { findCertificate, parseVerificationQuery, queryText } from "~/modules/verification/lookup.server";
import { verificationLimits } from "~/modules/verification/rate-limit.server";
import { db } from "~/utils/db.server";
import { clientIp } from "~/utils/request.server";

const messages = resources.en.common.verification.api;

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      // A status can change at any moment (revocation): never cached.
      "Cache-Control": "no-store",
      // No cookies are read here, so any site's page may read the answer.
      "Access-Control-Allow-Origin": "*",
      ...headers,
    },
  });
}

function tooMany(retryAfterSeconds: number) {
  return json({ error: "rate_limited", message: messages.rateLimited, retryAfter: retryAfterSeconds }, 429, {
    "Retry-After": String(retryAfterSeconds),
  });
}

/**
 * GET /api/v1/certificates/<code or serial>[?name=<full name>]: what the public page shows, as JSON.
 * Anonymous callers are limited per address, employers' keys (Authorization: Bearer tma_…) per key.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const database = await db();
  const ip = clientIp(context);
  const bearer = bearerToken(request.headers.get("Authorization"));
  let caller: ApiKeyCaller | null = null;
  if (bearer !== null) {
    // Wrong keys are limited per address before the database is asked, so keys cannot be sprayed.
    if (!verificationLimits.badKey.peek(ip)) return tooMany(verificationLimits.badKey.retryAfter(ip));
    caller = await authenticateApiKey(database, bearer);
    if (!caller) {
      verificationLimits.badKey.take(ip);
      return json({ error: "invalid_api_key", message: messages.invalidKey }, 401, { "WWW-Authenticate": 'Bearer error="invalid_token"' });
    }
  }
  const gate = caller ? verificationLimits.apiKey.take(caller.keyId) : verificationLimits.apiAnonymous.take(ip);
  if (!gate.allowed) return tooMany(gate.retryAfterSeconds);

  const query = parseVerificationQuery(params.code ?? "");
  if (!query) return json({ error: "malformed", message: messages.malformed }, 400);
  const name = new URL(request.url).searchParams.get("name")?.trim() || null;
  if (name && name.length > 100) return json({ error: "bad_name", message: messages.badName }, 400);

  const found = await findCertificate(database, query);
  const nameMatched = found && name ? namesMatch(name, found.holderName) : null;
  recordCheckInBackground(database, {
    certificateId: found?.id ?? null,
    query: queryText(query),
    kind: caller ? "api_key" : "api_anonymous",
    apiKeyId: caller?.keyId ?? null,
    organizationId: caller?.organizationId ?? null,
    nameMatched,
  });
  const limitHeaders = { "X-RateLimit-Remaining": String(gate.remaining) };
  if (!found) return json({ error: "not_found", message: messages.notFound, query: queryText(query) }, 404, limitHeaders);
  return json({ certificate: found.view, ...(name ? { nameMatched } : {}) }, 200, limitHeaders);
}
