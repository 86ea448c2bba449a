import type { DbOrTx } from "#db/client";
import { classroomSessionsBetween } from "~/modules/cohorts/index.server";
import { examSessionsBetween, gradingQueue } from "~/modules/exams/index.server";
import {
  getOrganization,
  getRegion,
  homePlaces,
  listVisibleOrganizations,
  type SessionUser,
} from "~/modules/orgs/index.server";
import { reviewQueue } from "~/modules/portfolio/index.server";
import { keyFigures } from "~/modules/statistics/index.server";

type Actor = Pick<SessionUser, "id" | "memberships">;
interface Center {
  id: string;
  nameZh: string;
  nameEn: string;
  regionId: string | null;
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The calendar week (Monday 00:00 to the next Monday, Asia/Shanghai) that `now` falls in. */
export function weekOf(now: Date): { from: Date; to: Date } {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS);
  const sinceMonday = (local.getUTCDay() + 6) % 7;
  const monday = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - sinceMonday);
  const from = new Date(monday - SHANGHAI_OFFSET_MS);
  return { from, to: new Date(from.getTime() + 7 * DAY_MS) };
}

/** Exam and classroom sessions of these centers in the week, in time order, each with its center. */
async function sessionsOfWeek(db: DbOrTx, actor: Actor, centers: Center[], week: { from: Date; to: Date }) {
  const [exams, classes] = await Promise.all([
    examSessionsBetween(db, actor, centers, week.from, week.to),
    classroomSessionsBetween(db, actor, centers, week.from, week.to),
  ]);
  const named = (centerId: string) => {
    const c = centers.find((x) => x.id === centerId)!;
    return { centerId, centerNameZh: c.nameZh, centerNameEn: c.nameEn };
  };
  return [
    ...exams.map((s) => ({
      kind: "exam" as const,
      id: s.id,
      ...named(s.centerId),
      cohortId: null,
      title: s.name,
      place: s.location,
      startsAt: s.opensAt,
      endsAt: s.closesAt,
    })),
    ...classes.map((s) => ({
      kind: "classroom" as const,
      id: s.id,
      ...named(s.centerId),
      cohortId: s.cohortId,
      title: s.topic ? `${s.cohortName} · ${s.topic}` : s.cohortName,
      place: s.place as string | null,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
    })),
  ].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}

/**
 * What center staff, region admins and platform admins see first on their home page: the key figures of each
 * place they look after (the statistics' definitions) and the work waiting there — written answers for this
 * grader, portfolio cases to review, exam and classroom sessions this week. Strictly their own places.
 */
export async function staffHome(db: DbOrTx, actor: Actor, now = new Date()) {
  const places = homePlaces(actor);
  const week = weekOf(now);

  const centers = [];
  for (const id of places.centerIds) {
    const org = await getOrganization(db, actor, id);
    if (org.kind !== "training_center") continue;
    const center = { id: org.id, nameZh: org.nameZh, nameEn: org.nameEn, regionId: org.regionId };
    const [figures, grading, cases, sessions] = await Promise.all([
      keyFigures(db, actor, { centerId: center.id, regionId: center.regionId }),
      gradingQueue(db, actor, center.id),
      reviewQueue(db, actor, center),
      sessionsOfWeek(db, actor, [center], week),
    ]);
    centers.push({ ...center, figures, grading: grading.queue.length, cases: cases.length, sessions });
  }

  const regions = [];
  for (const id of places.regionIds) {
    const region = await getRegion(db, actor, id);
    const regionCenters: Center[] = (
      await listVisibleOrganizations(db, actor, { kind: "training_center", regionId: region.id })
    ).map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, regionId: c.regionId }));
    const [figures, sessions, cases] = await Promise.all([
      keyFigures(db, actor, { regionId: region.id }),
      sessionsOfWeek(db, actor, regionCenters, week),
      Promise.all(regionCenters.map(async (c) => ({ ...c, cases: (await reviewQueue(db, actor, c)).length }))),
    ]);
    regions.push({
      id: region.id,
      nameZh: region.nameZh,
      nameEn: region.nameEn,
      figures,
      sessions,
      // Centers with portfolio cases waiting for their review.
      cases: cases
        .filter((c) => c.cases > 0)
        .map(({ id, nameZh, nameEn, cases: count }) => ({ id, nameZh, nameEn, count })),
    });
  }

  let platform = null;
  if (places.platformAdmin) {
    const all = await listVisibleOrganizations(db, actor, { kind: "training_center" });
    const sessions = await sessionsOfWeek(
      db,
      actor,
      all.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, regionId: c.regionId })),
      week,
    );
    platform = {
      figures: await keyFigures(db, actor, "platform"),
      examSessions: sessions.filter((s) => s.kind === "exam").length,
      classroomSessions: sessions.filter((s) => s.kind === "classroom").length,
    };
  }
  return { week, centers, regions, platform };
}

export type StaffHome = Awaited<ReturnType<typeof staffHome>>;
