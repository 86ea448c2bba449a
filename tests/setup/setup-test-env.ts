import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { disconnect, setDatabase } from "~/utils/db.server";
import { createTestDatabase } from "./test-database";

// Each test file gets its own fresh database, installed as the app's database.
beforeAll(async () => {
  setDatabase(await createTestDatabase());
});

afterAll(async () => {
  await disconnect();
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
