import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, test } from "vitest";
import { cohortMembers, cohorts, traineeProfiles, users } from "#db/schema";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { createSession } from "~/modules/auth/index.server";
import { loader as centerCsv } from "~/routes/manage.organizations.$orgId.dashboard[.]csv";
import { loader as centerXlsx } from "~/routes/manage.organizations.$orgId.dashboard[.]xlsx";
import { loader as regionCsv } from "~/routes/manage.regions.$regionId_.dashboard[.]csv";
import { loader as platformCsv } from "~/routes/manage.statistics[.]csv";
import { SESSION_COOKIE } from "~/utils/auth.server";
import { db } from "~/utils/db.server";

beforeAll(() => syncFixtureContent());

async function cookieOf(userId: string) {
  const { token } = await createSession(await db(), userId);
  return `${SESSION_COOKIE}=${token}`;
}

const get = (path: string, cookie: string) => new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });

/** Runs a loader and gives back its Response, whether returned or thrown. */
async function respond(run: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

async function centerWithTricksters() {
  const d = await db();
  const region = await makeRegion(d);
  const center = await makeOrganization(d, region.id);
  const staff = await makeUser(d, { role: "center_staff", organizationId: center.id });
  const trickster = await makeUser(d, { role: "trainee", organizationId: center.id });
  await d.update(users).set({ name: '=HYPERLINK("http://evil.example","点我")' }).where(eq(users.id, trickster.id));
  await d.insert(traineeProfiles).values({ userId: trickster.id, employer: "@SUM(1+1)" });
  const [cohort] = await d
    .insert(cohorts)
    .values({
      centerId: center.id,
      levelSlug: "junior",
      name: "2026年第1期初级班",
      startsOn: "2026-09-01",
      endsOn: "2026-12-20",
      capacity: 30,
    })
    .returning();
  await d.insert(cohortMembers).values({ cohortId: cohort!.id, userId: trickster.id });
  return { d, region, center, staff, trickster };
}

describe("dashboard exports", () => {
  test("a center's trainees as CSV: BOM, Chinese headers, formulas neutralized, the page's filters applied", async () => {
    const { center, staff } = await centerWithTricksters();
    const cookie = await cookieOf(staff.id);
    const res = await respond(() =>
      centerCsv({
        request: get(`/manage/organizations/${center.id}/dashboard.csv?table=trainees&sort=name`, cookie),
        params: { orgId: center.id },
        context: {},
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toContain("attachment;");
    expect(res.headers.get("Cache-Control")).toBe("private, no-store");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const [header, row] = text.split("\r\n");
    expect(header).toBe("姓名,联系方式,工作单位,所在期次,等级,学习进度,学时,最好成绩,考试,证书");
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(row).toContain("'@SUM(1+1)");
    expect(row).toContain("2026年第1期初级班");
    // Filters narrow the file as they narrow the page.
    const none = await respond(() =>
      centerCsv({
        request: get(`/manage/organizations/${center.id}/dashboard.csv?table=trainees&exam=passed`, cookie),
        params: { orgId: center.id },
        context: {},
      }),
    );
    expect(
      new TextDecoder()
        .decode(await none.arrayBuffer())
        .trim()
        .split("\r\n"),
    ).toHaveLength(1);
  });

  test("the same table as XLSX keeps the name as text, never a formula", async () => {
    const { center, staff } = await centerWithTricksters();
    const cookie = await cookieOf(staff.id);
    const res = await respond(() =>
      centerXlsx({
        request: get(`/manage/organizations/${center.id}/dashboard.xlsx?table=trainees`, cookie),
        params: { orgId: center.id },
        context: {},
      }),
    );
    expect(res.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).value).toBe("姓名");
    const cell = sheet.getRow(2).getCell(1);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe('=HYPERLINK("http://evil.example","点我")');
    expect(sheet.getRow(2).getCell(3).value).toBe("@SUM(1+1)");
  });

  test("another center's staff get 403 for its export; another region's admin too; an unknown table is 404", async () => {
    const { d, center, region, staff } = await centerWithTricksters();
    const otherRegion = await makeRegion(d);
    const other = await makeOrganization(d, otherRegion.id);
    const outsider = await cookieOf((await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    for (const table of ["trainees", "cohorts", "years"]) {
      const res = await respond(() =>
        centerCsv({
          request: get(`/manage/organizations/${center.id}/dashboard.csv?table=${table}`, outsider),
          params: { orgId: center.id },
          context: {},
        }),
      );
      expect(res.status, table).toBe(403);
    }
    const otherAdmin = await cookieOf((await makeUser(d, { role: "region_admin", regionId: otherRegion.id })).id);
    const regionRes = await respond(() =>
      regionCsv({
        request: get(`/manage/regions/${region.id}/dashboard.csv?table=centers`, otherAdmin),
        params: { regionId: region.id },
        context: {},
      }),
    );
    expect(regionRes.status).toBe(403);
    const own = await cookieOf(staff.id);
    const unknown = await respond(() =>
      centerCsv({
        request: get(`/manage/organizations/${center.id}/dashboard.csv?table=users`, own),
        params: { orgId: center.id },
        context: {},
      }),
    );
    expect(unknown.status).toBe(404);
  });

  test("the national tables export within the viewer's scope; a trainee gets 403", async () => {
    const { staff, trickster } = await centerWithTricksters();
    const res = await respond(() =>
      platformCsv({ request: get("/manage/statistics.csv?table=centers", "x"), params: {}, context: {} }),
    );
    // Without a session the export sends to sign-in.
    expect(res.status).toBe(302);
    const mine = await respond(async () =>
      platformCsv({
        request: get("/manage/statistics.csv?table=years", await cookieOf(staff.id)),
        params: {},
        context: {},
      }),
    );
    expect(mine.status).toBe(200);
    expect(new TextDecoder().decode(await mine.arrayBuffer())).toContain(
      "年份,等级,培训结业,获证,参加考试,通过,通过率",
    );
    const refused = await respond(async () =>
      platformCsv({
        request: get("/manage/statistics.csv?table=years", await cookieOf(trickster.id)),
        params: {},
        context: {},
      }),
    );
    expect(refused.status).toBe(403);
  });
});
