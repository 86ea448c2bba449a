import PgBoss from "pg-boss";
import { singleton } from "~/utils/singleton.server";

/**
 * One periodic or on-demand piece of work (mail delivery, the attempt sweep, reminders, retention). Its effects
 * must be claimed in the database by the work itself (UPDATE … RETURNING, FOR UPDATE SKIP LOCKED, a unique key),
 * so that two runners racing — two workers, a retry overlapping a late run — never do anything twice.
 */
export interface JobDefinition {
  /** The queue's name in pg-boss: letters, digits, dashes. */
  name: string;
  run: () => Promise<unknown>;
  /** PostgreSQL: a cron line, Asia/Shanghai (pg-boss starts one job per tick across every copy). */
  cron: string;
  /** Embedded database: how often the in-process timer runs it. */
  everySeconds: number;
  /** Also run once when the runner starts. */
  atStart?: boolean;
  /** Tries after the first failure (default 3), each later than the last (pg-boss's backoff). */
  retryLimit?: number;
  /** The first retry's delay (default 30 s); it doubles with each try. */
  retryDelaySeconds?: number;
}

/**
 * - "pg-boss": a queue in PostgreSQL (DATABASE_URL). Working copies (APP_ROLE worker or all) run the jobs; web
 *   copies only send them.
 * - "in-process": the embedded database, which one process owns: timers in this process, as before the queue.
 * - "off": nothing started (tests, scripts); enqueueJob does nothing and the schedules pick the work up.
 */
export type JobsMode = "off" | "in-process" | "pg-boss";

export interface FailedJob {
  id: string;
  name: string;
  error: string;
  tries: number;
  failedAt: Date;
}

export type RetryOutcome =
  { ok: true; job: FailedJob } | { ok: false; message: "jobs.notFound" | "jobs.notRunning" | "jobs.alreadyQueued" };

export const PGBOSS_SCHEMA = "pgboss";
/** Failures stay listed (and can be retried) this long before pg-boss archives them. */
const FAILED_KEPT_SECONDS = 14 * 86_400;
/** In-process failures remembered for the page (the embedded database has no queue to keep them). */
const KEPT_FAILURES = 50;

export interface StartJobsOptions {
  definitions: readonly JobDefinition[];
  /** PostgreSQL: the queue lives there (schema "pgboss", created at start). Absent: timers in this process. */
  databaseUrl?: string;
  /** Run the jobs here (worker, all) or only send them (web). */
  work: boolean;
  /** pg-boss connections (its own pool beside the app's). */
  maxConnections?: number;
  /** How often idle workers look for jobs; tests shorten it. */
  pollingIntervalSeconds?: number;
}

export interface EnqueueOptions {
  /**
   * The caller has committed what the job looks for (it is not inside a transaction): the job may start at once
   * instead of after the short delay that lets a transaction commit. A working copy wakes its own idle worker.
   */
  now?: boolean;
}

/** One copy's runner. The app keeps one per process (startJobs); tests make several to race them. */
export interface JobRunner {
  mode: Exclude<JobsMode, "off">;
  working: boolean;
  enqueue(name: string, options?: EnqueueOptions): void;
  listFailed(limit?: number): Promise<FailedJob[]>;
  retry(id: string): Promise<RetryOutcome>;
  stop(): Promise<void>;
}

export async function createJobRunner(options: StartJobsOptions): Promise<JobRunner> {
  return options.databaseUrl
    ? pgBossRunner({ ...options, databaseUrl: options.databaseUrl })
    : inProcessRunner(options);
}

