// Backups and restores of both kinds of database (docs/deployment.md, decision 013).
//
// A backup file describes itself: a magic line, one JSON line (kind, schema level, time, payload size and
// SHA-256), then the payload — PGlite's data folder as a gzipped tar, or pg_dump's custom format.
import { PGlite } from "@electric-sql/pglite";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat, chmod } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { z } from "zod";
import { migrationsFolder } from "./client";

export const BACKUP_MAGIC = "TM-ACADEMY-BACKUP 1\n";

export type DatabaseKind = "pglite" | "postgres";

/** How far a database's schema has been migrated: drizzle's journal entries applied. */
export interface MigrationLevel {
  count: number;
  /** The journal's timestamp of the last applied migration (drizzle records it as `created_at`). */
  lastWhen: number;
  /** Its tag (`0025_rate_limits`), or null when this app's journal does not know it (a newer app made it). */
  lastTag: string | null;
}

const headerSchema = z.object({
  format: z.literal("tm-academy-backup"),
  version: z.literal(1),
  kind: z.enum(["pglite", "postgres"]),
  createdAt: z.string(),
  migrations: z.object({ count: z.number().int(), lastWhen: z.number(), lastTag: z.string().nullable() }),
  payload: z.object({
    type: z.enum(["pglite-data-dir.tar.gz", "pg_dump-custom"]),
    bytes: z.number().int(),
    sha256: z.string(),
  }),
  postgresVersion: z.string(),
});
export type BackupHeader = z.infer<typeof headerSchema>;

/** A refusal the command line prints as is (no stack): the operator has something to fix. */
export class BackupRefusal extends Error {}

// ——— schema level ———

interface JournalEntry {
  tag: string;
  when: number;
}

async function journal(folder = migrationsFolder): Promise<JournalEntry[]> {
  const text = await readFile(path.join(folder, "meta/_journal.json"), "utf8");
  return (JSON.parse(text) as { entries: JournalEntry[] }).entries;
}

/** The level this app's migrations reach. */
export async function appMigrationLevel(folder = migrationsFolder): Promise<MigrationLevel> {
  const entries = await journal(folder);
  const last = entries.at(-1);
  return { count: entries.length, lastWhen: last?.when ?? 0, lastTag: last?.tag ?? null };
}

/** Runs one query and returns its rows, whichever the driver. */
export type RowsOf = (text: string) => Promise<Record<string, unknown>[]>;

export const pgliteRows =
  (pglite: PGlite): RowsOf =>
  async (text) =>
    (await pglite.query<Record<string, unknown>>(text)).rows;

export const postgresRows =
  (sql: postgres.Sql): RowsOf =>
  async (text) =>
    (await sql.unsafe(text)) as unknown as Record<string, unknown>[];

/** The level a database has reached (0 migrations when it was never migrated). */
export async function databaseMigrationLevel(rows: RowsOf, folder = migrationsFolder): Promise<MigrationLevel> {
  const [present] = await rows(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!present?.present) return { count: 0, lastWhen: 0, lastTag: null };
  const applied = await rows(`select created_at::text as created_at from drizzle.__drizzle_migrations`);
  const lastWhen = Math.max(0, ...applied.map((row) => Number(row.created_at)));
  const tag = (await journal(folder)).find((entry) => entry.when === lastWhen)?.tag ?? null;
  return { count: applied.length, lastWhen, lastTag: tag };
}

function describeLevel(level: MigrationLevel) {
  return `${level.count} migrations${level.lastTag ? `, last ${level.lastTag}` : ""}`;
}

/** Refuses a backup whose schema is newer than this app's migrations: this app could not run on it. */
export async function assertNotNewer(header: BackupHeader, folder = migrationsFolder) {
  const app = await appMigrationLevel(folder);
  const backup = header.migrations;
  if (backup.lastWhen > app.lastWhen || backup.count > app.count)
    throw new BackupRefusal(
      `This backup comes from a newer schema (${describeLevel(backup)}${backup.lastTag ? "" : ", unknown to this app"}) ` +
        `than this app's migrations (${describeLevel(app)}). Restore it with the newer version of TM Academy.`,
    );
}

