import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { lessonProgress } from "#db/schema";
import { attendedClassroomSeconds } from "~/modules/cohorts/index.server";
import { currentLessons } from "~/modules/content/index.server";

/**
 * Seconds a person studied since `since` in lessons of these courses (retired ones too), e.g. the
 * continuing-education hours toward renewing a certificate.
 */
export async function secondsStudiedInCourses(
  db: DbOrTx,
  userId: string,
  courseSlugs: readonly string[],
  since: Date,
): Promise<number> {
  if (!courseSlugs.length) return 0;
  const [row] = await db
    .select({ seconds: sql<number>`coalesce(sum(${lessonProgress.secondsSpent}), 0)::int` })
    .from(lessonProgress)
    .innerJoin(currentLessons, eq(currentLessons.id, lessonProgress.lessonId))
    .where(
      and(
        eq(lessonProgress.userId, userId),
        inArray(currentLessons.courseSlug, [...courseSlugs]),
        gte(lessonProgress.startedAt, since),
      ),
    );
  return row?.seconds ?? 0;
}

/**
 * Classroom seconds each person attended, per level (cohorts keeps the attendance): `levelStatuses` counts them
 * where the level's rule says so.
 */
export function classroomSecondsOfMany(db: DbOrTx, userIds: readonly string[]) {
  return attendedClassroomSeconds(db, userIds);
}

export async function classroomSecondsOf(db: DbOrTx, userId: string): Promise<ReadonlyMap<string, number>> {
  return (await attendedClassroomSeconds(db, [userId])).get(userId) ?? new Map();
}
