import os from "node:os";
import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.integration-test.ts"],
    globalSetup: ["../db/src/test-global-setup.ts"],
    // Uploads and local secrets of tests go to a throwaway folder, never the developer's .data/.
    env: { FANFARE_DATA_DIR: path.join(os.tmpdir(), `fanfare-test-data-${process.pid}`) },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