// ——— the file ———

function sha256Hex(payload: Uint8Array) {
  return createHash("sha256").update(payload).digest("hex");
}

export function encodeHeader(header: BackupHeader): Buffer {
  return Buffer.from(`${BACKUP_MAGIC}${JSON.stringify(header)}\n`, "utf8");
}

/** Reads and checks a backup's header; the payload starts at `payloadOffset`. */
export async function readBackupHeader(file: string): Promise<{ header: BackupHeader; payloadOffset: number }> {
  const handle = await open(file, "r").catch(() => {
    throw new BackupRefusal(`Cannot read the backup file ${file}.`);
  });
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const start = buffer.subarray(0, bytesRead);
    if (!start.subarray(0, BACKUP_MAGIC.length).equals(Buffer.from(BACKUP_MAGIC)))
      throw new BackupRefusal(`${file} is not a TM Academy backup (made by npm run db:backup).`);
    const end = start.indexOf(0x0a, BACKUP_MAGIC.length);
    if (end < 0) throw new BackupRefusal(`${file}: the backup's header is cut off.`);
    const parsed = headerSchema.safeParse(
      (() => {
        try {
          return JSON.parse(start.subarray(BACKUP_MAGIC.length, end).toString("utf8"));
        } catch {
          return null;
        }
      })(),
    );
    if (!parsed.success) throw new BackupRefusal(`${file}: the backup's header is not readable.`);
    const payloadOffset = end + 1;
    const { size } = await handle.stat();
    if (size - payloadOffset !== parsed.data.payload.bytes)
      throw new BackupRefusal(
        `${file} is incomplete: ${size - payloadOffset} bytes of data where the header says ${parsed.data.payload.bytes}.`,
      );
    return { header: parsed.data, payloadOffset };
  } finally {
    await handle.close();
  }
}

/** Checks the payload against the SHA-256 in the header (a truncated or altered file is refused). */
async function assertPayloadIntact(file: string, header: BackupHeader, payloadOffset: number) {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file, { start: payloadOffset }), hash);
  if (hash.digest("hex") !== header.payload.sha256)
    throw new BackupRefusal(`${file} is damaged: its data does not match the checksum in its header.`);
}

/** Writes header + payload to `file` through a temporary name, so a half-written backup never has the real name. */
async function writeBackupFile(file: string, header: BackupHeader, payload: Uint8Array | string) {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { mode: 0o600 });
  async function* parts() {
    yield encodeHeader(header);
    if (typeof payload === "string") yield* createReadStream(payload);
    else yield payload;
  }
  await pipeline(parts, out);
  await rename(partial, file);
}

/** Opens a backup: header checked, not newer than this app, payload intact. */
export async function inspectBackup(file: string, folder = migrationsFolder) {
  const found = await readBackupHeader(file);
  await assertNotNewer(found.header, folder);
  await assertPayloadIntact(file, found.header, found.payloadOffset);
  return found;
}

// ——— embedded PGlite ———

/**
 * Where a running app listens for snapshot requests. Beside DATA_DIR, not inside it: PGlite's dump reads every
 * file of the folder and fails on a socket. Only the owner may connect (mode 0600), as only they can read DATA_DIR.
 */
export function snapshotSocketPath(dataDir: string) {
  return `${path.resolve(dataDir).replace(/\/+$/, "")}.backup.sock`;
}

