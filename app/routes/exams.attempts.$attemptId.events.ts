import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recordIntegrityEvents } from "~/modules/exams/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { examDeviceHash } from "~/utils/exam-device.server";
import { clientIp } from "~/utils/request.server";

const eventsSchema = z.object({
  events: z
    .array(
      z.object({
        seq: z.number().int().min(1).max(2_000_000_000),
        kind: z.string().min(1).max(32),
        at: z.string().max(40),
      }),
    )
    .min(1)
    .max(50),
});

/**
 * POST {events: [{seq, kind, at}]}: the exam page's integrity events (docs/exam-integrity.md), sent by the same
 * queue as answers. Only the candidate's own attempt, from its bound browser; limited per attempt (429).
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (!user) return Response.json({ ok: false, reason: "unauthenticated" }, { status: 401 });
  requirePermission(user, "study");
  const parsed = eventsSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ ok: false, reason: "invalid" }, { status: 400 });
  const result = await recordIntegrityEvents(await db(), {
    userId: user.id,
    attemptId: params.attemptId ?? "",
    deviceHash: examDeviceHash(request),
    ip: clientIp(context),
    events: parsed.data.events,
  });
  const status = result.ok ? 200 : result.reason === "closed" ? 409 : result.reason === "device" ? 403 : 429;
  return Response.json(result, {
    status,
    headers: {
      "Cache-Control": "no-store",
      ...(!result.ok && result.reason === "limited" ? { "Retry-After": String(result.retryAfterSeconds) } : {}),
    },
  });
}

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
