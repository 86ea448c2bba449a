import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { attemptAnswers, examAttempts } from "#db/schema";
import type { PartContent } from "~/modules/content";
import { loadLevels, shownVersions } from "~/modules/content/index.server";
import { examEligibility } from "./eligibility.server";
import { upcomingSessionsFor } from "./sessions.server";

/** The exams a person can see: per level with an exam, eligibility and past attempts. `held`: see examEligibility. */
export async function examsOverview(db: DbOrTx, userId: string, held: ReadonlySet<string>, now = new Date()) {
  const levelRows = (await loadLevels(db)).filter((l) => l.config.exam);
  const sessions = await upcomingSessionsFor(db, userId, now);
  const attempts = await db
    .select({
      id: examAttempts.id,
      levelSlug: examAttempts.levelSlug,
      status: examAttempts.status,
      startedAt: examAttempts.startedAt,
      closedAt: examAttempts.closedAt,
      deadlineAt: examAttempts.deadlineAt,
      scoreTenths: examAttempts.scoreTenths,
      maxTenths: examAttempts.maxTenths,
      passed: examAttempts.passed,
      pendingEssays: examAttempts.pendingEssays,
      items: examAttempts.items,
    })
    .from(examAttempts)
    .where(eq(examAttempts.userId, userId))
    .orderBy(desc(examAttempts.startedAt));
  const pending = await pendingTenthsOf(
    db,
    attempts.filter((a) => a.status !== "open" && a.pendingEssays > 0),
  );
  const result = [];
  for (const level of levelRows) {
    const eligibility = await examEligibility(db, userId, level.slug, held, now);
    result.push({
      levelSlug: level.slug,
      nameZh: level.nameZh,
      nameEn: level.nameEn,
      exam: eligibility.exam,
      reasons: eligibility.reasons,
      rules: eligibility.rules,
      openAttemptId: eligibility.openAttemptId,
      attemptsUsed: eligibility.attemptsUsed,
      attemptLimit: eligibility.attemptLimit,
      waitUntil: eligibility.waitUntil?.toISOString() ?? null,
      attempts: attempts
        .filter((a) => a.levelSlug === level.slug)
        .map(({ items: _items, ...a }) => ({ ...a, pendingTenths: pending.get(a.id) ?? 0 })),
      sessions: sessions
        .filter((x) => x.levelSlug === level.slug)
        .map((x) => ({
          ...x,
          opensAt: x.opensAt.toISOString(),
          closesAt: x.closesAt.toISOString(),
          open: x.opensAt <= now,
        })),
    });
  }
  return result;
}

/** Per closed attempt still being graded: the points its ungraded answers are worth (what is still open). */
export async function pendingTenthsOf(db: DbOrTx, attempts: { id: string; items: { versionId: string }[] }[]) {
  const result = new Map<string, number>();
  if (!attempts.length) return result;
  const ungraded = await db
    .select({ attemptId: attemptAnswers.attemptId, item: attemptAnswers.item, part: attemptAnswers.part })
    .from(attemptAnswers)
    .where(
      and(
        inArray(
          attemptAnswers.attemptId,
          attempts.map((a) => a.id),
        ),
        isNull(attemptAnswers.pointsTenths),
      ),
    );
  const versions = await shownVersions(db, [...new Set(attempts.flatMap((a) => a.items.map((i) => i.versionId)))]);
  for (const row of ungraded) {
    const versionId = attempts.find((a) => a.id === row.attemptId)?.items[row.item]?.versionId;
    const content = versionId ? versions.get(versionId) : undefined;
    const part: PartContent | undefined =
      content?.type === "case" ? content.parts[row.part] : (content as PartContent | undefined);
    result.set(row.attemptId, (result.get(row.attemptId) ?? 0) + (part?.pointsTenths ?? 0));
  }
  return result;
}