/** A consistent snapshot of an open PGlite: no transaction is open while PGlite's files are read. */
export async function snapshotPglite(pglite: PGlite): Promise<{ header: BackupHeader; payload: Uint8Array }> {
  const rows = pgliteRows(pglite);
  const migrations = await databaseMigrationLevel(rows);
  const [version] = await rows(`show server_version`);
  // A checkpoint first so a restore need not replay the write-ahead log; then the dump under the transaction lock
  // (every PGlite transaction holds it from BEGIN to COMMIT), so the files are never read in the middle of one.
  await pglite.exec("CHECKPOINT");
  const dump = await pglite._runExclusiveTransaction(() => pglite.dumpDataDir("gzip"));
  const payload = new Uint8Array(await dump.arrayBuffer());
  const header: BackupHeader = {
    format: "tm-academy-backup",
    version: 1,
    kind: "pglite",
    createdAt: new Date().toISOString(),
    migrations,
    payload: { type: "pglite-data-dir.tar.gz", bytes: payload.byteLength, sha256: sha256Hex(payload) },
    postgresVersion: String(version?.server_version ?? ""),
  };
  return { header, payload };
}

/**
 * The running app's side (server/start.ts): answers `snapshot` on the socket beside DATA_DIR with a whole backup
 * file. The app is the only process that may open DATA_DIR while it runs, so it makes the snapshot itself.
 */
