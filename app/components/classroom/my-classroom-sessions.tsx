import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatTime } from "~/i18n/config";
import { minutesToHours } from "~/modules/cohorts";

export interface MyClassroomSession {
  id: string;
  cohortName: string;
  startsAt: string;
  endsAt: string;
  place: string;
  lecturer: string;
  creditMinutes: number;
  topic: string | null;
  cancelled: boolean;
  status: string | null;
}

/** A trainee's classroom sessions in their cohorts, with their own attendance: a list, as it is read on a phone. */
export function MyClassroomSessions({ sessions }: { sessions: MyClassroomSession[] }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  if (!sessions.length) return null;
  return (
    <section className="card" aria-labelledby="my-classroom">
      <h2 id="my-classroom" className="text-lg font-semibold">
        {t("classroom.mine")}
      </h2>
      <ul className="mt-3 divide-y divide-slate-200 text-sm" aria-label={t("classroom.mineCaption")}>
        {sessions.map((s) => (
          <li key={s.id} className={`py-2 ${s.cancelled ? "text-slate-500" : ""}`}>
            <p className="font-medium">
              {formatDate(s.startsAt, language)} {formatTime(s.startsAt, language)}–{formatTime(s.endsAt, language)}
              {s.topic ? ` · ${s.topic}` : ""}
            </p>
            <p className="text-slate-700">
              {s.cohortName} · {s.place} · {t("classroom.lecturer")}：{s.lecturer} · {t("classroom.hours")}{" "}
              {minutesToHours(s.creditMinutes)}
            </p>
            <p>
              {t("classroom.myStatus")}：
              <strong>{s.cancelled ? t("classroom.cancelled") : t(`classroom.status.${s.status ?? "none"}`)}</strong>
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
