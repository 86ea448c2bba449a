// Moves an embedded install (DATA_DIR) into an empty PostgreSQL database (docs/deployment.md, "Moving to PostgreSQL").
//   npm run db:move-to-postgres -- postgres://user:pass@host:5432/tm_academy [--force]
// Stop the app first: rows written after the copy would stay behind. --force: DATA_DIR is marked open but no
// app answers (a crash), and you are sure nothing else uses it.
import { existsSync } from "node:fs";
import path from "node:path";
import { BackupRefusal, snapshotSocketPath } from "#db/backup";
import { openDatabase } from "#db/client";
import { moveToPostgres } from "#db/move-to-postgres";
import net from "node:net";

const args = process.argv.slice(2);
const force = args.includes("--force");
const targetUrl = args.find((arg) => !arg.startsWith("--"));
const dataDir = process.env.DATA_DIR || "./data";

async function appIsRunning() {
  const socketPath = snapshotSocketPath(dataDir);
  if (!existsSync(socketPath)) return false;
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(socketPath);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

try {
  if (!targetUrl || !/^postgres(ql)?:\/\//.test(targetUrl))
    throw new BackupRefusal("Usage: npm run db:move-to-postgres -- postgres://user:password@host:5432/database");
  if (!existsSync(path.join(dataDir, "PG_VERSION")))
    throw new BackupRefusal(`${dataDir} holds no embedded database (set DATA_DIR).`);
  if (await appIsRunning())
    throw new BackupRefusal(
      `The app is running on ${dataDir}: stop it first, or rows written after the copy would be lost.`,
    );
  if (existsSync(path.join(dataDir, "postmaster.pid")) && !force)
    throw new BackupRefusal(
      `${dataDir} is marked open (postmaster.pid): another process may be using it, or the last one did not close ` +
        `it (killed, or a crash). Stop what uses it; if you are sure nothing ` +
        `does, run again with --force.`,
    );
  const started = Date.now();
  // Opening migrates the embedded database to this app's level, as starting the app would.
  const source = await openDatabase({ dataDir });
  try {
    const moved = await moveToPostgres({ source: source.pglite!, targetUrl, log: (line) => console.log(line) });
    const total = moved.reduce((sum, table) => sum + table.rows, 0);
    console.log(
      `\nMoved ${moved.length} tables, ${total} rows, in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `every table's row count matches the embedded database.`,
    );
    console.log("Next: start the app with DATABASE_URL set to the target (docs/deployment.md).");
    // The embedded install's keys are files in DATA_DIR, not rows: a PostgreSQL deployment takes them from variables.
    const keys: [string, string][] = [
      ["signing-key.pem", "SIGNING_KEY (certificates keep their signer)"],
      ["two-factor.key", "TWO_FACTOR_KEY (authenticator secrets stay readable)"],
      ["pdf-signing.pem", "PDF_SIGNING_KEY and PDF_SIGNING_CERTIFICATE (the key, then the certificate)"],
    ];
    for (const [name, variable] of keys)
      if (existsSync(path.join(dataDir, name))) console.log(`  ${path.join(dataDir, name)} → ${variable}`);
  } finally {
    await source.close();
  }
} catch (error) {
  console.error(error instanceof BackupRefusal ? error.message : error);
  process.exit(error instanceof BackupRefusal ? 2 : 1);
}
