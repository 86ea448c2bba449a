// /manage/exam-stats through its routes: the page and its export answer from the stored result; "重新计算"
// queues the item-statistics job for whoever may see the figures, and nobody else.
// On PostgreSQL (TEST_DATABASE_URL) the job goes through pg-boss, on PGlite through the in-process runner.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { examAttempts } from "#db/schema";
import { createSession } from "~/modules/auth/index.server";
import { ITEM_STATS_JOB, refreshItemStatistics } from "~/modules/exams/index.server";
import { startJobs, stopJobs } from "~/modules/jobs/index.server";
import * as page from "~/routes/manage.exam-stats";
import * as csv from "~/routes/manage.exam-stats[.]csv";
import { connect, db } from "~/utils/db.server";
import { syncFixtureContent } from "../setup/content-fixture";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { outcome } from "../setup/route-outcome";

const BASE = "http://localhost:3000";

beforeAll(async () => {
  await syncFixtureContent();
  const database = await connect();
  await startJobs({
    // The app's job, on a schedule that does not tick during the test: the runs here are the ones asked for.
    definitions: [
      {
        name: ITEM_STATS_JOB,
        run: async () => refreshItemStatistics(await db()),
        cron: "0 0 1 1 *",
        everySeconds: 3600,
      },
    ],
    databaseUrl: database.url,
    work: true,
    pollingIntervalSeconds: 0.5,
  });
});
afterAll(() => stopJobs());

async function cookieOf(userId: string) {
  return `tma_session=${(await createSession(await db(), userId)).token}`;
}
const url = (centerId: string) => `${BASE}/manage/exam-stats?level=junior&center=${centerId}`;

/** A graded attempt of the center's new trainee (as imported history: a score, no drawn items). */
async function gradedAttempt(centerId: string, score: number) {
  const d = await db();
  const trainee = await makeUser(d, { role: "trainee", organizationId: centerId });
  const at = new Date("2025-03-01T02:00:00Z");
  await d.insert(examAttempts).values({
    userId: trainee.id,
    levelSlug: "junior",
    status: "submitted",
    startedAt: at,
    deadlineAt: new Date(at.getTime() + 3600_000),
    closedAt: at,
    items: [],
    maxTenths: 1000,
    scoreTenths: score,
    passed: score >= 600,
    gradedAt: at,
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("item statistics page", () => {
  test("shows the stored figures until someone who may see them asks for a recomputation", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const other = await makeOrganization(d, region.id);
    const staff = await cookieOf((await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const outsider = await cookieOf((await makeUser(d, { role: "center_staff", organizationId: other.id })).id);
    const trainee = await cookieOf((await makeUser(d, { role: "trainee", organizationId: center.id })).id);
    await gradedAttempt(center.id, 450);
    await gradedAttempt(center.id, 900);

    const load = async (cookie: string) =>
      outcome(() =>
        page.loader({ request: new Request(url(center.id), { headers: { Cookie: cookie } }), params: {}, context: {} }),
      );
    const recompute = async (cookie: string) =>
      outcome(() =>
        page.action({
          request: new Request(url(center.id), { method: "POST", headers: { Cookie: cookie, Origin: BASE } }),
          params: {},
          context: {},
        }),
      );
    const attempts = async () => ((await load(staff)).body as { stats: { attempts: number } }).stats.attempts;

    // First view: computed now and kept.
    expect(await attempts()).toBe(2);
    // A new graded attempt: the page and the export still show what was computed.
    await gradedAttempt(center.id, 700);
    expect(await attempts()).toBe(2);
    const file = await outcome(() =>
      csv.loader({ request: new Request(url(center.id), { headers: { Cookie: staff } }), params: {}, context: {} }),
    );
    expect(file.status).toBe(200);

    // Others may neither see nor recompute the center's figures.
    for (const cookie of [outsider, trainee]) {
      expect((await load(cookie)).status).toBe(403);
      expect((await recompute(cookie)).status).toBe(403);
    }

    // The center's staff press "重新计算": the job runs and the page shows the new attempt.
    expect(await recompute(staff)).toMatchObject({ status: 200, body: { queued: true } });
    await until("the recomputed figures", async () => (await attempts()) === 3);
    const after = (await load(staff)).body as { stats: { computedAt: Date; distribution: number[] } };
    expect(after.stats.distribution).toEqual([0, 0, 0, 0, 1, 0, 0, 1, 0, 1]);
  });
});
