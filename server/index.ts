import type { ServerBuild } from "@remix-run/node";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createApp, type AppOptions } from "./app";
import { verificationApiFastPath, type AnswerVerificationApi } from "./verification-api";

// The Remix build holds the one database connection; its entry module exports boot/shutdown.
interface EntryModule {
  boot(): Promise<string[]>;
  shutdown(): Promise<void>;
  deliverMail(): Promise<number>;
  sweepAttempts(): Promise<number>;
  remindExpiringCertificates(): Promise<number>;
  verificationApi: AnswerVerificationApi;
  verificationPage: NonNullable<AppOptions["verificationPage"]>;
  env(): { NODE_ENV: string; PORT: number; APP_URL?: string; TRUST_PROXY: string };
}

async function main() {
  const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
  const entry = build.entry.module as unknown as EntryModule;
  let config: ReturnType<EntryModule["env"]>;
  try {
    config = entry.env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  for (const line of await entry.boot()) console.log(line);

  const production = config.NODE_ENV === "production";
  const trustProxy = config.TRUST_PROXY === "true";
  const app = createApp({ build, production, appUrl: config.APP_URL, trustProxy, verificationPage: entry.verificationPage });
  const fastPath = verificationApiFastPath(entry.verificationApi, { trustProxy, production });
  const server = http.createServer((req, res) => {
    if (!fastPath(req, res)) app(req, res);
  });
  server.listen(config.PORT, () => {
    console.log(`TM Academy 技术经理人学院: http://localhost:${config.PORT}`);
  });

  const mailTimer = setInterval(() => {
    entry.deliverMail().catch((error) => console.error("mail delivery failed:", error));
  }, 30_000);

  // Exam attempts whose deadline passed while nobody looked are closed and graded within a minute.
  const sweepTimer = setInterval(() => {
    entry.sweepAttempts().catch((error) => console.error("attempt sweep failed:", error));
  }, 60_000);

  // Holders of certificates about to expire get one reminder each; checked hourly.
  const reminderTimer = setInterval(() => {
    entry.remindExpiringCertificates().catch((error) => console.error("certificate reminders failed:", error));
  }, 3_600_000);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    clearInterval(mailTimer);
    clearInterval(sweepTimer);
    clearInterval(reminderTimer);
    server.close(() => {
      entry.shutdown().then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
    // Keep-alive connections would hold close() open; end them.
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
