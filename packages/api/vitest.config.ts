import os from "node:os";
import path from "node:path";

import { defineConfig } from "vitest/config";

/**
 * Test files that replace a module with `vi.mock`: they run each in a fresh worker process
 * (isolated), so their mock never reaches another file's imports.
 */
const MOCKING = [
  "src/services/users/auth-hooks.integration-test.ts",
  "src/services/users/check-credentials.integration-test.ts",
];
const ALL = ["src/**/*.test.ts", "src/**/*.integration-test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["../db/src/test-global-setup.ts"],
    // Fails a file that leaves process.env changed for the files after it in its worker.
    setupFiles: ["./src/test/env-guard.ts"],
    // Uploads and local secrets of tests go to a throwaway folder, never the developer's .data/.
    env: { FANFARE_DATA_DIR: path.join(os.tmpdir(), `fanfare-test-data-${process.pid}`) },
    // The money simulation runs as four lane files; four workers run them side by side (the
    // lanes wait on PostgreSQL round trips, so four keep both cores busy where two would not).
    maxWorkers: 4,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        // Every other file runs in a worker that keeps its imported modules from one file to the
        // next (isolate: false): evaluating the API's module graph again for each of ~140 files
        // was about half of the suite's CPU time. Each file still opens its own database
        // (createTestDb), and process-wide caches are keyed by that database or re-read the
        // environment; a test that changes process.env puts it back.
        test: { name: "api", include: ALL, exclude: MOCKING, isolate: false },
      },
      { extends: true, test: { name: "api-mocking", include: MOCKING, isolate: true } },
    ],
  },
});
