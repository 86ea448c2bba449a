import { openDatabase, type Database, type Db } from "#db/client";
import { env } from "./env.server";
import { singleton } from "./singleton.server";

// One database per process, shared by the server's and the Remix build's copies of this module
// (singleton.server.ts). Tests install their own fresh database with setDatabase().
const handle = singleton("database", () => ({
  current: undefined as Database | undefined,
  opening: undefined as Promise<Database> | undefined,
}));

export function setDatabase(database: Database | undefined) {
  handle.current = database;
  handle.opening = undefined;
}

export async function connect(): Promise<Database> {
  if (handle.current) return handle.current;
  const config = env();
  handle.opening ??= openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  handle.current = await handle.opening;
  return handle.current;
}

export async function db(): Promise<Db> {
  return (await connect()).db;
}

export async function disconnect() {
  const database = handle.current;
  handle.current = undefined;
  handle.opening = undefined;
  await database?.close();
}
