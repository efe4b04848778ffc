import path from "node:path";

import { defineConfig } from "vitest/config";

export default defineConfig({
  // The app's tsconfig preserves JSX for Next to compile; the tests compile it themselves.
  oxc: { jsx: { runtime: "automatic" } },
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "src") } },
  test: {
    // Server-side units of the web app (the share cards); pages are checked by the browser tests.
    environment: "node",
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