async function pgBossRunner(options: StartJobsOptions & { databaseUrl: string }): Promise<JobRunner> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: PGBOSS_SCHEMA,
    application_name: "tm-academy-jobs",
    max: options.maxConnections ?? 4,
    // Web copies neither supervise (maintenance) nor schedule: the workers do, once across them (pg-boss).
    supervise: options.work,
    schedule: options.work,
    archiveFailedAfterSeconds: FAILED_KEPT_SECONDS,
  });
  boss.on("error", (error) => console.error("job queue:", error));
  await boss.start();
  for (const definition of options.definitions) {
    // "stately": at most one job waiting and one running per queue; a send while one waits is dropped, so a
    // burst of mails makes one delivery run, not thousands.
    await boss.createQueue(definition.name, {
      name: definition.name,
      policy: "stately",
      retryLimit: definition.retryLimit ?? 3,
      retryDelay: definition.retryDelaySeconds ?? 30,
      retryBackoff: true,
    });
  }
  // This copy's worker of each queue, woken by an enqueue({ now }) instead of waiting for its next poll.
  const workers = new Map<string, string>();
  if (options.work) {
    for (const definition of options.definitions) {
      await boss.schedule(definition.name, definition.cron, {}, { tz: "Asia/Shanghai" });
      const workerId = await boss.work(
        definition.name,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
        async () => {
          await definition.run();
        },
      );
      workers.set(definition.name, workerId);
      if (definition.atStart) await boss.send(definition.name, {});
    }
  }
  const listFailed = async (limit = 100): Promise<FailedJob[]> => {
    const { rows } = await boss.getDb().executeSql(
      `SELECT id, name, output, retry_count, completed_on
         FROM ${PGBOSS_SCHEMA}.job
        WHERE state = 'failed'
        ORDER BY completed_on DESC NULLS LAST
        LIMIT $1`,
      [limit],
    );
    return (rows as { id: string; name: string; output: unknown; retry_count: number; completed_on: Date }[]).map(
      (row) => ({
        id: row.id,
        name: row.name,
        error: errorText(row.output),
        tries: row.retry_count + 1,
        failedAt: new Date(row.completed_on),
      }),
    );
  };
  return {
    mode: "pg-boss",
    working: options.work,
    enqueue(name, { now = false } = {}) {
      // A short delay lets the caller's transaction commit before the job looks for its rows.
      boss
        .send(name, {}, now ? {} : { startAfter: 2 })
        .then(() => {
          // Also when the send was dropped ("stately": one is waiting already): that one may start now too.
          const workerId = workers.get(name);
          if (now && workerId) boss.notifyWorker(workerId);
        })
        .catch((error: unknown) => console.error(`could not queue ${name}:`, error));
    },
    listFailed,
    async retry(id) {
      const job = (await listFailed(1000)).find((f) => f.id === id);
      if (!job) return { ok: false, message: "jobs.notFound" };
      try {
        await boss.retry(job.name, id);
      } catch (error) {
        // The queue keeps one waiting retry per job name ("stately"): one is queued already.
        if ((error as { code?: string }).code === "23505") return { ok: false, message: "jobs.alreadyQueued" };
        throw error;
      }
      return { ok: true, job };
    },
    // A running job may finish (up to the timeout); what is left is handed back and retried elsewhere.
    stop: () => boss.stop({ graceful: true, timeout: 8000, wait: true }),
  };
}

