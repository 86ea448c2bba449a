import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { setFlag } from "~/modules/exams/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { examDeviceHash } from "~/utils/exam-device.server";

const flagSchema = z.object({ item: z.number().int().min(0).max(500), flagged: z.boolean() });

/**
 * POST {item, flagged}: flags or unflags one question of the person's open attempt from the browser that holds
 * it (403 from another); answers with every flag.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (!user) return Response.json({ ok: false, reason: "unauthenticated" }, { status: 401 });
  requirePermission(user, "study");
  const parsed = flagSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ ok: false, reason: "invalid" }, { status: 400 });
  const result = await setFlag(await db(), {
    userId: user.id,
    attemptId: params.attemptId ?? "",
    ...parsed.data,
    // Only the browser the attempt is bound to flags, as for saves (docs/exam-integrity.md).
    deviceHash: examDeviceHash(request),
  });
  const status = result.ok ? 200 : result.reason === "closed" ? 409 : result.reason === "device" ? 403 : 400;
  return Response.json(result, { status, headers: { "Cache-Control": "no-store" } });
}

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
