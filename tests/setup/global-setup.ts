import { PGlite } from "@electric-sql/pglite";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../db/client";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite: a gzipped data dir of a migrated database, loaded by each test file. */
    pgliteTemplate: string;
    /** PostgreSQL: the name of a migrated template database, copied by each test file. */
    postgresTemplate: string;
  }
}

/**
 * Builds one migrated database for the whole run; every test file then starts from a fresh copy
 * (about 1 s a file instead of 4 s of migrations).
 */
export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const templateName = `tma_template_${process.pid}_${Date.now()}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE "${templateName}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${templateName}`;
    const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 1 });
    await database.close();
    project.provide("postgresTemplate", templateName);
    project.provide("pgliteTemplate", "");
    return async () => {
      // Drop the template and any test database a crashed worker left behind.
      const leftovers = await admin<{ datname: string }[]>`
        select datname from pg_database where datname like ${`tma_t_${process.pid}_%`} or datname = ${templateName}`;
      for (const { datname } of leftovers) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      await admin.end();
    };
  }

  const pglite = new PGlite("memory://");
  const database = await openDatabase({ pglite });
  const dump = await pglite.dumpDataDir("gzip");
  await database.close();
  const dir = await mkdtemp(path.join(os.tmpdir(), "tma-test-"));
  const file = path.join(dir, "template.tar.gz");
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgliteTemplate", file);
  project.provide("postgresTemplate", "");
  return async () => {
    await rm(dir, { recursive: true, force: true });
  };
}
