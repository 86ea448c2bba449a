// What the bench scenarios share: starting a process and waiting for its ready line, signing in to the
// demo, percentiles.
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";

export const DEMO_PASSWORD = "Demo@2026";

/**
 * Starts `node <args>` and resolves `ready` once its output contains `readyText`; `cwd` runs another checkout's
 * build (bench/compare.mjs, bench/center-ab.mjs).
 */
export function startProcess(name, args, env, readyText, timeoutMs = 60_000, cwd = undefined) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes(readyText)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${name} exited (${code}):\n${output}`)));
  });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  return { ready, stop };
}

/** Production on PostgreSQL signs certificates with a key from the environment: a fresh one per run. */
export function freshSigningKey() {
  return generateKeyPairSync("ed25519").privateKey.export({ format: "pem", type: "pkcs8" }).toString();
}

/** The session cookie of a demo account. */
export async function signInCookie(base, email) {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ identifier: email, password: DEMO_PASSWORD }),
    redirect: "manual",
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("tma_session="));
  if (!cookie) throw new Error(`sign-in failed: ${res.status}`);
  return cookie.split(";")[0];
}

export function percentile(sorted, p) {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
