// npx tsx scripts/item-stats.ts — runs the item-statistics job once, here (DATABASE_URL, or PGlite in DATA_DIR),
// and prints what it did as one JSON line: attempts folded in and taken out, and the time of each step. The
// statistics bench (bench/statistics.mjs) times the computation with it.
import { openDatabase } from "../db/client";
import { refreshItemStatistics } from "~/modules/exams/index.server";
import { parseEnv } from "../app/utils/env.server";

const env = parseEnv(process.env);
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
try {
  console.log(JSON.stringify(await refreshItemStatistics(database.db)));
} finally {
  await database.close();
}
