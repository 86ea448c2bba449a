import "@remix-run/node";

declare module "@remix-run/node" {
  /**
   * What the server (server/app.ts, getLoadContext) gives every route: nothing else crosses from the server to
   * the app. Optional because tests call loaders and actions with a context of their own.
   */
  interface AppLoadContext {
    /** The response's CSP nonce: inline scripts carry it. */
    cspNonce?: string;
    /** The caller's address (requestClientIp: honours TRUST_PROXY). */
    clientIp?: string;
  }
}
