// Several copies of the production build behind nginx on one PostgreSQL database, as docs/deployment.md ("Behind
// nginx") describes: K web copies (APP_ROLE=web) + W workers (APP_ROLE=worker) + nginx running deploy/nginx.conf,
// all as plain processes of this user with their files in one temporary folder. Used by the cluster smoke
// (scripts/cluster-smoke.mjs), `BENCH_TOPOLOGY=nginx npm run bench`, and by hand:
//
//   npm run build
//   node scripts/cluster.mjs --database-url postgres://postgres@127.0.0.1:5432/tma --port 8080 --web 3 --workers 1
//
// Ctrl-C stops everything. It installs nothing: without nginx it says what to install (scripts/ensure-nginx.sh).
import { spawn, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, createWriteStream, readFileSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SITE_CONFIG = path.join(root, "deploy/nginx.conf");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The nginx binary, or an error that says how to get one. */
export function findNginx() {
  for (const candidate of [process.env.NGINX_BIN, "/usr/sbin/nginx", "/usr/bin/nginx"]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  const found = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).stdout.trim();
  if (found) return found;
  throw new Error(
    "nginx is missing. Install Debian's nginx: `bash scripts/ensure-nginx.sh` (as root) or `sudo apt-get install nginx-light`; or set NGINX_BIN.",
  );
}

/** A TCP port nobody listens on right now. */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * deploy/nginx.conf made runnable without root: the upstream's servers are this cluster's copies, `listen` is
 * the given port on loopback, and the main context (pid, logs, temporary files) points into `dir`.
 */
export function nginxConfig({ dir, port, upstreams, workerProcesses = 1 }) {
  const site = readFileSync(SITE_CONFIG, "utf8");
  const servers = upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join("\n");
  const replaced = site
    .replace(
      /(# upstream-servers:[^\n]*\n(?:\s*#[^\n]*\n)*)[\s\S]*?(\n\s*# end upstream-servers)/,
      (_, head, tail) => `${head}${servers}${tail}`,
    )
    .replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`);
  if (!replaced.includes(`listen 127.0.0.1:${port};`) || !replaced.includes(servers))
    throw new Error("deploy/nginx.conf: the upstream-servers markers or the `listen 80;` line are missing");
  return `# Written by scripts/cluster.mjs from deploy/nginx.conf; everything nginx writes stays in this folder.
daemon off;
worker_processes ${workerProcesses};
worker_rlimit_nofile 20000;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events {
    worker_connections 10000;
}
http {
    access_log off;
    default_type application/octet-stream;
    client_body_temp_path ${dir}/nginx-body;
    proxy_temp_path ${dir}/nginx-proxy;
    fastcgi_temp_path ${dir}/nginx-fastcgi;
    uwsgi_temp_path ${dir}/nginx-uwsgi;
    scgi_temp_path ${dir}/nginx-scgi;

${replaced}
}
`;
}

/** Resolves once `GET url` answers 200, or rejects after `timeoutMs` or when `failed` rejects first. */
async function waitForOk(url, timeoutMs, failed) {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  let gone = null;
  failed?.catch((error) => (gone = error));
  while (Date.now() < deadline) {
    if (gone) throw gone;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      lastError = `status ${res.status}`;
    } catch (error) {
      lastError = error instanceof Error ? (error.cause?.code ?? error.message) : String(error);
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s (${lastError})`);
}

/** A child process whose output goes to `<dir>/<name>.log`; the last lines are kept for error messages. */
function startChild(name, command, args, { env, dir }) {
  const logPath = path.join(dir, `${name}.log`);
  const log = createWriteStream(logPath, { flags: "a" });
  const child = spawn(command, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let tail = "";
  const onData = (chunk) => {
    log.write(chunk);
    tail = (tail + chunk).slice(-4000);
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  const exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  // Rejects only if the process ends on its own: waiting for readiness races against it.
  let expectedExit = false;
  const died = exited.then(({ code, signal }) => {
    if (expectedExit) return new Promise(() => {});
    throw new Error(`${name} exited (${signal ?? code}); last output:\n${tail}`);
  });
  died.catch(() => {});
  return {
    name,
    child,
    logPath,
    get pid() {
      return child.pid;
    },
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    output: () => tail,
    died,
    /** kill -9: no goodbye, as a crash or an OOM kill would end it. */
    kill() {
      expectedExit = true;
      child.kill("SIGKILL");
      return exited;
    },
    /** SIGTERM, then SIGKILL if it has not gone within `graceMs`. */
    async stop(graceMs = 12_000) {
      expectedExit = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      await new Promise((resolve) => log.end(resolve));
    },
  };
}

/**
 * Starts nginx + `web` web copies + `workers` workers of build/server.js on `databaseUrl` and waits until nginx
 * answers /healthz. The first web copy boots alone until it has migrated and synced content/ (with seedDemo it
 * then loads the demo); the others and the workers start beside it from there. Every copy gets the same SIGNING_KEY.
 */
export async function startCluster({
  databaseUrl,
  port,
  web = 2,
  workers = 1,
  smtpUrl,
  seedDemo = true,
  env = {},
  nginxWorkers = 1,
  bootTimeoutMs = 120_000,
  log = () => {},
}) {
  if (!existsSync(path.join(root, "build/server.js")))
    throw new Error("No production build: run `npm run build` first.");
  const nginxBin = findNginx();
  const dir = await mkdtemp(path.join(tmpdir(), "tma-cluster-"));
  // nginx's workers run as another user when started by root: they must be able to reach their temporary files.
  await chmod(dir, 0o711);
  port ??= await freePort();
  const url = `http://127.0.0.1:${port}`;
  const signingKey =
    process.env.SIGNING_KEY ??
    generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
  const common = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    APP_URL: url,
    SIGNING_KEY: signingKey,
    // Files the copies would otherwise write into ./data (the PDF signing pair without PDF_SIGNING_KEY) are shared
    // by the copies and removed with the cluster.
    DATA_DIR: path.join(dir, "data"),
    SEED_DEMO: seedDemo ? "true" : "false",
    ...env,
  };
  const copies = [];
  const workerProcesses = [];
  let nginx;

  const startWeb = async (index) => {
    const copyPort = copies[index]?.port ?? (await freePort());
    const name = `web${index + 1}`;
    const proc = startChild(name, process.execPath, ["build/server.js"], {
      dir,
      // Only the first copy loads the demo (into the empty database); the others start as production copies do.
      env: {
        ...common,
        APP_ROLE: "web",
        PORT: String(copyPort),
        TRUST_PROXY: "true",
        ...(index > 0 ? { SEED_DEMO: "false" } : {}),
      },
    });
    copies[index] = Object.assign(proc, {
      port: copyPort,
      ready: waitForOk(`http://127.0.0.1:${copyPort}/healthz`, bootTimeoutMs, proc.died),
    });
    copies[index].ready.catch(() => {});
    return copies[index];
  };
  const startWorker = (index) => {
    const name = `worker${index + 1}`;
    const proc = startChild(name, process.execPath, ["build/server.js"], {
      dir,
      env: { ...common, APP_ROLE: "worker", SEED_DEMO: "false", ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}) },
    });
    const ready = new Promise((resolve, reject) => {
      const deadline = Date.now() + bootTimeoutMs;
      const poll = setInterval(() => {
        if (proc.output().includes("jobs: run here")) {
          clearInterval(poll);
          resolve();
        } else if (Date.now() > deadline) {
          clearInterval(poll);
          reject(new Error(`${name} did not start its jobs; last output:\n${proc.output()}`));
        }
      }, 100);
      proc.died.catch((error) => {
        clearInterval(poll);
        reject(error);
      });
    });
    ready.catch(() => {});
    workerProcesses[index] = Object.assign(proc, { ready });
    return workerProcesses[index];
  };

  const stop = async () => {
    await Promise.all([...copies, ...workerProcesses].filter(Boolean).map((p) => p.stop()));
    await nginx?.stop(5000);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    const began = Date.now();
    const first = await startWeb(0);
    // The others start once the first has migrated the database and synced content/ (they find nothing to do
    // there), while it may still be loading the demo.
    await new Promise((resolve, reject) => {
      const poll = setInterval(() => {
        if (first.output().includes("content: ")) {
          clearInterval(poll);
          resolve();
        }
      }, 100);
      first.ready.then(
        () => (clearInterval(poll), resolve()),
        (error) => (clearInterval(poll), reject(error)),
      );
    });
    log(`web1 has migrated and synced content/ (${((Date.now() - began) / 1000).toFixed(1)} s)`);
    for (let i = 1; i < web; i++) await startWeb(i);
    for (let i = 0; i < workers; i++) startWorker(i);
    await Promise.all([...copies.map((c) => c.ready), ...workerProcesses.map((w) => w.ready)]);
    log(`${web} web copies and ${workers} worker(s) ready (${((Date.now() - began) / 1000).toFixed(1)} s)`);

    const confPath = path.join(dir, "nginx.conf");
    await writeFile(
      confPath,
      nginxConfig({ dir, port, upstreams: copies.map((c) => c.port), workerProcesses: nginxWorkers }),
    );
    const test = spawnSync(nginxBin, ["-t", "-q", "-e", path.join(dir, "nginx-error.log"), "-p", dir, "-c", confPath], {
      encoding: "utf8",
    });
    if (test.status !== 0)
      throw new Error(
        `nginx refused its configuration:\n${test.stderr}${await readFile(path.join(dir, "nginx-error.log"), "utf8").catch(() => "")}`,
      );
    nginx = startChild("nginx", nginxBin, ["-e", path.join(dir, "nginx-error.log"), "-p", dir, "-c", confPath], {
      dir,
      env: process.env,
    });
    await waitForOk(`${url}/healthz`, 15_000, nginx.died);
    log(`nginx on ${url} → ${copies.map((c) => `:${c.port}`).join(" ")}`);
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }

  return {
    url,
    dir,
    copies,
    workers: workerProcesses,
    nginx,
    /** kill -9 of web copy `index` (0-based); nginx sends its requests to the others. */
    killCopy: (index) => copies[index].kill(),
    /** Starts web copy `index` again on its port (after killCopy) and waits until it answers. */
    async restartCopy(index) {
      const copy = await startWeb(index);
      await copy.ready;
    },
    /** The nginx error log: which upstreams failed and which requests were tried again. */
    nginxErrors: () => readFile(path.join(dir, "nginx-error.log"), "utf8").catch(() => ""),
    stop,
  };
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const [key, inline] = argv[i].replace(/^--/, "").split("=", 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${key} needs a value`);
    options[key] = value;
  }
  return options;
}

const usage = `usage: node scripts/cluster.mjs --database-url <postgres://…> [--port 8080] [--web 3] [--workers 1] [--smtp-url smtp://…] [--seed-demo true|false]`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
    if (!(options["database-url"] ?? process.env.DATABASE_URL)) throw new Error("--database-url is required");
    findNginx();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    console.error(usage);
    process.exit(2);
  }
  const cluster = await startCluster({
    databaseUrl: options["database-url"] ?? process.env.DATABASE_URL,
    port: options.port ? Number(options.port) : 8080,
    web: Number(options.web ?? 2),
    workers: Number(options.workers ?? 1),
    smtpUrl: options["smtp-url"] ?? process.env.SMTP_URL,
    seedDemo: (options["seed-demo"] ?? "true") === "true",
    log: (line) => console.log(line),
  }).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
  console.log(`cluster up: ${cluster.url} (logs in ${cluster.dir}); Ctrl-C stops it`);
  for (const p of [...cluster.copies, ...cluster.workers, cluster.nginx]) console.log(`  ${p.name}: pid ${p.pid}`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("stopping …");
    await cluster.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}
