import type { TFunction } from "i18next";
import type { DbOrTx } from "#db/client";
import { requirePermission, type SessionUser } from "~/modules/orgs/index.server";
import { loadLevels } from "~/modules/content/index.server";
import { cohortStatus } from "~/modules/cohorts";
import type { TableCell } from "~/modules/spreadsheets";
import { notFound } from "~/utils/errors.server";
import { cohortFiguresOfCenter } from "./cohort-figures.server";
import { type CenterRef, regionDashboard } from "./dashboards.server";
import { byYear, liveFacts, passRate, type FactRow } from "./facts.server";
import { parsePlatformFilters, parseRegionFilters, parseTraineeFilters, searchObject } from "./params";
import { platformStatistics } from "./platform.server";
import { EXPORT_LIMIT, traineeRows } from "./trainee-table.server";

type Actor = Pick<SessionUser, "memberships">;

export interface ExportTable {
  /** ASCII file name without extension; the title is the localized name. */
  ascii: string;
  title: string;
  headers: string[];
  rows: TableCell[][];
}

const tableOf = (url: URL) => searchObject(url).table ?? "";

/** The translator of the request's language, and whether that language is English (for names kept in both). */
export interface Words {
  t: TFunction;
  en: boolean;
}

async function levelNames(db: DbOrTx, en: boolean) {
  const levels = await loadLevels(db);
  return {
    order: levels.map((l) => l.slug),
    name: (slug: string) => {
      const l = levels.find((x) => x.slug === slug);
      return l ? (en ? l.nameEn : l.nameZh) : slug;
    },
  };
}

const col = (t: TFunction, key: string) => t(`dashboards.columns.${key}`);
const rateCell = (passed: number, sat: number) => passRate(passed, sat);

function yearsTable(
  facts: FactRow[],
  order: string[],
  name: (slug: string) => string,
  t: TFunction,
  ascii: string,
): ExportTable {
  const years = byYear(facts, order);
  return {
    ascii,
    title: t("dashboards.files.years"),
    headers: [
      col(t, "year"),
      ...order.map(name),
      col(t, "total"),
      col(t, "certified"),
      col(t, "sat"),
      col(t, "passed"),
      col(t, "passRate"),
    ],
    rows: years.map((y) => [
      y.year,
      ...y.byLevel.map((l) => l.trained),
      y.total.trained,
      y.total.certified,
      y.total.sat,
      y.total.passed,
      rateCell(y.total.passed, y.total.sat),
    ]),
  };
}

/** A table of a center's dashboard, with the page's filters, for the center's staff (or its region admin). */
export async function centerExport(
  db: DbOrTx,
  actor: Actor,
  center: CenterRef,
  url: URL,
  { t, en }: Words,
  now = new Date(),
): Promise<ExportTable> {
  requirePermission(actor, "view:center", { centerId: center.id, regionId: center.regionId });
  const filters = parseTraineeFilters(url);
  const { order, name } = await levelNames(db, en);
  switch (tableOf(url)) {
    case "trainees": {
      const { rows } = await traineeRows(db, center.id, filters, { limit: EXPORT_LIMIT, offset: 0, now });
      return {
        ascii: "trainees",
        title: t("dashboards.files.trainees"),
        headers: [
          "name",
          "contact",
          "employer",
          "memberOf",
          "level",
          "progress",
          "hours",
          "bestScore",
          "exam",
          "certificate",
        ].map((k) => col(t, k)),
        rows: rows.map((r) => [
          r.name,
          r.contact,
          r.employer,
          r.cohorts,
          name(r.levelSlug),
          r.progress,
          r.hours,
          r.bestScore,
          t(`dashboards.examStatus.${r.examStatus}`),
          t(`dashboards.certStatus.${r.certStatus}`),
        ]),
      };
    }
    case "cohorts": {
      const cohorts = await cohortFiguresOfCenter(db, center.id, { level: filters.level, now });
      return {
        ascii: "cohorts",
        title: t("dashboards.files.cohorts"),
        headers: [
          "cohort",
          "level",
          "dates",
          "state",
          "seats",
          "capacity",
          "band0",
          "band1",
          "band2",
          "band3",
          "meanHours",
          "sat",
          "passed",
          "passRate",
          "certificates",
        ].map((k) => col(t, k)),
        rows: cohorts.map((c) => [
          c.name,
          name(c.levelSlug),
          `${c.startsOn} – ${c.endsOn}`,
          t(`cohorts.state.${cohortStatus(c, now)}`),
          c.members,
          c.capacity,
          ...c.progress,
          c.meanHours,
          c.sat,
          c.passed,
          rateCell(c.passed, c.sat),
          c.certified,
        ]),
      };
    }
    case "years":
      return yearsTable(await liveFacts(db, { centerId: center.id }), order, name, t, "years");
    default:
      throw notFound();
  }
}

