// Bundles our server (server/index.ts) into build/server.js, and the PDF worker; packages stay external.
// The server's bundle holds its own copy of the app modules it calls (boot, jobs, the verification fast
// paths); what must be one per process is shared with the Remix build through app/utils/singleton.server.ts.
import { build } from "esbuild";

await build({
  entryPoints: ["server/index.ts"],
  outfile: "build/server.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  jsx: "automatic",
  logLevel: "warning",
});

// The certificate PDF worker: a cohort's ZIP renders on every core (app/modules/certificates/pdf-pool.server.ts).
await build({
  entryPoints: ["app/modules/certificates/pdf.worker.ts"],
  outfile: "build/pdf-worker.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  jsx: "automatic",
  logLevel: "warning",
});
