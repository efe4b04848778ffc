import { afterAll, beforeAll } from "vitest";

/**
 * Setup file of the API's tests (vitest.config.ts): files share a worker process one after the
 * other (isolate: false), so a file must leave the environment as it found it. After each file
 * this fails it, naming the variables it left changed, or when it replaced `process.env` itself
 * (Vitest's `vi.stubEnv` keeps writing to the original object, so a replaced one goes stale).
 */
const original = process.env;
/** Set by Vitest itself around each file (import.meta.env's flags, its worker's own). */
const VITEST_OWN = /^(VITEST\w*|PROD|DEV|SSR|MODE|BASE_URL|FORCE_TTY)$/;
let before: Record<string, string | undefined> = {};

beforeAll(() => {
  before = { ...process.env };
});

afterAll(() => {
  if (process.env !== original)
    throw new Error(
      "This test file replaced process.env: put back the variables it changed one by one instead.",
    );
  const names = new Set([...Object.keys(before), ...Object.keys(process.env)]);
  const changed = [...names]
    .filter((k) => !VITEST_OWN.test(k) && before[k] !== process.env[k])
    .sort();
  if (changed.length > 0)
    throw new Error(
      `This test file left process.env changed (${changed.join(", ")}): put back what it sets (vi.stubEnv with vi.unstubAllEnvs, or save and restore).`,
    );
});
