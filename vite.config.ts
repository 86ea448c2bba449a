import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// `npm run dev` runs our server (server/dev.ts) with Vite in middleware mode: the port is the server's (PORT).
export default defineConfig({
  build: { target: "es2022" },
  // Vite's scan of the routes for browser dependencies also walks their server code; the password hasher is
  // native and server-only, and its browser build cannot be bundled.
  optimizeDeps: { exclude: ["@node-rs/argon2"] },
  plugins: [
    tailwindcss(),
    // Vitest runs without the Remix plugin (STACK-NOTES: it breaks test runs).
    !process.env.VITEST &&
      remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: true,
        },
      }),
    tsconfigPaths(),
  ],
});
