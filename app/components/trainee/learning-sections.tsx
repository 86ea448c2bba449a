import { useTranslation } from "react-i18next";
import { DataTable } from "~/components/data-table";
import { ProgressBar } from "~/components/progress";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";

// What the staff's trainee page shows of a trainee's learning; read-only, so any page may reuse it.

interface LevelProgress {
  slug: string;
  nameZh: string;
  nameEn: string;
  status: {
    held: boolean;
    lessonsCompleted: number;
    lessonsTotal: number;
    coursesCompleted: number;
    requiredCourses: readonly string[];
    hours: number;
    minHours: number;
  };
}

/** One card per level: held or not, lessons and study hours against what the level asks. */
export function LevelProgressCards({ levels }: { levels: LevelProgress[] }) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <section className="grid gap-4 md:grid-cols-3" aria-label={t("learn.pathTitle")}>
      {levels.map((level) => (
        <div key={level.slug} className="card space-y-3">
          <h2 className="font-semibold">{pick(level.nameZh, level.nameEn)}</h2>
          {level.status.held ? <p className="text-sm text-green-800">{t("learn.held")}</p> : null}
          <ProgressBar
            label={t("learn.coursesDone")}
            done={level.status.lessonsCompleted}
            total={level.status.lessonsTotal}
            detail={t("learn.coursesOf", {
              done: level.status.coursesCompleted,
              total: level.status.requiredCourses.length,
            })}
          />
          <ProgressBar
            label={t("learn.studyHours")}
            done={level.status.hours}
            total={level.status.minHours}
            detail={t("learn.hoursOf", { done: level.status.hours, total: level.status.minHours })}
          />
        </div>
      ))}
    </section>
  );
}

interface CourseProgress {
  slug: string;
  titleZh: string;
  titleEn: string;
  levelSlug: string;
  progress: { lessonsCompleted: number; lessonsTotal: number; seconds: number } | null;
}

/** 按课程: lessons done and hours studied in each live course. */
export function CourseProgressSection({
  courses,
  levelName,
}: {
  courses: CourseProgress[];
  levelName: (slug: string) => string;
}) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  return (
    <section className="card overflow-x-auto" aria-labelledby="by-course">
      <h2 id="by-course" className="text-lg font-semibold">
        {t("staffLearn.byCourse")}
      </h2>
      <DataTable
        rows={courses}
        rowKey={(c) => c.slug}
        className="mt-3"
        columns={[
          {
            header: t("staffLearn.course"),
            cell: (c) => (
              <>
                {pick(c.titleZh, c.titleEn)} <span className="text-slate-500">· {levelName(c.levelSlug)}</span>
              </>
            ),
          },
          {
            header: t("staffLearn.lessons"),
            cell: (c) => `${c.progress?.lessonsCompleted ?? 0}/${c.progress?.lessonsTotal ?? 0}`,
            className: "tabular-nums",
          },
          // Hours rounded down to a tenth: never more than was studied.
          {
            header: t("staffLearn.hours"),
            cell: (c) => Math.floor(((c.progress?.seconds ?? 0) / 3600) * 10) / 10,
            className: "tabular-nums",
          },
        ]}
      />
    </section>
  );
}

interface Qualification {
  levelSlug: string;
  note: string;
  recordedBy: string | null;
  createdAt: Date | string;
}

/** 已认定的同等资格: equivalent qualifications the center recorded. */
export function QualificationsSection({
  qualifications,
  levelName,
}: {
  qualifications: Qualification[];
  levelName: (slug: string) => string;
}) {
  const { t } = useTranslation();
  const { language } = useLocale();
  return (
    <section className="card" aria-labelledby="qualifications">
      <h2 id="qualifications" className="text-lg font-semibold">
        {t("staffLearn.qualifications")}
      </h2>
      {qualifications.length === 0 ? (
        <p className="mt-2 text-slate-600">{t("staffLearn.noQualifications")}</p>
      ) : (
        <ul className="mt-2 space-y-2 text-sm">
          {qualifications.map((q) => (
            <li key={q.levelSlug}>
              <span className="font-medium">{levelName(q.levelSlug)}</span> — {q.note}
              <span className="text-slate-500">
                {" "}
                · {t("staffLearn.recordedBy")} {q.recordedBy ?? "—"} · {formatDateTime(q.createdAt, language)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
