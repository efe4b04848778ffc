import os from "node:os";
import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.integration-test.ts"],
    globalSetup: ["../db/src/test-global-setup.ts"],
    // Uploads and local secrets of tests go to a throwaway folder, never the developer's .data/.
    env: { FANFARE_DATA_DIR: path.join(os.tmpdir(), `fanfare-test-data-${process.pid}`) },
    // The money simulation runs as four lane files; four workers run them side by side (the
    // lanes wait on PostgreSQL round trips, so four keep both cores busy where two would not).
    maxWorkers: 4,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
