import { useTranslation } from "react-i18next";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatDateTime } from "~/i18n/config";
import { cohortStatus } from "~/modules/cohorts";

export interface MyCohort {
  id: string;
  name: string;
  levelSlug: string;
  startsOn: string;
  endsOn: string;
  closedAt: string | null;
  instructors: string[];
  sessions: { id: string; name: string; location: string | null; opensAt: string; closesAt: string }[];
}

/** A trainee's cohorts and their schedule: dates, instructors and exam sessions. */
export function MyCohorts({ cohorts }: { cohorts: MyCohort[] }) {
  const { t } = useTranslation();
  const { language } = useLocale();
  if (!cohorts.length) return null;
  return (
    <section className="card space-y-4" aria-labelledby="my-cohorts">
      <h2 id="my-cohorts" className="text-lg font-semibold">
        {t("cohorts.mine")}
      </h2>
      {cohorts.map((c) => (
        <div key={c.id} className="space-y-1 text-sm">
          <p className="font-medium">
            {c.name} · {t(`levels.${c.levelSlug}`, { defaultValue: c.levelSlug })}
            {` · ${t(`cohorts.state.${cohortStatus(c)}`)}`}
          </p>
          <p className="text-slate-700">
            {formatDate(c.startsOn, language)} – {formatDate(c.endsOn, language)}
            {c.instructors.length ? ` · ${t("cohorts.instructorsOf", { names: c.instructors.join("、") })}` : ""}
          </p>
          <h3 className="pt-1 font-medium">{t("cohorts.schedule")}</h3>
          {c.sessions.length ? (
            <ul className="list-disc pl-5">
              {c.sessions.map((s) => (
                <li key={s.id}>
                  {s.name} · {formatDateTime(s.opensAt, language)} – {formatDateTime(s.closesAt, language)}
                  {s.location ? ` · ${s.location}` : ""}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-slate-600">{t("cohorts.noSessions")}</p>
          )}
        </div>
      ))}
    </section>
  );
}
