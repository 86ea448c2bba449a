import type { DbOrTx } from "#db/client";
import { peopleByIds } from "~/modules/auth/index.server";
import { liveCourses, loadLevels } from "~/modules/content/index.server";
import { listCenterTrainees, requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { notFound } from "~/utils/errors.server";
import { levelStatuses } from "./level-status";
import { courseProgressOfMany, learnerOverview } from "./path.server";
import { qualificationsOf } from "./qualifications.server";
import { classroomSecondsOfMany } from "./study-time.server";

type Actor = Pick<SessionUser, "id" | "memberships">;
interface CenterRef {
  id: string;
  regionId: string | null;
}

/** Held levels of many people at once (certificates' `heldLevelsOfMany`: learning sits below it). */
export type HeldLevelsOfMany = (userIds: string[]) => Promise<ReadonlyMap<string, ReadonlySet<string>>>;

/**
 * The center's most recently joined trainees (a center of hundreds lists them all, filtered and sorted,
 * on its dashboard) with their progress per level, and how many trainees it has in all
 * (the center's staff, its region admin, platform admins).
 */
export async function centerTrainees(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  heldLevelsOfMany: HeldLevelsOfMany,
  options: { limit?: number } = {},
) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const { trainees, total } = await listCenterTrainees(db, center.id, { limit: options.limit ?? 30 });
  const ids = trainees.map((t) => t.id);
  const [levelRows, progress, held, classroom] = await Promise.all([
    loadLevels(db),
    courseProgressOfMany(db, ids),
    heldLevelsOfMany(ids),
    classroomSecondsOfMany(db, ids),
  ]);
  const result = trainees.map((trainee) => ({
    ...trainee,
    levels: levelStatuses(
      levelRows.map((l) => l.config),
      progress.get(trainee.id) ?? [],
      held.get(trainee.id) ?? new Set<string>(),
      classroom.get(trainee.id),
    ),
  }));
  return {
    levels: levelRows.map((l) => ({ slug: l.slug, nameZh: l.nameZh, nameEn: l.nameEn })),
    trainees: result,
    total,
  };
}

/**
 * One trainee's path, qualifications and courses for a center's staff. The caller says how the center
 * stands to the trainee (enrolment's centerRelationToTrainee: current or former center, or none) and
 * which levels the trainee holds; a former center (the trainee moved away) still reads its records.
 */
export async function traineeDetailForStaff(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  traineeId: string,
  facts: { relatedToCenter: boolean; heldLevels: ReadonlySet<string> },
) {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  if (!facts.relatedToCenter) throw notFound();
  const [[trainee], overview, qualifications, courseRows] = await Promise.all([
    peopleByIds(db, [traineeId]).then((rows) => rows.map(({ id, name, email, phone }) => ({ id, name, email, phone }))),
    learnerOverview(db, traineeId, facts.heldLevels),
    qualificationsOf(db, traineeId),
    liveCourses(db),
  ]);
  if (!trainee) throw notFound();
  return { trainee, overview, qualifications, courses: courseRows };
}
