import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/modules/auth/index.server";
import { saveAnswer } from "~/modules/exams/index.server";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

const saveSchema = z.object({
  item: z.number().int().min(0).max(500),
  part: z.number().int().min(0).max(20),
  response: z.unknown(),
  seq: z.number().int().min(1).max(2_000_000_000),
});

/** POST {item, part, response, seq}: saves one answer; answers with the stored seq and the server's clock. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (!user) return Response.json({ ok: false, reason: "unauthenticated" }, { status: 401 });
  requirePermission(user, "study");
  const parsed = saveSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ ok: false, reason: "invalid" }, { status: 400 });
  const { item, part, seq, response = null } = parsed.data;
  const result = await saveAnswer(await db(), { userId: user.id, attemptId: params.attemptId ?? "", item, part, seq, response });
  const status = result.ok ? 200 : result.reason === "closed" ? 409 : 400;
  return Response.json({ ...result, serverNow: new Date().toISOString() }, { status, headers: { "Cache-Control": "no-store" } });
}

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
