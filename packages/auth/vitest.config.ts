import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "src/**/*.integration-test.ts"],
    globalSetup: ["../db/src/test-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // next-auth imports "next/server" without an extension, which Node's ESM resolver refuses;
    // inlined, Vite resolves it (auth-urls.integration-test.ts calls the real route handlers).
    server: { deps: { inline: ["next-auth"] } },
  },
});
