import { desc, eq } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { examAttempts } from "#db/schema";
import { loadLevels } from "~/modules/content/index.server";
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
      scoreTenths: examAttempts.scoreTenths,
      maxTenths: examAttempts.maxTenths,
      passed: examAttempts.passed,
      pendingEssays: examAttempts.pendingEssays,
    })
    .from(examAttempts)
    .where(eq(examAttempts.userId, userId))
    .orderBy(desc(examAttempts.startedAt));
  const result = [];
  for (const level of levelRows) {
    const eligibility = await examEligibility(db, userId, level.slug, held, now);
    result.push({
      levelSlug: level.slug,
      nameZh: level.nameZh,
      nameEn: level.nameEn,
      exam: eligibility.exam,
      reasons: eligibility.reasons,
      openAttemptId: eligibility.openAttemptId,
      attemptsUsed: eligibility.attemptsUsed,
      attemptLimit: eligibility.attemptLimit,
      waitUntil: eligibility.waitUntil?.toISOString() ?? null,
      attempts: attempts.filter((a) => a.levelSlug === level.slug),
      sessions: sessions
        .filter((x) => x.levelSlug === level.slug)
        .map((x) => ({ ...x, opensAt: x.opensAt.toISOString(), closesAt: x.closesAt.toISOString(), open: x.opensAt <= now })),
    });
  }
  return result;
}