export async function serveSnapshots(pglite: PGlite, dataDir: string): Promise<{ close(): Promise<void> }> {
  const socketPath = snapshotSocketPath(dataDir);
  if (existsSync(socketPath)) {
    if (await socketAnswers(socketPath))
      throw new Error(`${socketPath}: another process serves this data folder (is the app already running?)`);
    await rm(socketPath, { force: true }); // left by a process that did not stop cleanly
  }
  let ready = false;
  const server = net.createServer((socket) => {
    // Connections before the socket's mode is narrowed are dropped, so nobody slips in through the default mode.
    if (!ready) return socket.destroy();
    socket.setEncoding("utf8");
    let request = "";
    socket.on("data", (chunk: string) => {
      request += chunk;
      if (!request.includes("\n")) return;
      socket.removeAllListeners("data");
      if (request.trim() !== "snapshot") return socket.end("ERROR unknown request\n");
      snapshotPglite(pglite).then(
        ({ header, payload }) => {
          socket.write(encodeHeader(header));
          socket.end(payload);
        },
        (error: unknown) => socket.end(`ERROR ${error instanceof Error ? error.message : String(error)}\n`),
      );
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  });
  await chmod(socketPath, 0o600);
  ready = true;
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

async function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Asks the running app for a snapshot; "not-running" when nothing answers on the socket. */
async function requestSnapshot(dataDir: string, file: string): Promise<BackupHeader | "not-running"> {
  const socketPath = snapshotSocketPath(dataDir);
  if (!existsSync(socketPath) || !(await socketAnswers(socketPath))) return "not-running";
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const socket = net.connect(socketPath);
  socket.write("snapshot\n");
  await pipeline(socket, createWriteStream(partial, { mode: 0o600 }));
  const head = await firstBytes(partial, 4096);
  if (head.startsWith("ERROR ")) {
    await rm(partial, { force: true });
    throw new Error(`The running app could not make the snapshot: ${head.slice(6).split("\n")[0]}`);
  }
  const { header, payloadOffset } = await readBackupHeader(partial);
  await assertPayloadIntact(partial, header, payloadOffset);
  await rename(partial, file);
  return header;
}

async function firstBytes(file: string, length: number) {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
}

async function isNonEmptyDir(dir: string) {
  try {
    return (await readdir(dir)).length > 0;
  } catch {
    return false;
  }
}

/**
 * Backs up the embedded database in `dataDir`: from the running app through its socket, else by opening the
 * folder. A folder still marked open (postmaster.pid) with no app answering is refused unless `force`: another
 * process may be using it, and two processes on one PGlite folder corrupt it.
 */
export async function backupEmbedded(options: {
  dataDir: string;
  file: string;
  force?: boolean;
}): Promise<{ header: BackupHeader; via: "running app" | "data folder" }> {
  const fromApp = await requestSnapshot(options.dataDir, options.file);
  if (fromApp !== "not-running") return { header: fromApp, via: "running app" };
  if (!existsSync(path.join(options.dataDir, "PG_VERSION")))
    throw new BackupRefusal(
      `${options.dataDir} holds no embedded database (set DATA_DIR, or DATABASE_URL for PostgreSQL).`,
    );
  if (existsSync(path.join(options.dataDir, "postmaster.pid")) && !options.force)
    throw new BackupRefusal(
      `${options.dataDir} is marked open (postmaster.pid): another process (a script such as content:sync) may be ` +
        `using it, or the last one did not close it (killed, or a crash), and no running app ` +
        `answers on ${snapshotSocketPath(options.dataDir)}. Stop the process that uses it and try again; if you are sure ` +
        `nothing uses it, run again with --force.`,
    );
  const pglite = new PGlite(options.dataDir);
  try {
    const { header, payload } = await snapshotPglite(pglite);
    await writeBackupFile(options.file, header, payload);
    return { header, via: "data folder" };
  } finally {
    await pglite.close();
  }
}

/**
 * Restores an embedded backup into `dataDir`, which must be missing or empty. With `force` a non-empty folder is
 * moved aside (`<dataDir>.before-restore-<time>`), never deleted; a folder a running app serves is always refused.
 */
export async function restoreEmbedded(options: {
  file: string;
  dataDir: string;
  force?: boolean;
}): Promise<{ header: BackupHeader; movedAside: string | null }> {
  const { header, payloadOffset } = await inspectBackup(options.file);
  if (header.kind !== "pglite")
    throw new BackupRefusal(
      `${options.file} is a PostgreSQL backup; restore it with DATABASE_URL set to an empty database.`,
    );
  const socketPath = snapshotSocketPath(options.dataDir);
  if (existsSync(socketPath) && (await socketAnswers(socketPath)))
    throw new BackupRefusal(`The app is running on ${options.dataDir}: stop it before restoring into that folder.`);
  let movedAside: string | null = null;
  if (await isNonEmptyDir(options.dataDir)) {
    if (!options.force)
      throw new BackupRefusal(
        `${options.dataDir} is not empty. Restore into a new folder (set DATA_DIR), or run again with --force to move ` +
          `the current folder aside first.`,
      );
    movedAside = `${path.resolve(options.dataDir)}.before-restore-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    await rename(options.dataDir, movedAside);
  }
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const payload = await readFile(options.file).then((all) => all.subarray(payloadOffset));
  const pglite = new PGlite(options.dataDir, { loadDataDir: new Blob([payload]) });
  try {
    const level = await databaseMigrationLevel(pgliteRows(pglite));
    if (level.count !== header.migrations.count)
      throw new Error(
        `The restored database reports ${level.count} migrations where the backup says ${header.migrations.count}.`,
      );
  } finally {
    await pglite.close();
  }
  return { header, movedAside };
}

// ——— PostgreSQL ———

/**
 * The connection for pg_dump/pg_restore as libpq variables rather than a URL argument, so the password never shows
 * in the process list.
 */
export function libpqEnvironment(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl);
  const environment: NodeJS.ProcessEnv = { ...process.env };
  if (url.hostname) environment.PGHOST = decodeURIComponent(url.hostname);
  if (url.port) environment.PGPORT = url.port;
  if (url.username) environment.PGUSER = decodeURIComponent(url.username);
  if (url.password) environment.PGPASSWORD = decodeURIComponent(url.password);
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (database) environment.PGDATABASE = database;
  const sslmode = url.searchParams.get("sslmode") ?? url.searchParams.get("ssl");
  if (sslmode) environment.PGSSLMODE = sslmode === "true" ? "require" : sslmode;
  return environment;
}

async function run(command: string, args: string[], environment: NodeJS.ProcessEnv, input?: NodeJS.ReadableStream) {
  const child = spawn(command, args, { env: environment, stdio: [input ? "pipe" : "ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number>((resolve, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? new BackupRefusal(
              `${command} was not found: install the PostgreSQL client tools (Debian: postgresql-client).`,
            )
          : error,
      ),
    );
    child.once("close", (code) => resolve(code ?? 1));
  });
  // When the tool stops reading early (a refusal), its exit code and message say why, not the broken pipe.
  if (input) await pipeline(input, child.stdin!).catch(() => {});
  const code = await exited;
  if (code !== 0) throw new Error(`${command} failed (exit ${code}):\n${stderr.trim()}`);
}

function connect(databaseUrl: string) {
  return postgres(databaseUrl, { max: 1, onnotice: () => {} });
}

/** Relations outside PostgreSQL's own schemas: an empty database has none. */
export async function userRelations(rows: RowsOf): Promise<string[]> {
  const found = await rows(`
    select n.nspname || '.' || c.relname as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
      and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
    order by 1`);
  return found.map((row) => String(row.name));
}

/** pg_dump's own snapshot makes the dump consistent while the app keeps writing. */
export async function backupPostgres(options: {
  databaseUrl: string;
  file: string;
}): Promise<{ header: BackupHeader }> {
  const sql = connect(options.databaseUrl);
  let migrations: MigrationLevel;
  let postgresVersion: string;
  try {
    migrations = await databaseMigrationLevel(postgresRows(sql));
    const [version] = await sql<{ server_version: string }[]>`show server_version`;
    postgresVersion = version!.server_version;
  } finally {
    await sql.end();
  }
  await mkdir(path.dirname(path.resolve(options.file)), { recursive: true });
  const dumpFile = `${options.file}.pg_dump.partial`;
  try {
    await run(
      "pg_dump",
      ["--format=custom", "--no-password", `--file=${dumpFile}`],
      libpqEnvironment(options.databaseUrl),
    );
    const hash = createHash("sha256");
    await pipeline(createReadStream(dumpFile), hash);
    const header: BackupHeader = {
      format: "tm-academy-backup",
      version: 1,
      kind: "postgres",
      createdAt: new Date().toISOString(),
      migrations,
      payload: { type: "pg_dump-custom", bytes: (await stat(dumpFile)).size, sha256: hash.digest("hex") },
      postgresVersion,
    };
    await writeBackupFile(options.file, header, dumpFile);
    return { header };
  } finally {
    await rm(dumpFile, { force: true });
  }
}

/** Restores a PostgreSQL backup into an empty database, in one transaction (all or nothing). */
export async function restorePostgres(options: {
  file: string;
  databaseUrl: string;
}): Promise<{ header: BackupHeader }> {
  const { header, payloadOffset } = await inspectBackup(options.file);
  if (header.kind !== "postgres")
    throw new BackupRefusal(
      `${options.file} is an embedded (PGlite) backup: restore it with DATABASE_URL unset (into DATA_DIR), then move ` +
        `it with npm run db:move-to-postgres.`,
    );
  const sql = connect(options.databaseUrl);
  try {
    const relations = await userRelations(postgresRows(sql));
    if (relations.length)
      throw new BackupRefusal(
        `The target database is not empty (${relations.slice(0, 3).join(", ")}${relations.length > 3 ? ", …" : ""}). ` +
          `Restore into a new, empty database.`,
      );
  } finally {
    await sql.end();
  }
  await run(
    "pg_restore",
    [
      "--no-owner",
      "--no-privileges",
      "--exit-on-error",
      "--single-transaction",
      "--no-password",
      // The name only: host, user and password come from the environment (libpqEnvironment).
      `--dbname=${decodeURIComponent(new URL(options.databaseUrl).pathname.slice(1))}`,
    ],
    libpqEnvironment(options.databaseUrl),
    createReadStream(options.file, { start: payloadOffset }),
  );
  return { header };
}
