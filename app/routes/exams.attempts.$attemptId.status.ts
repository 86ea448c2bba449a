import type { LoaderFunctionArgs } from "@remix-run/node";
import { attemptStatusFor } from "~/modules/exams/index.server";
import { requirePermission } from "~/modules/orgs/index.server";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { examDeviceHash } from "~/utils/exam-device.server";
import { clientIp } from "~/utils/request.server";

/**
 * GET: what the candidate's exam page polls for (docs/exam-integrity.md): the deadline (a proctor's extra time
 * moves it), the proctor's messages, whether the attempt is still open and whether this browser holds it.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (!user) return Response.json({ ok: false, reason: "unauthenticated" }, { status: 401 });
  requirePermission(user, "study");
  const status = await attemptStatusFor(await db(), {
    userId: user.id,
    attemptId: params.attemptId ?? "",
    deviceHash: examDeviceHash(request),
    ip: clientIp(context),
  });
  return Response.json({ ok: true, ...status }, { headers: { "Cache-Control": "no-store" } });
}
