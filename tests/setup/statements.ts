import { vi } from "vitest";
import type { Db } from "#db/client";

/** Counts the statements sent to the database: postgres-js sends them through `unsafe`, PGlite through `query`. */
export function countStatements(d: Db) {
  const client = d.$client as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  return vi.spyOn(client, typeof client.unsafe === "function" ? "unsafe" : "query");
}
