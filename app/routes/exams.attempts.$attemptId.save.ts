import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requirePermission } from "~/modules/orgs/index.server";
import { saveAnswer } from "~/modules/exams/index.server";
import { getUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { examDeviceHash } from "~/utils/exam-device.server";
import { clientIp } from "~/utils/request.server";
import { issueAfterGrading } from "~/workflows/certification.server";

const saveSchema = z.object({
  item: z.number().int().min(0).max(500),
  part: z.number().int().min(0).max(20),
  response: z.unknown(),
  seq: z.number().int().min(1).max(2_000_000_000),
});

/** POST {item, part, response, seq}: saves one answer; answers with the stored seq and the server's clock. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (!user) return Response.json({ ok: false, reason: "unauthenticated" }, { status: 401 });
  requirePermission(user, "study");
  const parsed = saveSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ ok: false, reason: "invalid" }, { status: 400 });
  const { item, part, seq, response = null } = parsed.data;
  const database = await db();
  const result = await saveAnswer(database, {
    userId: user.id,
    attemptId: params.attemptId ?? "",
    item,
    part,
    seq,
    response,
    // Only the browser the attempt is bound to saves (docs/exam-integrity.md).
    deviceHash: examDeviceHash(request),
    ip: clientIp(context),
  });
  // A save after the deadline closed and graded the attempt: a pass may complete the level's certificate.
  if (!result.ok && result.reason === "closed") await issueAfterGrading(database, result.graded);
  const body = result.ok ? result : { ok: false, reason: result.reason };
  const status = result.ok ? 200 : result.reason === "closed" ? 409 : result.reason === "device" ? 403 : 400;
  // With its length known, the response compression leaves this few-dozen-byte body alone: a gzip stream made for
  // each save was about a third of its CPU (bench/exam-start-cost.mjs).
  const text = JSON.stringify({ ...body, serverNow: new Date().toISOString() });
  return new Response(text, {
    status,
    headers: {
      "Content-Type": "application/json",
      "Content-Length": String(Buffer.byteLength(text)),
      "Cache-Control": "no-store",
    },
  });
}

export async function loader() {
  return new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
