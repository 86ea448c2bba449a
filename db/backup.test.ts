import { PGlite } from "@electric-sql/pglite";
import { eq } from "drizzle-orm";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { certificateByCodeOrSerial, type PublicJwk, verifyRecord } from "~/modules/certificates/index.server";
import { connect, setDatabase } from "~/utils/db.server";
import { syncFixtureContent } from "../tests/setup/content-fixture";
import { issueTestCertificate } from "../tests/setup/test-certificates";
import {
  appMigrationLevel,
  backupEmbedded,
  backupPostgres,
  encodeHeader,
  readBackupHeader,
  restoreEmbedded,
  restorePostgres,
  serveSnapshots,
} from "./backup";
import { openDatabase, type Database, type DbOrTx } from "./client";
import { moveToPostgres } from "./move-to-postgres";
import { holderPhotos, signingKeys } from "./schema";

const serverUrl = process.env.TEST_DATABASE_URL;
let workDir: string;
let template: Blob;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), "tma-backup-"));
  // A migrated embedded database to start installs from: the run's template, or (PostgreSQL pass) a fresh one.
  const file = inject("pgliteTemplate");
  if (file) template = new Blob([await readFile(file)]);
  else {
    const pglite = new PGlite("memory://");
    const database = await openDatabase({ pglite });
    template = await pglite.dumpDataDir("gzip");
    await database.close();
  }
}, 120_000);

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Every byte value, to see bytea arrive intact. */
const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);

/** An install with content, an issued certificate and a photo (bytea) — written the real way. */
async function populate(database: Database) {
  // The fixture curriculum is synced through the app's database handle: point it here for the while.
  const testDatabase = await connect();
  setDatabase(database);
  try {
    await syncFixtureContent();
  } finally {
    setDatabase(testDatabase);
  }
  const certificate = await issueTestCertificate(database.db);
  await database.db.insert(holderPhotos).values({
    userId: certificate.holder.id,
    image: allBytes,
    imageType: "image/png",
    status: "pending",
    submittedAt: new Date(),
  });
  return certificate;
}

async function embeddedInstall(dataDir = "memory://") {
  const pglite = new PGlite(dataDir, { loadDataDir: template });
  const database = await openDatabase({ pglite, migrate: false });
  return { database, pglite, certificate: await populate(database) };
}

