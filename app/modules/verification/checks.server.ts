import { count, eq, max, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { preparedFor } from "#db/prepared";
import { certificateChecks } from "#db/schema";
import { singleton } from "~/utils/singleton.server";
import { MAX_QUERY_LENGTH } from "./lookup.server";

export type CheckKind = (typeof certificateChecks.kind.enumValues)[number];

/** One verification as the log keeps it. */
export interface CheckEntry {
  /** null when nothing was found */
  certificateId: string | null;
  /** What was asked, as typed (cut to the column's length). */
  query: string;
  kind: CheckKind;
  apiKeyId?: string | null;
  organizationId?: string | null;
  /** Whether a full name was compared, and if so whether it matched. */
  nameMatched?: boolean | null;
}

function values(entry: CheckEntry) {
  return {
    certificateId: entry.certificateId,
    query: entry.query.slice(0, MAX_QUERY_LENGTH),
    kind: entry.kind,
    apiKeyId: entry.apiKeyId ?? null,
    organizationId: entry.organizationId ?? null,
    nameChecked: entry.nameMatched !== undefined && entry.nameMatched !== null,
    nameMatched: entry.nameMatched ?? null,
  };
}

// Written on every public look-up: prepared once per handle like the look-up itself.
const insertCheck = preparedFor((db) =>
  db
    .insert(certificateChecks)
    .values({
      certificateId: sql.placeholder("certificateId"),
      query: sql.placeholder("query"),
      kind: sql.placeholder("kind"),
      apiKeyId: sql.placeholder("apiKeyId"),
      organizationId: sql.placeholder("organizationId"),
      nameChecked: sql.placeholder("nameChecked"),
      nameMatched: sql.placeholder("nameMatched"),
    })
    .prepare("verification_check_insert"),
);

/** Logs one check: one insert. */
export async function recordCheck(db: DbOrTx, entry: CheckEntry): Promise<void> {
  await insertCheck(db).execute(values(entry));
}

// The public endpoints log a check on every request. Writing each as its own statement (and commit) cost
// the API most of its throughput (bench/), so checks wait here briefly and go in as one multi-row insert:
// every FLUSH_AFTER_MS, or at once when FLUSH_AT are waiting. Shutdown flushes what is left.
const FLUSH_AFTER_MS = 200;
const FLUSH_AT = 500;
// One queue per process: the server's fast paths and the Remix build log into it, and shutdown flushes it all.
const log = singleton("verification-check-log", () => ({
  queues: new Map<DbOrTx, CheckEntry[]>(),
  pending: new Set<Promise<void>>(),
  timer: null as ReturnType<typeof setTimeout> | null,
}));
const { queues, pending } = log;

function writeQueued(db: DbOrTx): void {
  const queue = queues.get(db);
  if (!queue?.length) return;
  queues.delete(db);
  const write = recordChecks(db, queue)
    .catch((error: unknown) => {
      console.error(
        `verification: could not log ${queue.length} check(s), first "${queue[0]!.query.slice(0, MAX_QUERY_LENGTH)}"`,
        error,
      );
    })
    .finally(() => pending.delete(write));
  pending.add(write);
}

function writeAllQueued(): void {
  if (log.timer) clearTimeout(log.timer);
  log.timer = null;
  for (const db of [...queues.keys()]) writeQueued(db);
}

/**
 * Logs a check without making the caller wait for the write (the page or API answers first). A failed
 * write is reported on the server's error log, never dropped without a trace.
 */
export function recordCheckInBackground(db: DbOrTx, entry: CheckEntry): void {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = []));
  queue.push(entry);
  if (queue.length >= FLUSH_AT) writeQueued(db);
  else if (!log.timer) {
    log.timer = setTimeout(writeAllQueued, FLUSH_AFTER_MS);
    // A waiting batch must not keep a finished process (a script, a test) alive; shutdown flushes it.
    log.timer.unref();
  }
}

/** Writes the waiting checks and waits for every background write (tests; shutdown). */
export async function flushCheckLog(): Promise<void> {
  writeAllQueued();
  await Promise.all([...pending]);
}

const INSERT_CHUNK = 1000;

/** Logs many checks (a bulk file), a thousand rows a statement. */
export async function recordChecks(db: DbOrTx, entries: CheckEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
    await db.insert(certificateChecks).values(entries.slice(i, i + INSERT_CHUNK).map(values));
  }
}

export interface CheckSummary {
  page: number;
  /** Anonymous and by API key together. */
  api: number;
  bulk: number;
  lastCheckedAt: Date | null;
}

/** How often, and how lately, a certificate was checked: for its holder's page. */
export async function checkSummary(db: DbOrTx, certificateId: string): Promise<CheckSummary> {
  const rows = await db
    .select({ kind: certificateChecks.kind, checks: count(), last: max(certificateChecks.checkedAt) })
    .from(certificateChecks)
    .where(eq(certificateChecks.certificateId, certificateId))
    .groupBy(certificateChecks.kind);
  const summary: CheckSummary = { page: 0, api: 0, bulk: 0, lastCheckedAt: null };
  for (const row of rows) {
    const n = Number(row.checks);
    if (row.kind === "page") summary.page += n;
    else if (row.kind === "bulk") summary.bulk += n;
    else summary.api += n;
    const last = row.last ? new Date(row.last) : null;
    if (last && (!summary.lastCheckedAt || last > summary.lastCheckedAt)) summary.lastCheckedAt = last;
  }
  return summary;
}
