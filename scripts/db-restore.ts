// Restores a backup made by npm run db:backup (docs/deployment.md, "Restore").
//   npm run db:restore -- <file>            embedded backup → DATA_DIR (missing or empty);
//                                           PostgreSQL backup → DATABASE_URL (an empty database)
//   npm run db:restore -- <file> --force    embedded only: move a non-empty DATA_DIR aside first
// A backup from a newer schema than this app's migrations is refused.
import { BackupRefusal, readBackupHeader, restoreEmbedded, restorePostgres } from "#db/backup";

const args = process.argv.slice(2);
const force = args.includes("--force");
const file = args.find((arg) => !arg.startsWith("--"));
const databaseUrl = process.env.DATABASE_URL || undefined;
const dataDir = process.env.DATA_DIR || "./data";

try {
  if (!file) throw new BackupRefusal("Usage: npm run db:restore -- <backup file> [--force]");
  const { header } = await readBackupHeader(file);
  if (header.kind === "postgres") {
    if (!databaseUrl)
      throw new BackupRefusal("This is a PostgreSQL backup: set DATABASE_URL to the empty database to restore into.");
    await restorePostgres({ file, databaseUrl });
    console.log(`Restored ${file} (made ${header.createdAt}) into the PostgreSQL database.`);
  } else {
    if (databaseUrl)
      throw new BackupRefusal(
        "This is an embedded (PGlite) backup but DATABASE_URL is set: unset it to restore into DATA_DIR, then " +
          "npm run db:move-to-postgres -- <DATABASE_URL> to move it to PostgreSQL.",
      );
    const { movedAside } = await restoreEmbedded({ file, dataDir, force });
    if (movedAside) console.log(`The previous data folder was moved to ${movedAside}.`);
    console.log(`Restored ${file} (made ${header.createdAt}) into ${dataDir}.`);
  }
  console.log(
    `Schema: ${header.migrations.count} migrations (${header.migrations.lastTag}); the app applies newer ones when it starts.`,
  );
} catch (error) {
  console.error(error instanceof BackupRefusal ? error.message : error);
  process.exit(error instanceof BackupRefusal ? 2 : 1);
}