function inProcessRunner(options: StartJobsOptions): JobRunner {
  const definitions = new Map(options.definitions.map((d) => [d.name, d]));
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();
  /** Runs asked for and not started yet: the timer that starts each, and whether it waits for a commit. */
  const nudged = new Map<string, { timer: NodeJS.Timeout; delayed: boolean }>();
  let failures: FailedJob[] = [];
  let stopped = false;

  /** Runs a job unless it is already running here; a failure is logged and kept for the page. */
  const run = (definition: JobDefinition): Promise<void> => {
    const current = running.get(definition.name);
    if (current) return current;
    if (stopped) return Promise.resolve();
    const started = definition
      .run()
      .then(
        () => {
          failures = failures.filter((f) => f.name !== definition.name);
        },
        (error: unknown) => {
          console.error(`job ${definition.name} failed:`, error);
          const previous = failures.find((f) => f.name === definition.name);
          failures = [
            {
              id: crypto.randomUUID(),
              name: definition.name,
              error: errorText(error),
              tries: (previous?.tries ?? 0) + 1,
              failedAt: new Date(),
            },
            ...failures.filter((f) => f.name !== definition.name),
          ].slice(0, KEPT_FAILURES);
        },
      )
      .finally(() => running.delete(definition.name));
    running.set(definition.name, started);
    return started;
  };

  if (options.work)
    for (const definition of options.definitions) {
      // The timer is the retry: a failed run is tried again at its next tick.
      timers.push(setInterval(() => void run(definition), definition.everySeconds * 1000));
      if (definition.atStart) void run(definition);
    }

  return {
    mode: "in-process",
    working: options.work,
    enqueue(name, { now = false } = {}) {
      const definition = definitions.get(name);
      if (!options.work || !definition) return;
      const pending = nudged.get(name);
      // A burst of calls makes one run; one asked for now does not wait for an earlier one's delay.
      if (pending && (pending.delayed === false || !now)) return;
      if (pending) clearTimeout(pending.timer);
      // Soon, once the caller's transaction has committed (at once when it has). A run going on finishes first,
      // then this one starts, as pg-boss's "stately" queue keeps one waiting beside the one running.
      const timer = setTimeout(
        () => {
          nudged.delete(name);
          void (running.get(name) ?? Promise.resolve()).then(() => run(definition));
        },
        now ? 0 : 1000,
      );
      timer.unref();
      nudged.set(name, { timer, delayed: !now });
    },
    async listFailed(limit = 100) {
      return failures.slice(0, limit);
    },
    async retry(id) {
      const job = failures.find((f) => f.id === id);
      if (!job) return { ok: false, message: "jobs.notFound" };
      const definition = definitions.get(job.name);
      if (!options.work || !definition) return { ok: false, message: "jobs.notRunning" };
      failures = failures.filter((f) => f.id !== id);
      void run(definition);
      return { ok: true, job };
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      for (const { timer } of nudged.values()) clearTimeout(timer);
      nudged.clear();
      await Promise.allSettled(running.values());
    },
  };
}

// This process's runner, whichever copy of this module (server or Remix build) asks (singleton.server.ts).
const current = singleton("jobs", () => ({ runner: undefined as JobRunner | undefined }));

/** Starts this process's runner: pg-boss on PostgreSQL (creating its schema), timers on the embedded database. */
export async function startJobs(options: StartJobsOptions): Promise<JobsMode> {
  if (current.runner) throw new Error("jobs already started");
  current.runner = await createJobRunner(options);
  return current.runner.mode;
}

/** Stops timers and workers; a running job may finish. */
export async function stopJobs(): Promise<void> {
  const runner = current.runner;
  current.runner = undefined;
  await runner?.stop();
}

export function jobsMode(): { mode: JobsMode; working: boolean } {
  return { mode: current.runner?.mode ?? "off", working: current.runner?.working ?? false };
}

/**
 * Asks for a run of a job soon (mail was just queued). Never throws and never waits: callers are often inside a
 * transaction, and the job's schedule picks the work up anyway. Without a runner (tests, scripts) it does nothing.
 * `now` only from outside a transaction: a job started before the caller's commit would not find its rows (and
 * they would wait for the schedule).
 */
export function enqueueJob(name: string, options?: EnqueueOptions): void {
  current.runner?.enqueue(name, options);
}

/** Failed jobs, latest first: from pg-boss, or those this process remembers on the embedded database. */
export async function listFailedJobs(limit = 100): Promise<FailedJob[]> {
  return current.runner ? current.runner.listFailed(limit) : [];
}

/** Puts a failed job back in its queue (pg-boss) or runs it again now (in-process). */
export async function retryFailedJob(id: string): Promise<RetryOutcome> {
  return current.runner ? current.runner.retry(id) : { ok: false, message: "jobs.notRunning" };
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (error && typeof error === "object" && "message" in error) return String(error.message);
  if (typeof error === "string") return error;
  return JSON.stringify(error ?? null);
}
