// /manage/jobs through its route: platform admins see failed jobs and retry them (audited); nobody else may.
// On PostgreSQL (TEST_DATABASE_URL) the jobs go through pg-boss, on PGlite through the in-process runner.
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { listAudit } from "~/modules/audit/index.server";
import { createSession } from "~/modules/auth/index.server";
import { enqueueJob, type JobDefinition, startJobs, stopJobs } from "~/modules/jobs/index.server";
import * as jobsRoute from "~/routes/manage.jobs";
import { connect, db } from "~/utils/db.server";
import { makeOrganization, makeRegion, makeUser } from "../setup/factories";
import { outcome } from "../setup/route-outcome";

const BASE = "http://localhost:3000";
const URL_ = `${BASE}/manage/jobs`;
const job = { runs: 0, failing: true };
const definition: JobDefinition = {
  name: "flaky-report",
  cron: "0 0 1 1 *",
  everySeconds: 3600,
  retryLimit: 0,
  retryDelaySeconds: 1,
  run: async () => {
    job.runs++;
    if (job.failing) throw new Error("report storage is full");
  },
};

beforeAll(async () => {
  const database = await connect();
  await startJobs({ definitions: [definition], databaseUrl: database.url, work: true, pollingIntervalSeconds: 0.5 });
});
afterAll(() => stopJobs());

async function cookieOf(userId: string) {
  return `tma_session=${(await createSession(await db(), userId)).token}`;
}
const get = (cookie: string) => new Request(URL_, { headers: { Cookie: cookie } });
function post(cookie: string, fields: Record<string, string>) {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  return new Request(URL_, { method: "POST", headers: { Cookie: cookie, Origin: BASE }, body });
}
async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("failed jobs page", () => {
  test("an admin sees the failed job and retries it (audited); staff are refused; a bad id is a 400", async () => {
    const d = await db();
    const region = await makeRegion(d);
    const center = await makeOrganization(d, region.id);
    const admin = await makeUser(d, { role: "platform_admin" });
    const adminCookie = await cookieOf(admin.id);
    const staffCookie = await cookieOf((await makeUser(d, { role: "center_staff", organizationId: center.id })).id);
    const load = (cookie: string) => outcome(() => jobsRoute.loader({ request: get(cookie), params: {}, context: {} }));

    // The in-process runner logs the failure (expected here); pg-boss keeps it in its table.
    vi.mocked(console.error).mockImplementationOnce(() => {});
    enqueueJob("flaky-report");
    await until("the failure to be listed", async () => {
      const page = await load(adminCookie);
      return (page.body as { failed: unknown[] }).failed.length === 1;
    });
    const page = await load(adminCookie);
    const [failed] = (page.body as { failed: { id: string; name: string; error: string; tries: number }[] }).failed;
    expect(failed).toMatchObject({ name: "flaky-report", error: "report storage is full", tries: 1 });
    expect(page.body).toMatchObject({ working: true });

    expect((await load(staffCookie)).status).toBe(403);
    const refused = await outcome(() =>
      jobsRoute.action({ request: post(staffCookie, { jobId: failed!.id }), params: {}, context: {} }),
    );
    expect(refused.status).toBe(403);

    const bad = await outcome(() =>
      jobsRoute.action({ request: post(adminCookie, { jobId: "not-an-id" }), params: {}, context: {} }),
    );
    expect(bad).toMatchObject({ status: 400, body: { ok: false, message: "jobs.badId" } });

    job.failing = false;
    const retried = await outcome(() =>
      jobsRoute.action({ request: post(adminCookie, { jobId: failed!.id }), params: {}, context: {} }),
    );
    expect(retried).toMatchObject({ status: 200, body: { ok: true, message: "jobs.retried", name: "flaky-report" } });
    await until("the retried run", async () => job.runs === 2);
    await until("the list to clear", async () => {
      const after = await load(adminCookie);
      return (after.body as { failed: unknown[] }).failed.length === 0;
    });
    const audit = await listAudit(d, { action: "job.retry" });
    expect(audit.entries.map((r) => [r.targetType, r.targetId, r.actorId])).toEqual([["job", failed!.id, admin.id]]);

    // Retrying it again: it is no longer there.
    const again = await outcome(() =>
      jobsRoute.action({ request: post(adminCookie, { jobId: failed!.id }), params: {}, context: {} }),
    );
    expect(again).toMatchObject({ status: 400, body: { ok: false, message: "jobs.notFound" } });
  });
});
