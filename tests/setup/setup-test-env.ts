import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { flushCheckLog } from "~/modules/verification/index.server";
import { disconnect, setDatabase } from "~/utils/db.server";
import { resetEnvCache } from "~/utils/env.server";
import { createTestDatabase } from "./test-database";

// Each test file gets its own fresh database, installed as the app's database, and its own data folder
// (where the embedded demo keeps its certificate signing key), so no test touches ./data.
// Test files share worker processes (isolate: false), so each one starts from the same environment and
// leaves it as it found it.
let environment: Record<string, string | undefined> = {};
beforeAll(async () => {
  environment = { ...process.env };
  process.env.DATA_DIR = await mkdtemp(path.join(os.tmpdir(), "tma-data-"));
  resetEnvCache();
  setDatabase(await createTestDatabase());
});

afterAll(async () => {
  // Verification checks are written in batches; the last batch goes in before the database closes.
  await flushCheckLog();
  await disconnect();
  await rm(process.env.DATA_DIR!, { recursive: true, force: true });
  for (const name of Object.keys(process.env)) if (!(name in environment)) delete process.env[name];
  Object.assign(process.env, environment);
  resetEnvCache();
});

// A console.error during a test is a failure (Epic Stack's rule): errors must not pass unseen.
let consoleErrors: unknown[][] = [];
beforeAll(() => {
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});
afterEach(() => {
  const seen = consoleErrors;
  consoleErrors = [];
  if (seen.length) throw new Error(`console.error was called:\n${seen.map((a) => a.map(String).join(" ")).join("\n")}`);
});
