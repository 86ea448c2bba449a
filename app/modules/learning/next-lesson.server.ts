import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { lessonProgress } from "#db/schema";
import { currentLessons } from "~/modules/content/index.server";

export interface NextLesson {
  courseSlug: string;
  lessonSlug: string;
  titleZh: string;
  titleEn: string;
}

/**
 * The first lesson not yet completed in these courses, in the order given (a level's required courses),
 * then by each course's lesson order. Null when every live lesson is complete.
 */
export async function nextLessonIn(db: DbOrTx, userId: string, courseSlugs: string[]): Promise<NextLesson | null> {
  if (!courseSlugs.length) return null;
  const rows = await db
    .select({
      courseSlug: currentLessons.courseSlug,
      lessonSlug: currentLessons.slug,
      position: currentLessons.position,
      titleZh: currentLessons.titleZh,
      titleEn: currentLessons.titleEn,
      completedAt: lessonProgress.completedAt,
    })
    .from(currentLessons)
    .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, currentLessons.id), eq(lessonProgress.userId, userId)))
    .where(
      and(
        inArray(currentLessons.courseSlug, courseSlugs),
        isNull(currentLessons.retiredAt),
        isNull(currentLessons.courseRetiredAt),
      ),
    );
  const open = rows
    .filter((r) => !r.completedAt)
    .sort((a, b) => courseSlugs.indexOf(a.courseSlug) - courseSlugs.indexOf(b.courseSlug) || a.position - b.position);
  const first = open[0];
  return first
    ? { courseSlug: first.courseSlug, lessonSlug: first.lessonSlug, titleZh: first.titleZh, titleEn: first.titleEn }
    : null;
}
