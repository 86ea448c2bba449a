import { requestLanguage, translator } from "~/i18n/i18n.server";
import { attendanceSheet } from "~/modules/cohorts/index.server";
import { minutesToHours } from "~/modules/cohorts";
import { chinaIsoDateTime } from "~/utils/china-time";
import { requireClassroomSession } from "~/utils/classroom-route.server";
import { tableDownload, type TableFormat } from "~/utils/table-download.server";

/**
 * GET …/cohorts/:cohortId/classroom/:sessionId/sheet.(csv|xlsx): one session's attendance sheet, headers in the
 * reader's language, through the spreadsheets area's exports (formulas neutralized). Staff of the center and
 * its region's admins, as the sheet page.
 */
export async function attendanceSheetDownload(
  request: Request,
  params: { orgId?: string; cohortId?: string; sessionId?: string },
  format: TableFormat,
) {
  const { user, database, center, cohortId, sessionId } = await requireClassroomSession(request, params);
  const sheet = await attendanceSheet(database, user, center, cohortId, sessionId);
  const t = await translator(await requestLanguage(request));
  const { session } = sheet;
  const headers = [
    t("classroom.cohort"),
    t("classroom.date"),
    t("classroom.startTime"),
    t("classroom.endTime"),
    t("classroom.place"),
    t("classroom.lecturer"),
    t("classroom.topic"),
    t("classroom.hours"),
    t("classroom.name"),
    t("classroom.mobile"),
    t("classroom.email"),
    t("classroom.attendance"),
    t("classroom.checkedInAt"),
    t("classroom.how"),
  ];
  const start = chinaIsoDateTime(session.startsAt);
  const rows = sheet.rows.map((r) => [
    sheet.cohort.name,
    start.slice(0, 10),
    start.slice(11, 16),
    chinaIsoDateTime(session.endsAt).slice(11, 16),
    session.place,
    session.lecturer,
    session.topic ?? session.courseSlug ?? "",
    minutesToHours(session.creditMinutes),
    r.name,
    r.phone ?? "",
    r.email ?? "",
    t(`classroom.status.${r.status ?? "none"}`),
    r.checkedInAt,
    r.status ? (r.byStaff ? t("classroom.byStaff") : t("classroom.byScan")) : "",
  ]);
  return tableDownload(
    format,
    {
      ascii: `attendance-${start.slice(0, 10)}`,
      title: `${t("classroom.fileTitle")}-${sheet.cohort.name}-${start.slice(0, 10)}`,
    },
    headers,
    rows,
  );
}
