import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/modules/orgs/index.server";
import { recordHeartbeat } from "~/modules/learning/index.server";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

// A browser may claim at most this much active time in one beat; the server caps it further.
const heartbeatSchema = z.object({
  lessonId: z.string().uuid(),
  seconds: z.number().int().min(0).max(300),
});

/** POST {lessonId, seconds}: active study time on a lesson since the last beat. */
export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (!user) return Response.json({ error: "unauthenticated" }, { status: 401 });
  requirePermission(user, "study");
  const parsed = heartbeatSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "invalid" }, { status: 400 });
  const result = await recordHeartbeat(await db(), { userId: user.id, ...parsed.data });
  return Response.json(result, { headers: { "Cache-Control": "no-store" } });
}

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
