import { z } from "zod";
import { saveAnswer } from "~/modules/exams/index.server";
import { can } from "~/modules/orgs/index.server";
import { issueAfterGrading } from "~/workflows/certification.server";
import { userFromCookieHeader } from "./auth.server";
import { db } from "./db.server";
import { examDeviceHashOf } from "./exam-device.server";

const saveSchema = z.object({
  item: z.number().int().min(0).max(500),
  part: z.number().int().min(0).max(20),
  response: z.unknown(),
  seq: z.number().int().min(1).max(2_000_000_000),
});

export interface ExamSaveRequest {
  attemptId: string;
  cookieHeader: string | null;
  /** The parsed JSON body, or null when it was not JSON. */
  body: unknown;
  clientIp: string;
}

export interface ExamSaveAnswer {
  status: number;
  /** JSON, sent with its length (see `examSaveHeaders`). */
  body: string;
}

/**
 * One answer saved for the person whose session the cookies carry: {item, part, response, seq} → {ok, seq, serverNow}
 * or {ok: false, reason}. The most frequent request of an exam day, so the server answers it before Express and
 * Remix (server/exam-save.ts, docs/decisions/016-exam-save-fast-path.md); the route answers what still reaches
 * Remix with this same function.
 */
export async function answerExamSave(request: ExamSaveRequest): Promise<ExamSaveAnswer> {
  const reply = (status: number, body: object): ExamSaveAnswer => ({
    status,
    body: JSON.stringify({ ...body, serverNow: new Date().toISOString() }),
  });
  const user = await userFromCookieHeader(request.cookieHeader);
  if (!user) return reply(401, { ok: false, reason: "unauthenticated" });
  if (!can(user, "study")) return reply(403, { ok: false, reason: "forbidden" });
  const parsed = saveSchema.safeParse(request.body);
  if (!parsed.success) return reply(400, { ok: false, reason: "invalid" });
  const { item, part, seq, response = null } = parsed.data;
  const database = await db();
  let result: Awaited<ReturnType<typeof saveAnswer>>;
  try {
    result = await saveAnswer(database, {
      userId: user.id,
      attemptId: request.attemptId,
      item,
      part,
      seq,
      response,
      // Only the browser the attempt is bound to saves (docs/exam-integrity.md).
      deviceHash: examDeviceHashOf(request.cookieHeader),
      ip: request.clientIp,
    });
  } catch (error) {
    // No such attempt of this person's: the same 404 whether it does not exist or is someone else's.
    if (error instanceof Response && error.status === 404) return reply(404, { ok: false, reason: "not_found" });
    throw error;
  }
  // A save after the deadline closed and graded the attempt: a pass may complete the level's certificate.
  if (!result.ok && result.reason === "closed") await issueAfterGrading(database, result.graded);
  if (result.ok) return reply(200, result);
  return reply(result.reason === "closed" ? 409 : result.reason === "device" ? 403 : 400, {
    ok: false,
    reason: result.reason,
  });
}

/**
 * With its length known, the response compression leaves this few-dozen-byte body alone: a gzip stream made for each
 * save was about a third of its CPU (bench/exam-start-cost.mjs).
 */
export function examSaveHeaders(answer: ExamSaveAnswer): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(answer.body)),
    "Cache-Control": "no-store",
  };
}
