import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "server/**/*.test.ts", "tests/integration/**/*.test.ts"],
    globalSetup: ["tests/setup/global-setup.ts"],
    setupFiles: ["tests/setup/setup-test-env.ts"],
    pool: "threads",
    // Test files share worker threads: module loading was half the suite's time. Each file still gets its own
    // database and data folder, and the setup file restores the environment (tests/setup/setup-test-env.ts).
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    env: { NODE_ENV: "test", SEED_DEMO: "false" },
  },
});
