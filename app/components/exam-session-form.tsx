import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form, Link, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { ErrorList, FormMessage, LevelOptions } from "~/components/forms";
import { DataTable } from "~/components/data-table";
import { useLocale } from "~/hooks/use-locale";
import { formatDateTime } from "~/i18n/config";
import { toChinaLocal } from "~/utils/china-time";
import type { scheduleSessionSchema } from "~/utils/exam-session-schema";

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
  namedTrainees,
  lastResult,
}: {
  levels: { slug: string; nameZh: string; nameEn: string }[];
  cohort?: { id: string; levelSlug: string };
  trainees?: Option[];
  /** The trainees are ticked in a picker outside the form (its checkboxes name this form): show their errors here. */
  namedTrainees?: boolean;
  /** The reply to the last schedule request, if that is what the page's action last answered. */
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof scheduleSessionSchema>>({ id: "session", lastResult });
  type Name = "name" | "levelSlug" | "opensAt" | "closesAt" | "location" | "traineeIds" | "cohortId";
  // Only a schedule reply shows errors: a later answer of another kind (a cancel, say) clears them.
  const errorsOf = (name: Name): string[] => (lastResult ? Object.values(fields[name].allErrors).flat() : []);
  const anyError = !!lastResult && Object.keys(form.allErrors).length > 0;
  const fieldError = (name: Name) =>
    errorsOf(name).length ? <ErrorList id={fields[name].errorId} errors={errorsOf(name)} /> : null;
  const described = (name: Name) =>
    errorsOf(name).length ? { "aria-invalid": true, "aria-describedby": fields[name].errorId } : {};
  return (
    <Form method="post" id={form.id} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="intent" value="schedule" />
      {cohort ? <input type="hidden" name="cohortId" value={cohort.id} /> : null}
      {anyError ? <FormMessage>{t("cohorts.fixErrors")}</FormMessage> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="session-name" className="block text-sm font-medium">
            {t("sessions.name")}
          </label>
          <input
            id="session-name"
            name="name"
            className="input mt-1"
            maxLength={100}
            placeholder={t("sessions.namePlaceholder")}
            {...described("name")}
          />
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
          <input
            id="session-opens"
            name="opensAt"
            type="datetime-local"
            className="input mt-1"
            {...described("opensAt")}
          />
          {fieldError("opensAt")}
        </div>
        <div>
          <label htmlFor="session-closes" className="block text-sm font-medium">
            {t("sessions.closesAt")}
          </label>
          <input
            id="session-closes"
            name="closesAt"
            type="datetime-local"
            className="input mt-1"
            {...described("closesAt")}
          />
          {fieldError("closesAt")}
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="session-location" className="block text-sm font-medium">
            {t("sessions.location")}
          </label>
          <input
            id="session-location"
            name="location"
            className="input mt-1"
            maxLength={200}
            {...described("location")}
          />
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
      {namedTrainees ? fieldError("traineeIds") : null}
      {fieldError("cohortId")}
      <button type="submit" className="btn" disabled={navigation.state === "submitting"}>
        {t("sessions.schedule")}
      </button>
    </Form>
  );
}

/**
 * Moves a scheduled session (its window, its place); its candidates are told with an updated calendar file.
 * Times in China Standard Time, as the schedule form.
 */
function RescheduleForm({ session }: { session: SessionRow }) {
  const { t } = useTranslation();
  const id = (field: string) => `reschedule-${session.id}-${field}`;
  return (
    <details>
      <summary className="link cursor-pointer text-sm">{t("sessions.change")}</summary>
      <Form method="post" className="mt-2 space-y-2">
        <input type="hidden" name="intent" value="reschedule" />
        <input type="hidden" name="sessionId" value={session.id} />
        <label htmlFor={id("opens")} className="block text-sm font-medium">
          {t("sessions.newOpensAt")}
        </label>
        <input
          id={id("opens")}
          name="opensAt"
          type="datetime-local"
          className="input"
          required
          defaultValue={toChinaLocal(session.opensAt)}
        />
        <label htmlFor={id("closes")} className="block text-sm font-medium">
          {t("sessions.newClosesAt")}
        </label>
        <input
          id={id("closes")}
          name="closesAt"
          type="datetime-local"
          className="input"
          required
          defaultValue={toChinaLocal(session.closesAt)}
        />
        <label htmlFor={id("location")} className="block text-sm font-medium">
          {t("sessions.newLocation")}
        </label>
        <input
          id={id("location")}
          name="location"
          className="input"
          maxLength={200}
          defaultValue={session.location ?? ""}
        />
        <button type="submit" className="btn-secondary">
          {t("sessions.saveChange")}
        </button>
      </Form>
    </details>
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
export function ExamSessionTable({
  sessions,
  canCancel,
  now,
  consoleHref,
}: {
  sessions: SessionRow[];
  canCancel: boolean;
  now: string;
  /** The proctor console of a session (docs/exam-integrity.md), for the center's staff. */
  consoleHref?: (sessionId: string) => string;
}) {
  const { t } = useTranslation();
  const { language } = useLocale();
  if (!sessions.length) return <p className="mt-2 text-slate-600">{t("sessions.empty")}</p>;
  return (
    <DataTable
      rows={sessions}
      rowKey={(s) => s.id}
      className="mt-3"
      rowClassName="align-top"
      columns={[
        {
          header: t("sessions.name"),
          cell: (s) =>
            consoleHref && !s.cancelledAt ? (
              <>
                {s.name}
                <br />
                <Link to={consoleHref(s.id)} className="link text-sm">
                  {t("integrity.sessionLink")}
                </Link>
              </>
            ) : (
              s.name
            ),
        },
        {
          header: t("sessions.window"),
          cell: (s) => (
            <>
              {formatDateTime(s.opensAt, language)} – {formatDateTime(s.closesAt, language)}
            </>
          ),
          className: "tabular-nums",
        },
        { header: t("sessions.location"), cell: (s) => s.location ?? "—" },
        ...(sessions.some((s) => s.who)
          ? [{ header: t("sessions.candidates"), cell: (s: SessionRow) => s.who ?? "—" }]
          : []),
        {
          header: t("cohorts.status"),
          cell: (s) =>
            s.cancelledAt ? (
              t("sessions.cancelled")
            ) : s.closesAt <= now ? (
              t("sessions.over")
            ) : canCancel ? (
              <div className="space-y-2">
                <Form method="post">
                  <input type="hidden" name="intent" value="cancel" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" className="btn-secondary">
                    {t("sessions.cancel")}
                  </button>
                </Form>
                <RescheduleForm session={s} />
              </div>
            ) : (
              t("sessions.scheduled")
            ),
        },
      ]}
    />
  );
}
