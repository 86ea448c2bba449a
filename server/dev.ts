import type { ServerBuild } from "@remix-run/node";
import { createServer } from "vite";
import { start } from "./start";

// `npm run dev`: the production server (server/start.ts: fast path, Express with CSP and the origin guard,
// jobs) with Vite in middleware mode in place of the built files, as the Epic Stack does. Vite serves the
// app's modules and HMR on this server's port, and compiles the Remix server build on demand.
start({
  dev: async (server) => {
    const vite = await createServer({ server: { middlewareMode: true, hmr: { server } }, appType: "custom" });
    return {
      build: () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>,
      middlewares: vite.middlewares,
      close: () => vite.close(),
    };
  },
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
