// Backs up the database the app uses (docs/deployment.md, "Backups").
//   npm run db:backup                       → backups/tm-academy-<kind>-<time>.backup
//   npm run db:backup -- path/to/file       → that file
//   npm run db:backup -- --force            embedded only: the data folder is marked open but no app answers
// Embedded (DATA_DIR): a running app makes the snapshot itself; a stopped one's folder is opened directly.
// PostgreSQL (DATABASE_URL): pg_dump, whose snapshot is consistent while the app runs.
import { backupEmbedded, backupPostgres, BackupRefusal } from "#db/backup";

const args = process.argv.slice(2);
const force = args.includes("--force");
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || "./data";
const kind = databaseUrl ? "postgres" : "pglite";
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const file = args.find((arg) => !arg.startsWith("--")) ?? `backups/tm-academy-${kind}-${stamp}.backup`;

try {
  const started = Date.now();
  const { header, via } = databaseUrl
    ? { ...(await backupPostgres({ databaseUrl, file })), via: "pg_dump" }
    : await backupEmbedded({ dataDir, file, force });
  console.log(
    `Backup written: ${file}\n` +
      `  kind ${header.kind} (${via}), schema ${header.migrations.count} migrations (${header.migrations.lastTag}), ` +
      `${(header.payload.bytes / 1024 / 1024).toFixed(1)} MB, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (header.kind === "pglite")
    console.log("  It holds DATA_DIR's key files too (signing keys): keep it as safe as the data folder.");
} catch (error) {
  console.error(error instanceof BackupRefusal ? error.message : error);
  process.exit(error instanceof BackupRefusal ? 2 : 1);
}
