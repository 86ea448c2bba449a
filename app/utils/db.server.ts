import { openDatabase, type Database, type Db } from "#db/client";
import { env } from "./env.server";

// One database per process. Tests install their own fresh database with setDatabase().
let current: Database | undefined;
let opening: Promise<Database> | undefined;

export function setDatabase(database: Database | undefined) {
  current = database;
  opening = undefined;
}

export async function connect(): Promise<Database> {
  if (current) return current;
  const config = env();
  opening ??= openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  current = await opening;
  return current;
}

export async function db(): Promise<Db> {
  return (await connect()).db;
}

export async function disconnect() {
  const database = current;
  current = undefined;
  opening = undefined;
  await database?.close();
}
