import { eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptAnswers } from "#db/schema";
import { type PartContent, type PartKey, rubricCriteria } from "~/modules/content";
import { keyedVersions } from "~/modules/content/index.server";
import { ownAttempt, unwrap } from "./attempt-rows.server";
import { examOf } from "./settings.server";

/**
 * The review after an attempt closes, if the exam's policy allows it: per question, what was answered,
 * the right answer in the order the candidate saw the options, the points and the explanation. Null when
 * the policy shows the score only, or while the attempt is open.
 */
export async function attemptReview(db: DbOrTx, userId: string, attemptId: string, now = new Date()) {
  const attempt = await ownAttempt(db, userId, attemptId);
  if (attempt.status === "open") return null;
  const exam = await examOf(db, attempt.levelSlug, attempt.levelVersion);
  if (exam.review !== "answers_after_close") return null;
  // Others of the same session may still be sitting: answers are shown once its window has closed.
  if (attempt.windowClosesAt && attempt.windowClosesAt > now) return null;
  const [byId, answers] = await Promise.all([
    keyedVersions(
      db,
      attempt.items.map((i) => i.versionId),
    ),
    db.select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attemptId)),
  ]);
  return attempt.items.map((item, index) => {
    const { content, key } = byId.get(item.versionId)!;
    const pairs: [PartContent, PartKey][] =
      content.type === "case" && key.type === "case"
        ? content.parts.map((p, j) => [p, key.parts[j]!])
        : [[content as PartContent, key as PartKey]];
    return {
      index,
      scenario: content.type === "case" ? content.scenario : null,
      parts: pairs.map(([part, partKey], j) => {
        const order = item.optionOrders[j] ?? [];
        // Shown position of a stored option index.
        const shownAt = (stored: number) => (order.length ? order.indexOf(stored) : stored);
        const answer = answers.find((a) => a.item === index && a.part === j);
        const correct =
          partKey.type === "single"
            ? shownAt(partKey.answer)
            : partKey.type === "multiple"
              ? partKey.answer.map(shownAt).sort((a, b) => a - b)
              : partKey.type === "essay"
                ? null
                : partKey.answer;
        return {
          part:
            "options" in part
              ? { ...part, options: order.length ? order.map((i) => part.options[i]!) : part.options }
              : part,
          response: unwrap(answer?.response),
          correct,
          pointsTenths: answer?.pointsTenths ?? 0,
          explanation: partKey.explanation,
          comment: answer?.comment ?? null,
          // The points of each criterion the rubric lists, once the answer has its final points.
          criteria:
            partKey.type === "essay" && answer?.criteriaTenths
              ? rubricCriteria(partKey.rubric).map((c, k) => ({
                  name: c.name,
                  maxTenths: c.pointsTenths,
                  tenths: answer.criteriaTenths![k] ?? 0,
                }))
              : null,
        };
      }),
    };
  });
}
