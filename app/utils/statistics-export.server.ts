import { requestLanguage, translator } from "~/i18n/i18n.server";
import { requireUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { tableDownload, type TableFormat } from "~/utils/table-download.server";
import {
  centerExport,
  platformExport,
  regionExport,
  type ExportTable,
  type Words,
} from "~/modules/statistics/index.server";
import { requireStatisticsCenter, requireStatisticsRegion } from "./statistics-scope.server";

/** The request's language for the file's headers and names. */
async function wordsFor(request: Request): Promise<Words> {
  const language = await requestLanguage(request);
  return { t: await translator(language), en: language === "en" };
}

const download = (format: TableFormat, prefix: string, table: ExportTable) =>
  tableDownload(format, { ascii: `${prefix}-${table.ascii}`, title: table.title }, table.headers, table.rows);

/** GET /manage/organizations/:orgId/dashboard.(csv|xlsx)?table=trainees|cohorts|years&…filters */
export async function centerExportResponse(request: Request, orgId: string | undefined, format: TableFormat) {
  const { user, database, center } = await requireStatisticsCenter(request, orgId);
  const table = await centerExport(database, user, center, new URL(request.url), await wordsFor(request));
  return download(format, "center", table);
}

/** GET /manage/regions/:regionId/dashboard.(csv|xlsx)?table=centers|years&level= */
export async function regionExportResponse(request: Request, regionId: string | undefined, format: TableFormat) {
  const { user, database, region } = await requireStatisticsRegion(request, regionId);
  const table = await regionExport(database, user, region.id, new URL(request.url), await wordsFor(request));
  return download(format, `region-${region.code.toLowerCase()}`, table);
}

/** GET /manage/statistics.(csv|xlsx)?table=years|centers|regions&level=&region=&center= */
export async function platformExportResponse(request: Request, format: TableFormat) {
  const user = await requireUser(request);
  const table = await platformExport(await db(), user, new URL(request.url), await wordsFor(request));
  return download(format, "statistics", table);
}
