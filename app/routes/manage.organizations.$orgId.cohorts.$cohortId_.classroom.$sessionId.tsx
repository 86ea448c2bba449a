import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { parseWithZod } from "@conform-to/zod";
import { FormMessage, PageHeader } from "~/components/forms";
import { PrintButton } from "~/components/classroom/print-button";
import { useLocale } from "~/hooks/use-locale";
import { formatDate, formatDateTime, formatTime } from "~/i18n/config";
import { attendanceSheet, markAttendance, requireClassroomManager } from "~/modules/cohorts/index.server";
import { ATTENDANCE_STATUSES, markAttendanceSchema, maskMobile, minutesToHours } from "~/modules/cohorts";
import { can } from "~/modules/orgs/index.server";
import { requireClassroomSession } from "~/utils/classroom-route.server";
import { firstError } from "~/utils/form-reply";
import { titleMeta } from "~/utils/meta";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "classroom.sheet");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, database, center, cohortId, sessionId } = await requireClassroomSession(request, params);
  const sheet = await attendanceSheet(database, user, center, cohortId, sessionId);
  return {
    center: { id: center.id, nameZh: center.nameZh, nameEn: center.nameEn },
    cohort: { id: sheet.cohort.id, name: sheet.cohort.name },
    session: {
      id: sheet.session.id,
      startsAt: sheet.session.startsAt.toISOString(),
      endsAt: sheet.session.endsAt.toISOString(),
      place: sheet.session.place,
      lecturer: sheet.session.lecturer,
      hours: minutesToHours(sheet.session.creditMinutes),
      topic: sheet.session.topic,
      courseSlug: sheet.session.courseSlug,
      cancelled: sheet.session.cancelledAt !== null,
    },
    rows: sheet.rows.map((r) => ({
      id: r.id,
      name: r.name,
      // A printed sheet lies on a desk: mobile numbers are masked on it.
      mobile: r.phone ? maskMobile(r.phone) : null,
      member: r.member,
      status: r.status,
      checkedInAt: r.checkedInAt?.toISOString() ?? null,
      byStaff: r.byStaff,
    })),
    canManage: can(user, "manage:center", { centerId: center.id }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, database, center, cohortId, sessionId } = await requireClassroomSession(request, params);
  await requireClassroomManager(database, user, center, cohortId, sessionId);
  const submission = parseWithZod(await request.formData(), { schema: markAttendanceSchema });
  if (submission.status !== "success")
    return data({ error: firstError(submission.reply()) ?? "classroom.errors.status", changed: null }, { status: 400 });
  const outcome = await markAttendance(database, user, center, cohortId, sessionId, submission.value.marks);
  if (!outcome.ok) return data({ error: outcome.message, changed: null }, { status: 400 });
  return data({ error: null, changed: outcome.changed });
}

export default function AttendanceSheetPage() {
  const { t } = useTranslation();
  const { language, pick } = useLocale();
  const { center, cohort, session, rows, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const base = `/manage/organizations/${center.id}/cohorts/${cohort.id}/classroom`;
  const editable = canManage && !session.cancelled;
  const statusText = (status: string | null) => t(`classroom.status.${status ?? "none"}`);
  return (
    <div className="space-y-6" data-printable>
      <PageHeader title={t("classroom.sheetTitle", { cohort: cohort.name })}>
        <div className="flex flex-wrap items-center gap-3 text-sm print:hidden">
          <Link to={base} className="link">
            {t("classroom.backToSessions")}
          </Link>
          <a href={`${base}/${session.id}/sheet.csv`} className="btn-secondary px-3 py-1.5" download>
            {t("classroom.exportCsv")}
          </a>
          <a href={`${base}/${session.id}/sheet.xlsx`} className="btn-secondary px-3 py-1.5" download>
            {t("classroom.exportXlsx")}
          </a>
          <PrintButton label={t("classroom.print")} />
        </div>
      </PageHeader>
      <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className="font-medium">{t("cohorts.title")}</dt>
        <dd>
          {pick(center.nameZh, center.nameEn)} · {cohort.name}
        </dd>
        <dt className="font-medium">{t("classroom.time")}</dt>
        <dd>
          {formatDate(session.startsAt, language)} {formatTime(session.startsAt, language)}–
          {formatTime(session.endsAt, language)}
          {session.cancelled ? ` · ${t("classroom.cancelled")}` : ""}
        </dd>
        <dt className="font-medium">{t("classroom.place")}</dt>
        <dd>{session.place}</dd>
        <dt className="font-medium">{t("classroom.lecturer")}</dt>
        <dd>{session.lecturer}</dd>
        <dt className="font-medium">{t("classroom.hours")}</dt>
        <dd>{session.hours}</dd>
        {session.topic ? (
          <>
            <dt className="font-medium">{t("classroom.topic")}</dt>
            <dd>{session.topic}</dd>
          </>
        ) : null}
      </dl>
      <p className="text-sm text-slate-600 print:hidden">{t("classroom.printHint")}</p>
      {actionData?.error ? <FormMessage>{t(actionData.error)}</FormMessage> : null}
      {actionData?.changed !== null && actionData?.changed !== undefined ? (
        <FormMessage tone="success">{t("classroom.marked", { count: actionData.changed })}</FormMessage>
      ) : null}
      <Form method="post" className="space-y-4">
        <input type="hidden" name="intent" value="mark" />
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" id="attendance-sheet">
            <caption className="sr-only">{t("classroom.sheetCaption")}</caption>
            <thead className="border-b text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4">
                  {t("classroom.name")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("classroom.mobile")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("classroom.attendance")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("classroom.checkedInAt")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("classroom.how")}
                </th>
                {editable ? (
                  <th scope="col" className="py-2 pr-4 print:hidden">
                    {t("classroom.markTitle")}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={r.id} className="border-b last:border-0" data-trainee={r.name}>
                  <th scope="row" className="py-2 pr-4 font-normal">
                    {r.name}
                    {r.member ? null : <span className="ml-1 text-slate-500">{t("classroom.leftCohort")}</span>}
                  </th>
                  <td className="py-2 pr-4 tabular-nums">{r.mobile}</td>
                  <td className="py-2 pr-4" data-status={r.status ?? "none"}>
                    {statusText(r.status)}
                  </td>
                  <td className="py-2 pr-4 whitespace-nowrap">
                    {r.checkedInAt ? formatDateTime(r.checkedInAt, language) : ""}
                  </td>
                  <td className="py-2 pr-4">
                    {r.status ? (r.byStaff ? t("classroom.byStaff") : t("classroom.byScan")) : ""}
                  </td>
                  {editable ? (
                    <td className="py-2 pr-4 print:hidden">
                      {r.member ? (
                        <>
                          <input type="hidden" name={`marks[${i}].userId`} value={r.id} />
                          <select
                            name={`marks[${i}].status`}
                            className="input py-1"
                            defaultValue=""
                            aria-label={`${t("classroom.markTitle")}: ${r.name}`}
                          >
                            <option value="">—</option>
                            {ATTENDANCE_STATUSES.map((s) => (
                              <option key={s} value={s}>
                                {statusText(s)}
                              </option>
                            ))}
                          </select>
                        </>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {editable && rows.length ? (
          <div className="print:hidden">
            <p className="text-sm text-slate-600">{t("classroom.markHint")}</p>
            <button type="submit" className="btn mt-2" disabled={navigation.state === "submitting"}>
              {t("classroom.markSave")}
            </button>
          </div>
        ) : null}
      </Form>
    </div>
  );
}
