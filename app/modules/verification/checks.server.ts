import { count, eq, max, sql } from "drizzle-orm";
import type { DbOrTx } from "#db/client";
import { certificateChecks } from "#db/schema";
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
function buildInsert(db: DbOrTx) {
  return db
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
    .prepare("verification_check_insert");
}
const preparedInserts = new WeakMap<DbOrTx, ReturnType<typeof buildInsert>>();

/** Logs one check: one insert. */
export async function recordCheck(db: DbOrTx, entry: CheckEntry): Promise<void> {
  let insert = preparedInserts.get(db);
  if (!insert) {
    insert = buildInsert(db);
    preparedInserts.set(db, insert);
  }
  await insert.execute(values(entry));
}

const pending = new Set<Promise<void>>();

/**
 * Logs a check without making the caller wait for the write (the API answers first). A failed write is
 * reported on the server's error log, never dropped without a trace.
 */
export function recordCheckInBackground(db: DbOrTx, entry: CheckEntry): void {
  const write = recordCheck(db, entry)
    .catch((error: unknown) => {
      console.error(`verification: could not log a ${entry.kind} check of "${entry.query.slice(0, MAX_QUERY_LENGTH)}"`, error);
    })
    .finally(() => pending.delete(write));
  pending.add(write);
}

/** Waits for the background writes started so far (tests; a shutdown that wants them all). */
export async function flushCheckLog(): Promise<void> {
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
