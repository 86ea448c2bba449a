import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    mailDir: string;
  }
}

/** Starts the production server (build/server.js) on a fresh embedded database with the demo data. */
export default async function setup(project: TestProject) {
  if (!existsSync("build/server.js"))
    throw new Error("No production build: run `npm run build` before the browser tests.");
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tma-e2e-"));
  // Delivered e-mails land here as .eml files, as a trainee's or staff member's mailbox would receive them.
  const mailDir = await mkdtemp(path.join(os.tmpdir(), "tma-e2e-mail-"));
  const port = Number(process.env.E2E_PORT ?? 3210);
  const child: ChildProcess = spawn(process.execPath, ["build/server.js"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      APP_URL: `http://localhost:${port}`,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
      SEED_DEMO: "true",
      MAIL_DIR: mailDir,
      MAIL_POLL_SECONDS: "1",
      // The journeys sign in the demo admins with their passwords; the second factor has a journey of its own
      // (admin-enrols-two-factor) and the policy's redirects are tested in tests/integration/two-factor.test.ts.
      REQUIRE_TWO_FACTOR: "false",
      // A lesson counts as studied after 0.2 % of its estimate (about 5 s of a 35-minute lesson) instead of
      // levels.yaml's half: the journeys check the time rule without studying for minutes.
      LESSON_MIN_SHARE_OF_ESTIMATE: "0.002",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`http://localhost:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  project.provide("baseUrl", `http://localhost:${port}`);
  project.provide("mailDir", mailDir);

  return async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r("timeout"), 15_000)))]);
    clearTimeout(timer);
    await rm(dataDir, { recursive: true, force: true });
    await rm(mailDir, { recursive: true, force: true });
    // The server must close its database and exit by itself on SIGTERM.
    if (code !== 0) throw new Error(`server did not exit cleanly on SIGTERM (${String(code)}):\n${output}`);
  };
}