/** A table of a region's dashboard, for its region admins (and platform admins). */
export async function regionExport(
  db: DbOrTx,
  actor: Actor,
  regionId: string,
  url: URL,
  { t, en }: Words,
  now = new Date(),
): Promise<ExportTable> {
  requirePermission(actor, "view:region", { regionId });
  const filters = parseRegionFilters(url);
  const { order, name } = await levelNames(db, en);
  switch (tableOf(url)) {
    case "centers": {
      const { centers } = await regionDashboard(db, actor, regionId, filters, now);
      return {
        ascii: "centers",
        title: t("dashboards.files.centers"),
        headers: [
          "center",
          "cohorts",
          "openCohorts",
          "seats",
          "capacity",
          "people",
          "band0",
          "band1",
          "band2",
          "band3",
          "meanHours",
          "sat",
          "passed",
          "passRate",
          "trained",
          "certified",
        ].map((k) => col(t, k)),
        rows: centers.map((c) => [
          en ? c.nameEn : c.nameZh,
          c.cohorts,
          c.openCohorts,
          c.seats,
          c.capacity,
          c.people,
          ...c.progress,
          c.meanHours,
          c.sat,
          c.passed,
          rateCell(c.passed, c.sat),
          c.record.trained,
          c.record.certified,
        ]),
      };
    }
    case "years": {
      const facts = await liveFacts(db, { regionId });
      return yearsTable(
        filters.level ? facts.filter((f) => f.levelSlug === filters.level) : facts,
        order,
        name,
        t,
        "years",
      );
    }
    default:
      throw notFound();
  }
}

/** A table of the national statistics, within the viewer's scope (statisticsScope). */
export async function platformExport(db: DbOrTx, actor: Actor, url: URL, { t, en }: Words): Promise<ExportTable> {
  const filters = parsePlatformFilters(url);
  const table = tableOf(url);
  if (!["years", "centers", "regions"].includes(table)) throw notFound();
  const stats = await platformStatistics(db, actor, filters);
  const { name } = await levelNames(db, en);
  const figures = ["trained", "certified", "sat", "passed", "passRate"].map((k) => col(t, k));
  const counts = (r: { trained: number; certified: number; sat: number; passed: number }) => [
    r.trained,
    r.certified,
    r.sat,
    r.passed,
    rateCell(r.passed, r.sat),
  ];
  if (table === "years")
    return {
      ascii: "years",
      title: t("dashboards.files.years"),
      headers: [col(t, "year"), col(t, "level"), ...figures],
      rows: stats.byYearLevel.map((r) => [r.year, name(r.levelSlug), ...counts(r)]),
    };
  if (table === "centers")
    return {
      ascii: "centers",
      title: t("dashboards.files.centers"),
      headers: [col(t, "region"), col(t, "center"), col(t, "level"), ...figures],
      rows: stats.byCenterLevel.map((r) => [
        (en ? r.regionNameEn : r.regionNameZh) ?? "—",
        (en ? r.centerNameEn : r.centerNameZh) ?? t("dashboards.platformDirect"),
        name(r.levelSlug),
        ...counts(r),
      ]),
    };
  return {
    ascii: "regions",
    title: t("dashboards.files.regions"),
    headers: [col(t, "region"), col(t, "level"), ...figures],
    rows: regionsByLevel(stats.byCenterLevel).map((r) => [
      (en ? r.regionNameEn : r.regionNameZh) ?? t("dashboards.platformDirect"),
      name(r.levelSlug),
      ...counts(r),
    ]),
  };
}

/** The per-center rows summed per region and level (the page's region table). */
export function regionsByLevel<
  T extends {
    regionId: string | null;
    regionNameZh: string | null;
    regionNameEn: string | null;
    levelSlug: string;
    trained: number;
    certified: number;
    sat: number;
    passed: number;
  },
>(rows: T[]) {
  const out = new Map<
    string,
    {
      regionId: string | null;
      regionNameZh: string | null;
      regionNameEn: string | null;
      levelSlug: string;
      trained: number;
      certified: number;
      sat: number;
      passed: number;
    }
  >();
  for (const r of rows) {
    const key = `${r.regionId}|${r.levelSlug}`;
    const sum = out.get(key) ?? {
      regionId: r.regionId,
      regionNameZh: r.regionNameZh,
      regionNameEn: r.regionNameEn,
      levelSlug: r.levelSlug,
      trained: 0,
      certified: 0,
      sat: 0,
      passed: 0,
    };
    sum.trained += r.trained;
    sum.certified += r.certified;
    sum.sat += r.sat;
    sum.passed += r.passed;
    out.set(key, sum);
  }
  return [...out.values()];
}
