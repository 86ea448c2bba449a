// npm run content:sync — loads content/ into the database (DATABASE_URL, or PGlite in DATA_DIR).
import { openDatabase } from "../db/client";
import { formatProblem, loadContent, syncContent } from "~/modules/content/index.server";
import { parseEnv } from "../app/utils/env.server";

const env = parseEnv(process.env);
const { content, problems } = await loadContent();
if (!content) {
  for (const problem of problems) console.error(formatProblem(problem));
  process.exit(1);
}
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  const summary = await syncContent(database.db, content);
  console.log(`added ${summary.added.length}, changed ${summary.changed.length}, retired ${summary.retired.length}`);
  for (const line of [
    ...summary.added.map((s) => `+ ${s}`),
    ...summary.changed.map((s) => `~ ${s}`),
    ...summary.retired.map((s) => `- ${s}`),
  ])
    console.log(line);
  // Published in the app and changed in the files too: the app's version stays (docs/authoring.md).
  for (const conflict of summary.conflicts ?? [])
    console.warn(
      `! ${conflict}: changed in the app since the files were exported; not applied (npm run content:export -- content to take the app's version)`,
    );
} finally {
  await database.close();
}
