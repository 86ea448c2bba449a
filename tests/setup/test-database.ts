import { PGlite } from "@electric-sql/pglite";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../db/client";

let counter = 0;

/** A fresh database copied from the run's migrated template: PGlite in memory, or PostgreSQL. */
export async function createTestDatabase(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const postgresTemplate = inject("postgresTemplate");
  if (serverUrl && postgresTemplate) {
    const name = `tma_t_${process.ppid}_${process.pid}_${Date.now()}_${counter++}`.slice(0, 63);
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${postgresTemplate}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 4, migrate: false });
    return {
      ...database,
      async close() {
        await database.close();
        const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
        await dropper.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  const template = await readFile(inject("pgliteTemplate"));
  const pglite = new PGlite({ loadDataDir: new Blob([template]) });
  return openDatabase({ pglite, migrate: false });
}
