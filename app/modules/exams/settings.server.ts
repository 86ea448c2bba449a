import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { examSettings } from "#db/schema";
import type { ExamConfig } from "~/modules/content";
import { recordAudit } from "~/modules/audit/index.server";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { levelAt } from "~/modules/content/index.server";
import { notFound } from "~/utils/errors.server";

export type ExamParameters = Pick<
  ExamConfig,
  "durationMinutes" | "passPercent" | "attemptLimit" | "waitHoursBetweenAttempts" | "review"
>;

// Read on every exam start, exam page and briefing: prepared once per database handle (an unprepared query is
// parsed and planned anew by PostgreSQL each time, which cost more than running it).
const overrideStatement = preparedFor((db) =>
  db
    .select()
    .from(examSettings)
    .where(eq(examSettings.levelSlug, sql.placeholder("levelSlug")))
    .prepare("exam_settings_of"),
);

/**
 * A level's exam as examOf gives it, with the version of the level's rules it comes from (a new attempt
 * records it, so it needs no read of its own).
 */
export async function examWithVersionOf(
  db: DbOrTx,
  levelSlug: string,
  levelVersion?: number | null,
): Promise<{ exam: ExamConfig; levelVersion: number }> {
  const [level, [override]] = await Promise.all([
    levelAt(db, levelSlug, levelVersion),
    overrideStatement(db).execute({ levelSlug }),
  ]);
  const exam = level?.config.exam;
  if (!level || !exam) throw notFound();
  if (!override || (level.origin === "app" && level.createdAt > override.updatedAt))
    return { exam, levelVersion: level.version };
  return {
    exam: {
      ...exam,
      durationMinutes: override.durationMinutes,
      passPercent: override.passPercent,
      attemptLimit: override.attemptLimit,
      waitHoursBetweenAttempts: override.waitHoursBetweenAttempts,
      review: override.review as ExamConfig["review"],
    },
    levelVersion: level.version,
  };
}

/**
 * A level's exam: the blueprint of the level's rules at `levelVersion` (an attempt's; null: the current rules)
 * with the parameters an admin adjusted on the exam parameters page. The later decision wins: a version of the
 * rules published in the app after the adjustment replaces it.
 */
export async function examOf(db: DbOrTx, levelSlug: string, levelVersion?: number | null): Promise<ExamConfig> {
  return (await examWithVersionOf(db, levelSlug, levelVersion)).exam;
}

/** Platform admins adjust an exam's parameters; running attempts keep the deadline they started with. Audited. */
export async function updateExamParameters(
  db: DbOrTx,
  actor: Pick<SessionUser, "id" | "memberships">,
  levelSlug: string,
  parameters: ExamParameters,
) {
  requirePermission(actor, "admin:platform");
  const before = await examOf(db, levelSlug);
  await db.transaction(async (tx) => {
    const values = { ...parameters, updatedBy: actor.id, updatedAt: new Date() };
    await tx
      .insert(examSettings)
      .values({ levelSlug, ...values })
      .onConflictDoUpdate({ target: examSettings.levelSlug, set: values });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "exam.parameters",
      targetType: "level",
      targetId: levelSlug,
      before: {
        durationMinutes: before.durationMinutes,
        passPercent: before.passPercent,
        attemptLimit: before.attemptLimit,
        waitHoursBetweenAttempts: before.waitHoursBetweenAttempts,
        review: before.review,
      },
      after: parameters,
    });
  });
}
