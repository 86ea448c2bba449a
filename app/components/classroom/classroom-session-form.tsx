import { useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ErrorList, FormMessage } from "~/components/forms";
import { useLocale } from "~/hooks/use-locale";

export interface ClassroomSessionDefaults {
  id: string;
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  lecturer: string;
  hours: number;
  topic: string | null;
  courseSlug: string | null;
  graceMinutes: number;
}

type Name = "date" | "startTime" | "endTime" | "place" | "lecturer" | "hours" | "topic" | "courseSlug" | "graceMinutes";

/**
 * Schedules a classroom session, or changes one (`session` given). Times are typed and shown in China
 * Standard Time; errors come back from the server as catalog keys.
 */
export function ClassroomSessionForm({
  courses,
  session,
  lastResult,
}: {
  courses: { slug: string; titleZh: string; titleEn: string }[];
  session?: ClassroomSessionDefaults;
  lastResult?: SubmissionResult<string[]> | null;
}) {
  const { t } = useTranslation();
  const { pick } = useLocale();
  const navigation = useNavigation();
  const prefix = session ? `edit-${session.id}` : "schedule";
  const [form, fields] = useForm({ id: prefix, lastResult });
  const errorsOf = (name: Name): string[] => (lastResult ? (fields[name]?.errors ?? []) : []);
  const anyError = !!lastResult && Object.keys(form.allErrors).length > 0;
  const described = (name: Name) =>
    errorsOf(name).length ? { "aria-invalid": true, "aria-describedby": `${prefix}-${name}-error` } : {};
  const error = (name: Name) => <ErrorList id={`${prefix}-${name}-error`} errors={errorsOf(name)} />;
  const label = (name: Name, text: string) => (
    <label htmlFor={`${prefix}-${name}`} className="block text-sm font-medium">
      {text}
    </label>
  );
  const busy =
    navigation.state === "submitting" && navigation.formData?.get("intent") === (session ? "edit" : "schedule");
  return (
    <Form method="post" id={form.id} className="mt-4 space-y-4" noValidate>
      <input type="hidden" name="intent" value={session ? "edit" : "schedule"} />
      {session ? <input type="hidden" name="sessionId" value={session.id} /> : null}
      {anyError ? <FormMessage>{t("classroom.fixErrors")}</FormMessage> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <div>
          {label("date", t("classroom.date"))}
          <input
            id={`${prefix}-date`}
            name="date"
            type="date"
            className="input mt-1"
            defaultValue={session?.date}
            {...described("date")}
          />
          {error("date")}
        </div>
        <div>
          {label("startTime", t("classroom.startTime"))}
          <input
            id={`${prefix}-startTime`}
            name="startTime"
            type="time"
            className="input mt-1"
            defaultValue={session?.startTime}
            {...described("startTime")}
          />
          {error("startTime")}
        </div>
        <div>
          {label("endTime", t("classroom.endTime"))}
          <input
            id={`${prefix}-endTime`}
            name="endTime"
            type="time"
            className="input mt-1"
            defaultValue={session?.endTime}
            {...described("endTime")}
          />
          {error("endTime")}
        </div>
        <div className="sm:col-span-2">
          {label("place", t("classroom.place"))}
          <input
            id={`${prefix}-place`}
            name="place"
            className="input mt-1"
            maxLength={200}
            defaultValue={session?.place}
            {...described("place")}
          />
          {error("place")}
        </div>
        <div>
          {label("lecturer", t("classroom.lecturer"))}
          <input
            id={`${prefix}-lecturer`}
            name="lecturer"
            className="input mt-1"
            maxLength={100}
            defaultValue={session?.lecturer}
            {...described("lecturer")}
          />
          {error("lecturer")}
        </div>
        <div className="sm:col-span-2">
          {label("topic", t("classroom.topic"))}
          <input
            id={`${prefix}-topic`}
            name="topic"
            className="input mt-1"
            maxLength={500}
            defaultValue={session?.topic ?? undefined}
            aria-describedby={`${prefix}-topic-hint`}
            {...described("topic")}
          />
          <p id={`${prefix}-topic-hint`} className="mt-1 text-sm text-slate-600">
            {t("classroom.topicHint")}
          </p>
          {error("topic")}
        </div>
        <div>
          {label("courseSlug", t("classroom.course"))}
          <select
            id={`${prefix}-courseSlug`}
            name="courseSlug"
            className="input mt-1"
            defaultValue={session?.courseSlug ?? ""}
            {...described("courseSlug")}
          >
            <option value="">{t("classroom.noCourse")}</option>
            {courses.map((c) => (
              <option key={c.slug} value={c.slug}>
                {pick(c.titleZh, c.titleEn)}
              </option>
            ))}
          </select>
          {error("courseSlug")}
        </div>
        <div>
          {label("hours", t("classroom.hours"))}
          <input
            id={`${prefix}-hours`}
            name="hours"
            type="number"
            inputMode="decimal"
            min={0}
            max={24}
            step={0.1}
            className="input mt-1"
            defaultValue={session?.hours}
            aria-describedby={`${prefix}-hours-hint`}
            {...described("hours")}
          />
          <p id={`${prefix}-hours-hint`} className="mt-1 text-sm text-slate-600">
            {t("classroom.hoursHint")}
          </p>
          {error("hours")}
        </div>
        <div>
          {label("graceMinutes", t("classroom.grace"))}
          <input
            id={`${prefix}-graceMinutes`}
            name="graceMinutes"
            type="number"
            inputMode="numeric"
            min={0}
            max={240}
            step={1}
            className="input mt-1"
            defaultValue={session?.graceMinutes ?? 10}
            aria-describedby={`${prefix}-grace-hint`}
            {...described("graceMinutes")}
          />
          <p id={`${prefix}-grace-hint`} className="mt-1 text-sm text-slate-600">
            {t("classroom.graceHint")}
          </p>
          {error("graceMinutes")}
        </div>
      </div>
      <p className="text-sm text-slate-600">{t("classroom.timeHint")}</p>
      <button type="submit" className="btn" disabled={busy}>
        {session ? t("classroom.save") : t("classroom.schedule")}
      </button>
    </Form>
  );
}
