import { AsyncLocalStorage } from "node:async_hooks";
import { singleton } from "./singleton.server";

/**
 * Values shared by everything one HTTP GET runs (server/app.ts opens the scope). Remix hands each loader of a
 * request its own copy of the Request, so a cache keyed by the Request object serves one loader only; the root
 * loader and the page's loader would each look the session up. Only reads are shared: requests that can change
 * state (POST) get no scope, so a loader after an action sees what the action did.
 */
const scope = singleton("request-scope", () => new AsyncLocalStorage<Map<string, unknown>>());

export function withRequestScope<T>(run: () => T): T {
  return scope.run(new Map(), run);
}

/** The value under `key` in this request's scope, made once; outside a scope (tests, jobs) made every time. */
export function requestScoped<T>(key: string, make: () => T): T {
  const values = scope.getStore();
  if (!values) return make();
  if (!values.has(key)) values.set(key, make());
  return values.get(key) as T;
}
