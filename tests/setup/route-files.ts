/**
 * The route files as Remix's flat routes see them, and what the route-level suites (isolation, fuzz) need to
 * call them: their URLs, what a loader or action ended with, and a fingerprint of every table.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { db } from "~/utils/db.server";

const ROUTES_DIR = path.resolve("app/routes");
/** A center, region, trainee or cohort id in the URL: such a route must be classified `tenant`. */
export const SCOPED = /\$(orgId|regionId|traineeId|cohortId)(?![A-Za-z])/;

export interface RouteFile {
  id: string;
  file: string;
}

/** Route modules as Remix's flat routes see them: files, or folders with a route.ts(x). */
export function allRouteFiles(): RouteFile[] {
  const out: RouteFile[] = [];
  for (const entry of readdirSync(ROUTES_DIR)) {
    const full = path.join(ROUTES_DIR, entry);
    if (statSync(full).isDirectory()) {
      const inner = ["route.tsx", "route.ts"].map((f) => path.join(full, f)).find((f) => existsSync(f));
      if (inner) out.push({ id: entry, file: inner });
    } else if (/\.(tsx?|jsx?)$/.test(entry) && !/\.test\.|\.server\./.test(entry)) {
      out.push({ id: entry.replace(/\.(tsx?|jsx?)$/, ""), file: full });
    }
  }
  return out;
}

/** The URL path of a flat route id with its params filled: `a.$x_.b[.]csv` → `/a/<x>/b.csv`. */
export function urlOf(id: string, params: Record<string, string>) {
  const segments: string[] = [];
  let current = "";
  let escaped = false;
  for (const ch of id) {
    if (ch === "[") escaped = true;
    else if (ch === "]") escaped = false;
    else if (ch === "." && !escaped) {
      segments.push(current);
      current = "";
    } else current += ch;
  }
  segments.push(current);
  const parts = segments
    .filter((s) => s !== "_index" && !s.startsWith("_"))
    .map((s) => s.replace(/_$/, ""))
    .map((s) => (s.startsWith("$") ? (params[s.slice(1)] ?? "") : s));
  return `/${parts.join("/")}`;
}

/** The names of the params a route id carries. */
export const paramNames = (id: string) => [...id.matchAll(/\$([A-Za-z]+)/g)].map((m) => m[1]!);

/** Whatever a loader or action ends with: a thrown or returned Response, or data (which must not happen). */
export async function outcome(run: () => unknown): Promise<{ status: number | null; detail: string }> {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, detail: "returned" };
    const init = (result as { init?: { status?: number } } | null)?.init;
    if (init?.status) return { status: init.status, detail: "returned data()" };
    return { status: null, detail: `returned data: ${JSON.stringify(result)?.slice(0, 200)}` };
  } catch (error) {
    if (error instanceof Response)
      return { status: error.status, detail: `threw ${error.headers.get("Location") ?? ""}` };
    const e = error as { status?: number; init?: { status?: number } };
    if (typeof e?.init?.status === "number") return { status: e.init.status, detail: "threw data()" };
    return { status: null, detail: `threw ${String(error)}` };
  }
}

/** Every table's content as a checksum (sessions and the statistics cache aside: they change on reads). */
export async function databaseFingerprint() {
  const d = await db();
  const result = await d.execute(
    sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const names = ((Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { table_name: string }[])
    .map((r) => r.table_name)
    .filter((n) => !["sessions", "statistics_facts", "statistics_snapshots", "__drizzle_migrations"].includes(n));
  const sums: Record<string, string> = {};
  for (const name of names) {
    const r = await d.execute(
      sql.raw(
        `select count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as fp from "${name}" t`,
      ),
    );
    sums[name] = ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { fp: string }[])[0]!.fp;
  }
  return sums;
}
