// Copies an embedded install (PGlite) into an empty PostgreSQL database (docs/deployment.md, decision 013).
// The target is migrated with the app's own migrations, then every table's rows are copied in dependency
// order with COPY (text format: bytea, jsonb, arrays and timestamps arrive byte for byte), sequences are set,
// and the row counts are compared — all in one transaction on the target.
import type { PGlite } from "@electric-sql/pglite";
import { getTableName, isTable } from "drizzle-orm";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import {
  appMigrationLevel,
  BackupRefusal,
  databaseMigrationLevel,
  pgliteRows,
  postgresRows,
  userRelations,
  type RowsOf,
} from "./backup";
import { openDatabase } from "./client";
import * as schema from "./schema";

export interface MovedTable {
  table: string;
  rows: number;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The app's tables as the Drizzle schema declares them. */
export function schemaTables(): string[] {
  return Object.values(schema)
    .filter((value) => isTable(value))
    .map((table) => getTableName(table))
    .sort();
}

async function publicTables(rows: RowsOf): Promise<string[]> {
  const found = await rows(`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`);
  return found.map((row) => String(row.table_name));
}

interface ForeignKey {
  name: string;
  table: string;
  references: string;
  definition: string;
}

async function foreignKeys(rows: RowsOf): Promise<ForeignKey[]> {
  const found = await rows(`
    select con.conname as name, rel.relname as "table", ref.relname as "references",
           pg_get_constraintdef(con.oid) as definition
    from pg_constraint con
    join pg_class rel on rel.oid = con.conrelid
    join pg_class ref on ref.oid = con.confrelid
    join pg_namespace n on n.oid = rel.relnamespace
    where con.contype = 'f' and n.nspname = 'public'
    order by 2, 1`);
  return found.map((row) => ({
    name: String(row.name),
    table: String(row.table),
    references: String(row.references),
    definition: String(row.definition),
  }));
}

/**
 * Tables ordered so that each comes after the tables it references. Foreign keys no order can satisfy (a table
 * referencing itself, or a cycle) are returned apart: they are dropped for the copy and added back after it,
 * which checks every copied row against them.
 */
export function copyOrder(tables: string[], keys: ForeignKey[]): { order: string[]; deferred: ForeignKey[] } {
  const deferred = keys.filter((key) => key.table === key.references);
  const edges = keys.filter((key) => key.table !== key.references);
  const order: string[] = [];
  const remaining = new Set(tables);
  while (remaining.size) {
    const ready = [...remaining]
      .filter((table) => !edges.some((key) => key.table === table && remaining.has(key.references)))
      .sort();
    if (ready.length) {
      for (const table of ready) {
        order.push(table);
        remaining.delete(table);
      }
      continue;
    }
    // A cycle: take the first remaining table and defer its keys to the other remaining tables.
    const [table] = [...remaining].sort();
    for (const key of edges.filter((key) => key.table === table && remaining.has(key.references))) deferred.push(key);
    order.push(table!);
    remaining.delete(table!);
  }
  return { order, deferred };
}

async function columnsOf(rows: RowsOf, table: string): Promise<string[]> {
  // Generated columns are computed by the target itself and cannot be written.
  const found = await rows(`
    select column_name from information_schema.columns
    where table_schema = 'public' and table_name = '${table.replace(/'/g, "''")}' and is_generated = 'NEVER'
    order by ordinal_position`);
  return found.map((row) => String(row.column_name));
}

async function countRows(rows: RowsOf, table: string): Promise<number> {
  const [row] = await rows(`select count(*)::text as n from public.${quote(table)}`);
  return Number(row?.n ?? 0);
}

/** The state of the target before anything is written: empty, or migrated by an earlier attempt with no rows. */
async function assertTargetEmpty(sql: postgres.Sql, appTables: string[]) {
  const rows = postgresRows(sql);
  const relations = await userRelations(rows);
  if (!relations.length) return;
  // A move that failed during the copy leaves the app's tables migrated and empty; that target may be used again.
  const app = await appMigrationLevel();
  const level = await databaseMigrationLevel(rows);
  const tables = await publicTables(rows);
  const foreign = tables.filter((table) => !appTables.includes(table));
  const sameLevel = level.count === app.count && level.lastWhen === app.lastWhen;
  const withRows: string[] = [];
  if (sameLevel && !foreign.length)
    for (const table of tables) if ((await countRows(rows, table)) > 0) withRows.push(table);
  if (!sameLevel || foreign.length || withRows.length)
    throw new BackupRefusal(
      `The target database is not empty (${(withRows.length ? withRows : foreign.length ? foreign : relations)
        .slice(0, 3)
        .join(", ")}, …). Move into a new, empty database.`,
    );
}

/** Rows per COPY batch are bounded by bytes: a batch reads this many heap pages at first, then adapts. */
const FIRST_BATCH_PAGES = 64;
const BATCH_BYTES = 16 * 1024 * 1024;

/**
 * Copies the (migrated) embedded database `source` into the empty PostgreSQL database at `targetUrl`. The
 * source must not change meanwhile: the command line refuses while the app runs on it.
 */
export async function moveToPostgres(options: {
  source: PGlite;
  targetUrl: string;
  log?: (line: string) => void;
}): Promise<MovedTable[]> {
  const log = options.log ?? (() => {});
  const source = pgliteRows(options.source);
  const appTables = schemaTables();
  const app = await appMigrationLevel();
  const sourceLevel = await databaseMigrationLevel(source);
  if (sourceLevel.count !== app.count || sourceLevel.lastWhen !== app.lastWhen)
    throw new BackupRefusal(
      `The embedded database is at ${sourceLevel.count} migrations and this app at ${app.count}: start the app once ` +
        `on it (it migrates at start), or use the matching version of TM Academy.`,
    );

  const admin = postgres(options.targetUrl, { max: 1, onnotice: () => {} });
  try {
    await assertTargetEmpty(admin, appTables);
  } finally {
    await admin.end();
  }
  log("migrating the target with the app's migrations…");
  const migrated = await openDatabase({ databaseUrl: options.targetUrl, maxConnections: 1 });
  await migrated.close();

  const sql = postgres(options.targetUrl, { max: 1, onnotice: () => {} });
  try {
    const target = postgresRows(sql);
    const tables = await publicTables(target);
    const missing = appTables.filter((table) => !tables.includes(table));
    if (missing.length) throw new Error(`The migrated target lacks tables of the schema: ${missing.join(", ")}`);
    const sourceTables = await publicTables(source);
    const unknown = sourceTables.filter((table) => !tables.includes(table));
    if (unknown.length) throw new Error(`The embedded database has tables the target lacks: ${unknown.join(", ")}`);

    const { order, deferred } = copyOrder(tables, await foreignKeys(target));
    // Read before the transaction takes the one connection.
    const columnLists = new Map<string, string>();
    for (const table of order) columnLists.set(table, (await columnsOf(target, table)).map(quote).join(", "));
    const moved: MovedTable[] = [];
    await sql.begin(async (tx) => {
      for (const key of deferred)
        await tx.unsafe(`alter table public.${quote(key.table)} drop constraint ${quote(key.name)}`);
      for (const table of order) {
        const columns = columnLists.get(table)!;
        const [size] = await source(
          `select (pg_relation_size('public.${quote(table)}') / current_setting('block_size')::bigint)::int as pages`,
        );
        const pages = Number(size?.pages ?? 0);
        let batchPages = FIRST_BATCH_PAGES;
        for (let first = 0; first < pages;) {
          const last = first + batchPages;
          // A range of heap pages (a TID range scan): each row is read once, with no sort and no offset.
          const copied = await options.source.query(
            `copy (select ${columns} from public.${quote(table)} where ctid >= '(${first},0)'::tid and ctid < '(${last},0)'::tid) to '/dev/blob'`,
          );
          const bytes = copied.blob ? new Uint8Array(await copied.blob.arrayBuffer()) : new Uint8Array();
          if (bytes.byteLength) {
            const writable = await tx.unsafe(`copy public.${quote(table)} (${columns}) from stdin`).writable();
            await pipeline(Readable.from([bytes]), writable);
          }
          const perPage = bytes.byteLength / batchPages;
          batchPages = Math.max(1, Math.min(65_536, Math.floor(BATCH_BYTES / Math.max(perPage, 1))));
          first = last;
        }
        const expected = await countRows(source, table);
        const [counted] = await tx.unsafe<{ n: string }[]>(`select count(*)::text as n from public.${quote(table)}`);
        const rows = Number(counted?.n ?? 0);
        if (rows !== expected)
          throw new Error(
            `${table}: ${rows} rows copied where the embedded database has ${expected}; nothing was kept.`,
          );
        moved.push({ table, rows });
        log(`${table.padEnd(36)} ${rows}`);
      }
      // Added back now, each key checks every copied row.
      for (const key of deferred)
        await tx.unsafe(`alter table public.${quote(key.table)} add constraint ${quote(key.name)} ${key.definition}`);
      // Sequences (serial and identity columns) continue where the embedded database left them.
      const sequences = await source(`
        select sequencename as name, last_value::text as last_value
        from pg_sequences where schemaname = 'public' and last_value is not null`);
      for (const sequence of sequences)
        await tx.unsafe(`select setval($1, $2::bigint, true)`, [
          `public.${quote(String(sequence.name))}`,
          String(sequence.last_value),
        ]);
    });
    return moved;
  } finally {
    await sql.end();
  }
}
