import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PageHeader } from "~/components/forms";
import { LevelCard } from "~/components/level-card";
import { MyCohorts } from "~/components/my-cohorts";
import { MyClassroomSessions } from "~/components/classroom/my-classroom-sessions";
import { useLocale } from "~/hooks/use-locale";
import { requirePermission } from "~/modules/orgs/index.server";
import { heldLevelsOf } from "~/modules/certificates/index.server";
import { classroomSessionsOfTrainee } from "~/modules/cohorts/index.server";
import { learnerOverview } from "~/modules/learning/index.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { titleMeta } from "~/utils/meta";
import { traineeCohortSchedule } from "~/workflows/cohort-schedule.server";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "learn.pathTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  requirePermission(user, "study");
  const database = await db();
  const [overview, cohorts, classroom] = await Promise.all([
    learnerOverview(database, user.id, heldLevelsOf(database, user.id)),
    traineeCohortSchedule(database, user.id),
    classroomSessionsOfTrainee(database, user.id),
  ]);
  return {
    cohorts: cohorts.map((c) => ({
      ...c,
      closedAt: c.closedAt?.toISOString() ?? null,
      sessions: c.sessions.map((s) => ({ ...s, opensAt: s.opensAt.toISOString(), closesAt: s.closesAt.toISOString() })),
    })),
    levels: overview.levels.map(({ slug, nameZh, nameEn, status }) => ({ slug, nameZh, nameEn, status })),
    resume: overview.resume,
    classroom: classroom.map((s) => ({
      id: s.id,
      cohortName: s.cohortName,
      startsAt: s.startsAt.toISOString(),
      endsAt: s.endsAt.toISOString(),
      place: s.place,
      lecturer: s.lecturer,
      creditMinutes: s.creditMinutes,
      topic: s.topic,
      cancelled: s.cancelledAt !== null,
      status: s.status,
    })),
  };
}

export default function LearningPath() {
  const { t } = useTranslation();
  const { levels, resume, cohorts, classroom } = useLoaderData<typeof loader>();
  const { en } = useLocale();
  return (
    <div className="space-y-6">
      <PageHeader title={t("learn.pathTitle")}>
        {resume ? (
          <Link className="btn" to={`/learn/courses/${resume.courseSlug}/${resume.lessonSlug}`}>
            {t("learn.continue", { title: en ? resume.titleEn : resume.titleZh })}
          </Link>
        ) : null}
      </PageHeader>
      <p className="text-slate-700">{t("learn.pathIntro")}</p>
      <MyCohorts cohorts={cohorts} />
      <MyClassroomSessions sessions={classroom} />
      <ol className="grid gap-4 md:grid-cols-3">
        {levels.map((level, i) => (
          <li key={level.slug}>
            <LevelCard level={level} levels={levels} step={i + 1} />
          </li>
        ))}
      </ol>
    </div>
  );
}
