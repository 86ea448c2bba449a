import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import path from "node:path";
import postgres from "postgres";
import * as schema from "./schema";

// Both drivers expose the same query builder; typing every handle as the postgres-js one
// keeps module signatures simple (the PGlite database has the same surface).
export type Db = ReturnType<typeof drizzlePostgres<typeof schema>>;
/** A database or an open transaction: functions that write take this so callers can compose them. */
export type DbOrTx = Db | Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** PostgreSQL: the URL it was opened with, for libraries that open their own connections (the job queue). */
  url?: string;
  /** A plain parameterized query ($1, $2 …) on the same connection, for libraries that bring their own SQL. */
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** The embedded database itself (kind "pglite"): backups take their snapshots through it (db/backup.ts). */
  pglite?: PGlite;
  close(): Promise<void>;
}

// Resolved from the working directory: the app, scripts and tests all run from the repo root,
// and the bundled server build no longer sits beside db/.
export const migrationsFolder = path.resolve("db/migrations");

export interface OpenOptions {
  /** postgres:// URL; when absent, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data folder; "memory://" for an in-memory database. */
  dataDir?: string;
  /** A PGlite instance made by the caller (tests load a migrated template into one). */
  pglite?: PGlite;
  /** Connection pool size for postgres. */
  maxConnections?: number;
  migrate?: boolean;
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const migrate = options.migrate ?? true;
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema });
    if (migrate) await migratePostgres(db, { migrationsFolder });
    return {
      db,
      kind: "postgres",
      url: options.databaseUrl,
      query: async (text, values = []) => ({
        rows: await client.unsafe<Record<string, unknown>[]>(text, values as postgres.ParameterOrJSON<never>[], {
          prepare: true,
        }),
      }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const client = options.pglite ?? new PGlite(options.dataDir ?? "./data");
  const pgliteDb = drizzlePglite(client, { schema });
  if (migrate) await migratePglite(pgliteDb, { migrationsFolder });
  return {
    db: pgliteDb as unknown as Db,
    kind: "pglite",
    pglite: client,
    query: (text, values) => client.query<Record<string, unknown>>(text, values),
    close: () => client.close(),
  };
}
