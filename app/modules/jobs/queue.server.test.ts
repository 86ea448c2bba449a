import { afterEach, describe, expect, test, vi } from "vitest";
import { connect } from "~/utils/db.server";
import { createJobRunner, type JobDefinition, type JobRunner, PGBOSS_SCHEMA } from "./index.server";

// A cron that does not tick during a test (1 January, midnight): the runs counted here are the ones asked for.
const NEVER_DURING_TESTS = "0 0 1 1 *";
const runners: JobRunner[] = [];

afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
});

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A job that fails while `failing` is set, counting its runs. */
function flakyJob(name: string) {
  const job = { runs: 0, failing: true };
  const definition: JobDefinition = {
    name,
    cron: NEVER_DURING_TESTS,
    everySeconds: 3600,
    retryLimit: 1,
    retryDelaySeconds: 1,
    run: async () => {
      job.runs++;
      if (job.failing) throw new Error("SMTP server refused the connection");
    },
  };
  return { job, definition };
}

/** A job that records when each of its runs starts, each run lasting `ms`. */
function timedJob(name: string, ms = 0) {
  const starts: number[] = [];
  const definition: JobDefinition = {
    name,
    cron: NEVER_DURING_TESTS,
    everySeconds: 3600,
    run: async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, ms));
    },
  };
  return { starts, definition };
}

describe("in-process jobs (the embedded database's runner)", () => {
  test("a run asked for now starts at once; otherwise after a second, for the caller's transaction to commit", async () => {
    const { starts, definition } = timedJob("timed");
    const runner = await createJobRunner({ definitions: [definition], work: true });
    runners.push(runner);
    let asked = Date.now();
    runner.enqueue("timed");
    await until("the delayed run", () => starts.length === 1);
    expect(starts[0]! - asked).toBeGreaterThanOrEqual(900);
    asked = Date.now();
    runner.enqueue("timed", { now: true });
    await until("the run asked for now", () => starts.length === 2);
    expect(starts[1]! - asked).toBeLessThan(500);
  });

  test("a run asked for while one runs starts when it ends (a burst of asks makes one)", async () => {
    const { starts, definition } = timedJob("busy", 600);
    const runner = await createJobRunner({ definitions: [definition], work: true });
    runners.push(runner);
    runner.enqueue("busy", { now: true });
    await until("the first run", () => starts.length === 1);
    for (let i = 0; i < 3; i++) runner.enqueue("busy", { now: true });
    await until("the second run", () => starts.length === 2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(590);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(starts).toHaveLength(2);
  });

  test("a failing job is listed with its error and tries; retry runs it again and clears it", async () => {
    // The runner logs each failure; these two are expected.
    vi.mocked(console.error)
      .mockImplementationOnce(() => {})
      .mockImplementationOnce(() => {});
    const { job, definition } = flakyJob("flaky");
    const runner = await createJobRunner({ definitions: [definition], work: true });
    runners.push(runner);
    runner.enqueue("flaky");
    await until("the first failure", async () => (await runner.listFailed()).length === 1);
    runner.enqueue("flaky");
    await until("the second failure", async () => (await runner.listFailed())[0]?.tries === 2);
    const [failed] = await runner.listFailed();
    expect(failed).toMatchObject({ name: "flaky", error: "SMTP server refused the connection", tries: 2 });
    job.failing = false;
    expect(await runner.retry(failed!.id)).toMatchObject({ ok: true });
    await until("the retried run", () => job.runs === 3);
    await until("the list to clear", async () => (await runner.listFailed()).length === 0);
    expect(await runner.retry(failed!.id)).toEqual({ ok: false, message: "jobs.notFound" });
  });
});

const postgresUrl = process.env.TEST_DATABASE_URL;

// pg-boss needs a PostgreSQL server; with the embedded database the jobs run in-process (tested above).
describe.skipIf(!postgresUrl)("pg-boss queue (PostgreSQL only: set TEST_DATABASE_URL)", () => {
  async function runner(definitions: JobDefinition[], work: boolean) {
    const database = await connect();
    const made = await createJobRunner({
      definitions,
      databaseUrl: database.url,
      work,
      maxConnections: 2,
      pollingIntervalSeconds: 0.5,
    });
    runners.push(made);
    return made;
  }

  test("pg-boss keeps its tables in its own schema, created at start", async () => {
    await runner([], false);
    const database = await connect();
    const { rows } = await database.query(
      "select table_name from information_schema.tables where table_schema = $1 and table_name = 'job'",
      [PGBOSS_SCHEMA],
    );
    expect(rows).toHaveLength(1);
  });

  test("a job queued by a web copy runs once with two workers on the queue", async () => {
    const runs: string[] = [];
    const job = (who: string): JobDefinition => ({
      name: "count-runs",
      cron: NEVER_DURING_TESTS,
      everySeconds: 3600,
      run: async () => {
        runs.push(who);
        await new Promise((resolve) => setTimeout(resolve, 300));
      },
    });
    const web = await runner([job("web")], false);
    await runner([job("worker 1")], true);
    await runner([job("worker 2")], true);
    web.enqueue("count-runs");
    await until("the job to run", () => runs.length > 0);
    // Both workers keep polling; nobody runs it again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(runs).toHaveLength(1);
    expect(runs[0]).not.toBe("web");
  });

  test("a job asked for now is started by this copy's idle worker at once, not at its next poll", async () => {
    const { starts, definition } = timedJob("zip-now");
    const database = await connect();
    // A long poll: without the wake-up the job would wait for it (or for the 2 s a plain enqueue waits).
    const worker = await createJobRunner({
      definitions: [definition],
      databaseUrl: database.url,
      work: true,
      maxConnections: 2,
      pollingIntervalSeconds: 10,
    });
    runners.push(worker);
    // The worker's first poll (at start) is over.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const asked = Date.now();
    worker.enqueue("zip-now", { now: true });
    await until("the job to run", () => starts.length === 1);
    expect(starts[0]! - asked).toBeLessThan(1500);
  });

  test("a failing job is retried, then listed as failed; the retry button queues it again", async () => {
    const { job, definition } = flakyJob("flaky-mail");
    const worker = await runner([definition], true);
    worker.enqueue("flaky-mail");
    await until("the job to fail after its retry", async () => (await worker.listFailed()).length === 1);
    expect(job.runs).toBe(2);
    const [failed] = await worker.listFailed();
    expect(failed).toMatchObject({ name: "flaky-mail", error: "SMTP server refused the connection", tries: 2 });
    job.failing = false;
    expect(await worker.retry(failed!.id)).toMatchObject({ ok: true, job: { id: failed!.id } });
    await until("the retried run", () => job.runs === 3);
    await until("the failure to leave the list", async () => (await worker.listFailed()).length === 0);
  });
});
