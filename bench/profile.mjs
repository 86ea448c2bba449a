// npm run bench:profile -- <path> [<path>…]: a CPU profile of the production build under load, one page at a
// time (signed in as the demo trainee), written to bench/profiles/ for Chrome DevTools or speedscope. Prints
// the functions with the most self time, so a regression can be found without opening a viewer.
import autocannon from "autocannon";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile } from "node:fs/promises";
import postgres from "postgres";
import { freshSigningKey, signInCookie, startProcess } from "./app-process.mjs";

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const PORT = 3411;
const paths = process.argv.slice(2).length ? process.argv.slice(2) : ["/healthz", "/account"];
if (!existsSync("build/server.js")) {
  console.error("No production build: run `npm run build` first.");
  process.exit(1);
}

const dbName = `tma_profile_${Date.now()}`;
const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE "${dbName}"`);
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${dbName}`;
const base = `http://localhost:${PORT}`;
const dir = "bench/profiles";
await mkdir(dir, { recursive: true });
try {
  for (const path of paths) {
    const before = new Set(await readdir(dir));
    const spawnedAt = Date.now();
    const app = startProcess(
      "app",
      ["--cpu-prof", `--cpu-prof-dir=${dir}`, "build/server.js"],
      {
        DATABASE_URL: dbUrl.toString(),
        PORT: String(PORT),
        NODE_ENV: "production",
        APP_URL: base,
        SEED_DEMO: "true",
        SIGNING_KEY: freshSigningKey(),
      },
      base,
    );
    await app.ready;
    // Start-up (migrations, the demo seed, content sync) is left out of the figures: only samples taken once the
    // load runs count.
    const loadFrom = (Date.now() - spawnedAt + 500) * 1000;
    const cookie = await signInCookie(base, "trainee@demo.tm-academy.cn");
    const result = await autocannon({ url: base + path, connections: 20, duration: DURATION, headers: { cookie } });
    await app.stop();
    const file = (await readdir(dir)).find((f) => !before.has(f));
    console.log(`\n${path}: ${Math.round(result.requests.average)} req/s, profile ${dir}/${file}`);
    if (file) printTop(JSON.parse(await readFile(`${dir}/${file}`, "utf8")), loadFrom);
  }
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
}

/** Self time per function (and per package, for node_modules), as shares of the samples. */
function printTop(profile, fromMicroseconds) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const pkg = new Map();
  const dt = profile.timeDeltas;
  let elapsed = 0;
  profile.samples.forEach((id, i) => {
    elapsed += dt[i] ?? 0;
    if (elapsed < fromMicroseconds) return;
    const node = byId.get(id);
    const f = node.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(node_modules\/)/, "$1").replace(/^file:\/\/.*\/main\//, "")}:${f.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0));
    const m = f.url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    const p = m
      ? m[1]
      : f.url.includes("/build/")
        ? "build (app code)"
        : f.url
          ? f.url.split("/").slice(-1)[0]
          : f.functionName;
    pkg.set(p, (pkg.get(p) ?? 0) + (dt[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const top = (m, n) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join("\n");
  console.log("by package / file:\n" + top(pkg, 15));
  console.log("by function (self):\n" + top(self, 25));
}
