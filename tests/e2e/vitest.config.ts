import { defineConfig } from "vitest/config";
import JourneyOrder from "./sequencer";

// Browser journeys against the production build (npm run build first), one server for the run.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.e2e.ts"],
    globalSetup: ["tests/e2e/global-setup.ts"],
    fileParallelism: false,
    sequence: { sequencer: JourneyOrder },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
