// npm run content:export -- <dir> — writes the published curriculum in the content/ format (docs/authoring.md).
import { openDatabase } from "../db/client";
import { exportContent } from "~/modules/content/index.server";
import { parseEnv } from "../app/utils/env.server";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: npm run content:export -- <dir>   (for example: npm run content:export -- content)");
  process.exit(2);
}
const env = parseEnv(process.env);
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  const summary = await exportContent(database.db, dir);
  console.log(
    `wrote ${summary.written.length} file(s) to ${dir}${summary.removed.length ? `, removed ${summary.removed.length}` : ""}`,
  );
  for (const file of summary.removed) console.log(`- ${file}`);
} finally {
  await database.close();
}
