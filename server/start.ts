import type { ServerBuild } from "@remix-run/node";
import http from "node:http";
import { boot, shutdown } from "../app/utils/boot.server";
import { connect } from "../app/utils/db.server";
import { answerExamSave } from "../app/utils/exam-save.server";
import { env, type Env } from "../app/utils/env.server";
import { startAppJobs, stopJobs } from "../app/utils/jobs.server";
import { verificationApi, verificationPage } from "../app/utils/verification.server";
import { serveSnapshots } from "../db/backup";
import { createApp, type AppOptions } from "./app";
import { examSaveFastPath } from "./exam-save";
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
 * the database handle (app/utils/db.server.ts), the jobs (app/utils/jobs.server.ts) and the HTTP server; with
 * APP_ROLE=worker only the jobs (docs/deployment.md, "Jobs and workers"). The JSON verification
 * API and exam saves are answered before Express; everything else goes through Express to Remix.
 */
export async function start(options: StartOptions) {
  let config: Env;
  try {
    config = env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
  if (config.APP_ROLE === "worker") return startWorker(config);
  for (const line of await boot()) console.log(line);
  // Embedded database: only this process may open DATA_DIR, so `npm run db:backup` asks it for a consistent
  // snapshot through a socket beside DATA_DIR (docs/decisions/013-backups.md).
  const embedded = (await connect()).pglite;
  const snapshots = embedded
    ? await serveSnapshots(embedded, config.DATA_DIR).catch((error: unknown) => {
        console.error(`backups of the running app are unavailable: ${error instanceof Error ? error.message : error}`);
        return undefined;
      })
    : undefined;

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
  const fastPaths = [
    verificationApiFastPath(verificationApi, { trustProxy, production }),
    examSaveFastPath(answerExamSave, { appUrl: config.APP_URL, trustProxy, production }),
  ];
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (!fastPaths.some((fastPath) => fastPath(req, res))) app(req, res);
  });
  server.listen(config.PORT, () => {
    console.log(`TM Academy 技术经理人学院: http://localhost:${config.PORT}`);
  });

  // Mail, the attempt sweep, reminders and retention: pg-boss on PostgreSQL, timers on the embedded database.
  console.log(await startAppJobs(config));

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    const jobsStopped = stopJobs();
    void snapshots?.close();
    // Vite (development) ends its HMR sockets, which would otherwise hold close() open.
    const devClosed = devServer?.close();
    server.close(() => {
      Promise.all([devClosed, jobsStopped.then(shutdown)]).then(
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

/**
 * APP_ROLE=worker: no HTTP server, only the jobs (the web copies queue them). Opening the database runs the
 * migrations; the content sync and the demo stay with the web copies' boot.
 */
async function startWorker(config: Env) {
  await connect();
  console.log(await startAppJobs(config));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    // A running job may finish; pg-boss hands back what it could not (its jobs are retried elsewhere).
    stopJobs()
      .then(shutdown)
      .then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
