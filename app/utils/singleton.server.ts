/**
 * One value per process, whichever copy of the calling module asks. The server (build/server.js, or tsx in
 * development) and the Remix build (built, or loaded by Vite in development) each hold their own copy of the
 * app's modules, and Vite evaluates a changed module anew; state that must be one per process — the database
 * handle, the check-log queue, the kept pages, the rate limits — is kept here, on the process's global object
 * (as the Epic Stack does for its database client).
 */
declare global {
  var __tmAcademySingletons: Map<string, unknown> | undefined;
}

export function singleton<T>(name: string, create: () => T): T {
  const values = (globalThis.__tmAcademySingletons ??= new Map<string, unknown>());
  if (!values.has(name)) values.set(name, create());
  return values.get(name) as T;
}