async function rowCounts(database: Database): Promise<Record<string, number>> {
  const { rows } = await database.query(
    `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name } of rows) {
    const [row] = (await database.query(`select count(*)::int as n from public."${String(table_name)}"`)).rows;
    counts[String(table_name)] = Number(row!.n);
  }
  return counts;
}

/** The certificate's stored record still verifies against the public key stored beside it. */
async function certificateVerifies(d: DbOrTx, code: string) {
  const row = await certificateByCodeOrSerial(d, { code, serial: "" });
  if (!row) return false;
  const [key] = await d.select({ jwk: signingKeys.publicJwk }).from(signingKeys).where(eq(signingKeys.kid, row.kid));
  return !!key && verifyRecord(key.jwk as PublicJwk, row.record, row.signature);
}

async function photoBytes(d: DbOrTx) {
  const [photo] = await d.select({ image: holderPhotos.image }).from(holderPhotos);
  return photo ? Uint8Array.from(photo.image) : null;
}

/** The same backup claiming a newer schema than this app's migrations. */
async function fromANewerSchema(file: string, target: string) {
  const { header, payloadOffset } = await readBackupHeader(file);
  const payload = (await readFile(file)).subarray(payloadOffset);
  const newer = {
    ...header,
    migrations: { count: header.migrations.count + 1, lastWhen: header.migrations.lastWhen + 1, lastTag: null },
  };
  await writeFile(target, Buffer.concat([encodeHeader(newer), payload]));
}

describe("embedded (PGlite) backups", () => {
  test("a running install is backed up through its socket, restored into an empty folder, and its certificate verifies", async () => {
    const source = path.join(workDir, "running");
    const install = await embeddedInstall(source);
    const snapshots = await serveSnapshots(install.pglite, source);
    const file = path.join(workDir, "running.backup");
    try {
      const expected = await rowCounts(install.database);
      const { header, via } = await backupEmbedded({ dataDir: source, file });
      expect(via).toBe("running app");
      expect(header.kind).toBe("pglite");
      expect(header.migrations).toEqual(await appMigrationLevel());
      // The app goes on serving after the snapshot.
      expect(await certificateVerifies(install.database.db, install.certificate.code)).toBe(true);

      // The running app's folder is never restored over.
      await expect(restoreEmbedded({ file, dataDir: source, force: true })).rejects.toThrow(/app is running/);

      const restoredDir = path.join(workDir, "restored");
      await restoreEmbedded({ file, dataDir: restoredDir });
      const restored = await openDatabase({ dataDir: restoredDir });
      try {
        expect(await rowCounts(restored)).toEqual(expected);
        expect(expected.certificates).toBe(1);
        expect(await certificateVerifies(restored.db, install.certificate.code)).toBe(true);
        expect(await photoBytes(restored.db)).toEqual(allBytes);
      } finally {
        await restored.close();
      }

      // A non-empty folder is refused; with --force it is moved aside, not deleted.
      await expect(restoreEmbedded({ file, dataDir: restoredDir })).rejects.toThrow(/is not empty/);
      const { movedAside } = await restoreEmbedded({ file, dataDir: restoredDir, force: true });
      expect(movedAside && existsSync(path.join(movedAside, "PG_VERSION"))).toBe(true);

      // A backup from a newer schema than this app's migrations is refused before anything is touched.
      const newer = path.join(workDir, "newer.backup");
      await fromANewerSchema(file, newer);
      const untouched = path.join(workDir, "untouched");
      await expect(restoreEmbedded({ file: newer, dataDir: untouched })).rejects.toThrow(/newer schema/);
      expect(existsSync(untouched)).toBe(false);

      // A damaged file is refused.
      const damaged = path.join(workDir, "damaged.backup");
      const bytes = await readFile(file);
      bytes[bytes.length - 10]! ^= 0xff;
      await writeFile(damaged, bytes);
      await expect(restoreEmbedded({ file: damaged, dataDir: untouched })).rejects.toThrow(/damaged/);
    } finally {
      await snapshots.close();
      await install.database.close();
    }
  }, 300_000);

  test("a stopped install's folder is backed up directly, and one still marked open is refused without --force", async () => {
    const source = path.join(workDir, "stopped");
    const install = await embeddedInstall(source);
    const expected = await rowCounts(install.database);
    await install.database.close();

    const file = path.join(workDir, "stopped.backup");
    expect((await backupEmbedded({ dataDir: source, file })).via).toBe("data folder");
    const restoredDir = path.join(workDir, "stopped-restored");
    await restoreEmbedded({ file, dataDir: restoredDir });
    const restored = await openDatabase({ dataDir: restoredDir });
    expect(await rowCounts(restored)).toEqual(expected);
    expect(await certificateVerifies(restored.db, install.certificate.code)).toBe(true);
    await restored.close();

    // As a crashed process leaves it: marked open, nobody answering.
    await writeFile(path.join(source, "postmaster.pid"), "-42\n");
    await expect(backupEmbedded({ dataDir: source, file })).rejects.toThrow(/--force/);
    expect((await backupEmbedded({ dataDir: source, file, force: true })).via).toBe("data folder");
  }, 300_000);
});

// PostgreSQL backups, restores and the move need a PostgreSQL server: the PostgreSQL pass of `.ci/run`
// (TEST_DATABASE_URL) runs them; the embedded pass has no server to give them.
describe.runIf(serverUrl)("PostgreSQL backups and the move from embedded", () => {
  const created: string[] = [];
  const admin = () => postgres(serverUrl!, { max: 1, onnotice: () => {} });

  async function newDatabase(fromTemplate: boolean) {
    const name = `tma_b_${process.pid}_${Date.now()}_${created.length}`;
    const sql = admin();
    try {
      await sql.unsafe(`CREATE DATABASE "${name}"${fromTemplate ? ` TEMPLATE "${inject("postgresTemplate")}"` : ""}`);
    } finally {
      await sql.end();
    }
    created.push(name);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    return url.toString();
  }

  afterAll(async () => {
    const sql = admin();
    for (const name of created) await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await sql.end();
  });

  test("pg_dump backup → restore into an empty database: same row counts, the certificate verifies", async () => {
    const sourceUrl = await newDatabase(true);
    const source = await openDatabase({ databaseUrl: sourceUrl, maxConnections: 2, migrate: false });
    try {
      const certificate = await populate(source);
      const expected = await rowCounts(source);
      const file = path.join(workDir, "postgres.backup");
      const { header } = await backupPostgres({ databaseUrl: sourceUrl, file });
      expect(header.kind).toBe("postgres");
      expect(header.migrations).toEqual(await appMigrationLevel());

      const targetUrl = await newDatabase(false);
      await restorePostgres({ file, databaseUrl: targetUrl });
      const target = await openDatabase({ databaseUrl: targetUrl, maxConnections: 2, migrate: false });
      try {
        expect(await rowCounts(target)).toEqual(expected);
        expect(expected.certificates).toBe(1);
        expect(await certificateVerifies(target.db, certificate.code)).toBe(true);
        expect(await photoBytes(target.db)).toEqual(allBytes);
      } finally {
        await target.close();
      }

      // Refusals: a database with tables in it, a backup of a newer schema, an embedded backup.
      await expect(restorePostgres({ file, databaseUrl: sourceUrl })).rejects.toThrow(/not empty/);
      const newer = path.join(workDir, "postgres-newer.backup");
      await fromANewerSchema(file, newer);
      await expect(restorePostgres({ file: newer, databaseUrl: await newDatabase(false) })).rejects.toThrow(
        /newer schema/,
      );
    } finally {
      await source.close();
    }
  }, 300_000);

  test("an embedded install moves into an empty PostgreSQL database: every table's rows, the certificate verifies", async () => {
    const install = await embeddedInstall();
    try {
      const expected = await rowCounts(install.database);
      const targetUrl = await newDatabase(false);
      const moved = await moveToPostgres({ source: install.pglite, targetUrl });
      expect(Object.fromEntries(moved.map((table) => [table.table, table.rows]))).toEqual(expected);

      const target = await openDatabase({ databaseUrl: targetUrl, maxConnections: 2, migrate: false });
      try {
        expect(await rowCounts(target)).toEqual(expected);
        expect(expected.certificates).toBe(1);
        expect(await certificateVerifies(target.db, install.certificate.code)).toBe(true);
        expect(await photoBytes(target.db)).toEqual(allBytes);
      } finally {
        await target.close();
      }

      // The target now has rows: a second move is refused. A migrated database without rows (what a move that
      // failed during the copy leaves) is taken.
      await expect(moveToPostgres({ source: install.pglite, targetUrl })).rejects.toThrow(/not empty/);
      await expect(
        moveToPostgres({ source: install.pglite, targetUrl: await newDatabase(true) }),
      ).resolves.toHaveLength(Object.keys(expected).length);
    } finally {
      await install.database.close();
    }
  }, 300_000);
});
