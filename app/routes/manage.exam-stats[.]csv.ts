import type { LoaderFunctionArgs } from "@remix-run/node";
import { requestLanguage, translator } from "~/i18n/i18n.server";
import { itemStatsRows, storedItemStatistics } from "~/modules/exams/index.server";
import { requireUser } from "~/utils/auth.server";
import { examStatsRequest } from "~/utils/exam-stats-request.server";
import { tableDownload } from "~/utils/table-download.server";

/** The item statistics as a file for Excel, within the viewer's scope. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { database, levelSlug, centerId } = await examStatsRequest(request, user);
  // The figures the page shows: as the item-statistics job last computed them.
  const stats = await storedItemStatistics(database, user, levelSlug, centerId);
  const t = await translator(await requestLanguage(request));
  const header = ["topic", "question", "type", "used", "facility", "discrimination"].map((k) => t(`examStats.${k}`));
  return tableDownload(
    "csv",
    { ascii: `item-statistics-${levelSlug}`, title: t("examStats.title") },
    header,
    itemStatsRows(stats),
  );
}
