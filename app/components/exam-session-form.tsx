import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormMessage, LevelOptions } from "~/components/forms";
import { formatDateTime, isLanguage } from "~/i18n/config";

interface Option {
  id: string;
  name: string;
}

/**
 * Schedules an exam session: for the cohort given, or for trainees ticked from the list. Times are
 * entered and shown in China Standard Time.
 */
export function ExamSessionForm({
  levels,
  cohort,
  trainees,
  errors,
}: {
  levels: { slug: string; nameZh: string; nameEn: string }[];
  cohort?: { id: string; levelSlug: string };
  trainees?: Option[];
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const fieldError = (name: string) => (errors[name] ? <ErrorList id={`session-${name}-error`} errors={[errors[name]]} /> : null);
  const described = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `session-${name}-error` } : {});
  return (
    <Form method="post" className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="intent" value="schedule" />
      {cohort ? <input type="hidden" name="cohortId" value={cohort.id} /> : null}
      {Object.keys(errors).length ? <FormMessage>{t("cohorts.fixErrors")}</FormMessage> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="session-name" className="block text-sm font-medium">
            {t("sessions.name")}
          </label>
          <input id="session-name" name="name" className="input mt-1" maxLength={100} placeholder={t("sessions.namePlaceholder")} {...described("name")} />
          {fieldError("name")}
        </div>
        {cohort ? (
          <input type="hidden" name="levelSlug" value={cohort.levelSlug} />
        ) : (
          <div>
            <label htmlFor="session-level" className="block text-sm font-medium">
              {t("cohorts.level")}
            </label>
            <select id="session-level" name="levelSlug" className="input mt-1" {...described("levelSlug")}>
              <LevelOptions levels={levels} />
            </select>
            {fieldError("levelSlug")}
          </div>
        )}
        <div>
          <label htmlFor="session-opens" className="block text-sm font-medium">
            {t("sessions.opensAt")}
          </label>
          <input id="session-opens" name="opensAt" type="datetime-local" className="input mt-1" {...described("opensAt")} />
          {fieldError("opensAt")}
        </div>
        <div>
          <label htmlFor="session-closes" className="block text-sm font-medium">
            {t("sessions.closesAt")}
          </label>
          <input id="session-closes" name="closesAt" type="datetime-local" className="input mt-1" {...described("closesAt")} />
          {fieldError("closesAt")}
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="session-location" className="block text-sm font-medium">
            {t("sessions.location")}
          </label>
          <input id="session-location" name="location" className="input mt-1" maxLength={200} {...described("location")} />
          {fieldError("location")}
        </div>
      </div>
      <p className="text-sm text-slate-600">{t("sessions.timeHint")}</p>
      {trainees ? (
        <fieldset>
          <legend className="text-sm font-medium">{t("sessions.candidates")}</legend>
          {trainees.length === 0 ? <p className="text-sm text-slate-600">{t("cohorts.noTrainees")}</p> : null}
          <div className="mt-1 grid max-h-64 gap-1 overflow-y-auto sm:grid-cols-2">
            {trainees.map((s) => (
              <label key={s.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" name="traineeIds" value={s.id} /> {s.name}
              </label>
            ))}
          </div>
          {fieldError("traineeIds")}
        </fieldset>
      ) : null}
      {fieldError("cohortId")}
      <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
        {t("sessions.schedule")}
      </button>
    </Form>
  );
}

export interface SessionRow {
  id: string;
  name: string;
  location: string | null;
  opensAt: string;
  closesAt: string;
  cancelledAt: string | null;
  who?: string;
}

/** The sessions of a center or a cohort, with a cancel button for those not yet over. */
export function ExamSessionTable({ sessions, canCancel, now }: { sessions: SessionRow[]; canCancel: boolean; now: string }) {
  const { t, i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : "zh-CN";
  if (!sessions.length) return <p className="mt-2 text-slate-600">{t("sessions.empty")}</p>;
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b text-slate-600">
          <tr>
            <th scope="col" className="py-2 pr-4">{t("sessions.name")}</th>
            <th scope="col" className="py-2 pr-4">{t("sessions.window")}</th>
            <th scope="col" className="py-2 pr-4">{t("sessions.location")}</th>
            {sessions.some((s) => s.who) ? <th scope="col" className="py-2 pr-4">{t("sessions.candidates")}</th> : null}
            <th scope="col" className="py-2 pr-4">{t("cohorts.status")}</th>
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => {
            const over = s.closesAt <= now;
            return (
              <tr key={s.id} className="border-b align-top last:border-0">
                <td className="py-2 pr-4">{s.name}</td>
                <td className="py-2 pr-4 tabular-nums">
                  {formatDateTime(s.opensAt, language)} – {formatDateTime(s.closesAt, language)}
                </td>
                <td className="py-2 pr-4">{s.location ?? "—"}</td>
                {sessions.some((x) => x.who) ? <td className="py-2 pr-4">{s.who ?? "—"}</td> : null}
                <td className="py-2 pr-4">
                  {s.cancelledAt ? (
                    t("sessions.cancelled")
                  ) : over ? (
                    t("sessions.over")
                  ) : canCancel ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="cancel" />
                      <input type="hidden" name="sessionId" value={s.id} />
                      <button type="submit" className="btn-secondary">
                        {t("sessions.cancel")}
                      </button>
                    </Form>
                  ) : (
                    t("sessions.scheduled")
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
