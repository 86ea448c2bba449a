import type { ServerBuild } from "@remix-run/node";
import http from "node:http";
import {
  boot,
  deliverMail,
  purgeOldAddresses,
  remindExamSessions,
  remindExpiringCertificates,
  shutdown,
  sweepAttempts,
} from "../app/utils/boot.server";
import { env, type Env } from "../app/utils/env.server";
import { verificationApi, verificationPage } from "../app/utils/verification.server";
import { createApp, type AppOptions } from "./app";
import { verificationApiFastPath } from "./verification-api";

/** Vite's dev server as the development server uses it (server/dev.ts). */
export interface DevServer {
  /** The current Remix build, recompiled by Vite where the code changed. */
  build: () => Promise<ServerBuild>;
  middlewares: NonNullable<AppOptions["devAssets"]>;
  close(): Promise<void>;
}

export type StartOptions =
  /** Production: the built Remix bundle. */
  | { build: ServerBuild; dev?: undefined }
  /** Development: makes Vite's dev server on our HTTP server, so its HMR socket shares the app's port. */
  | { build?: undefined; dev: (server: http.Server) => Promise<DevServer> };

/**
 * The one server, for development (server/dev.ts) and production (server/index.ts) alike: this process owns
 * the database handle (app/utils/db.server.ts), the jobs on timers and the HTTP server; the JSON verification
 * API is answered before Express; everything else goes through Express to Remix.
 */
export async function start(options: StartOptions) {
  let config: Env;
  try {
    config = env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  for (const line of await boot()) console.log(line);

  const production = config.NODE_ENV === "production";
  const trustProxy = config.TRUST_PROXY === "true";
  const server = http.createServer();
  let build: AppOptions["build"];
  let devServer: DevServer | undefined;
  if (options.dev) {
    devServer = await options.dev(server);
    build = devServer.build;
  } else {
    build = options.build;
  }
  const app = createApp({
    build,
    production,
    appUrl: config.APP_URL,
    trustProxy,
    devAssets: devServer?.middlewares,
    verificationPage,
  });
  const fastPath = verificationApiFastPath(verificationApi, { trustProxy, production });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!fastPath(req, res)) app(req, res);
  });
  server.listen(config.PORT, () => {
    console.log(`TM Academy 技术经理人学院: http://localhost:${config.PORT}`);
  });

  const mailTimer = setInterval(() => {
    deliverMail().catch((error) => console.error("mail delivery failed:", error));
  }, config.MAIL_POLL_SECONDS * 1000);

  // Exam attempts whose deadline passed while nobody looked are closed and graded within a minute.
  const sweepTimer = setInterval(() => {
    sweepAttempts().catch((error) => console.error("attempt sweep failed:", error));
  }, 60_000);

  // Holders of certificates about to expire get one reminder each; checked hourly.
  const reminderTimer = setInterval(() => {
    remindExpiringCertificates().catch((error) => console.error("certificate reminders failed:", error));
  }, 3_600_000);

  // Exam-session reminders (24 h and 1 h before); each is claimed in the database, so every copy may run this.
  const sessionReminderTimer = setInterval(() => {
    remindExamSessions().catch((error) => console.error("exam session reminders failed:", error));
  }, 300_000);

  // IP addresses older than ACCESS_LOG_RETENTION_DAYS are deleted at start and then daily (docs/privacy.md).
  const purgeAddresses = () => purgeOldAddresses().catch((error) => console.error("address retention failed:", error));
  void purgeAddresses();
  const retentionTimer = setInterval(purgeAddresses, 86_400_000);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    clearInterval(mailTimer);
    clearInterval(sweepTimer);
    clearInterval(reminderTimer);
    clearInterval(sessionReminderTimer);
    clearInterval(retentionTimer);
    // Vite (development) ends its HMR sockets, which would otherwise hold close() open.
    const devClosed = devServer?.close();
    server.close(() => {
      Promise.all([devClosed, shutdown()]).then(
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
