import { spawn } from "node:child_process";
import path from "node:path";

import { afterAll, beforeAll, expect, test } from "vitest";

import { createTestDb } from "@fanfare/db/testing";
import type { TestDb } from "@fanfare/db/testing";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

/**
 * A script that queued a job exits once its work is done (`endScript` stops the pg-boss client
 * that queueing started; before it, `pnpm payouts:batch` with WORKERS=off never exited). The
 * script runs in a process of its own, as cron runs it; a hang fails by the test's time limit.
 */
test.skipIf(!process.env.DATABASE_URL)(
  "a script that queued a job with WORKERS=off exits when its work is done",
  async () => {
    const fixture = path.join(import.meta.dirname, "../test/fixtures/queue-then-end.ts");
    const child = spawn(process.execPath, ["--import", "tsx", fixture], {
      cwd: path.join(import.meta.dirname, "../.."),
      env: { ...process.env, DATABASE_URL: t.url, WORKERS: "off" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(out).toContain("queued a job, ended");
    expect(code).toBe(0);
  },
  // Starting tsx and the API's modules takes seconds; a script that never exits never passes.
  180_000,
);
