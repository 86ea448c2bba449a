import type { ServerBuild } from "@remix-run/node";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { start } from "./start";

// Production: `npm run build` bundles this file into build/server.js, next to the Remix build it serves.
// Development runs the same server with Vite (server/dev.ts).
async function main() {
  const build = (await import(pathToFileURL(path.resolve("build/server/index.js")).href)) as ServerBuild;
  await start({ build });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
