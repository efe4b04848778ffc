import { defineConfig } from "vitest/config";

export default defineConfig({
  // The package's tsconfig preserves JSX for Next to compile; the tests compile it themselves.
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    // Component tests of the kit: rendered in jsdom, read the way a user or a screen reader would.
    environment: "jsdom",
    include: ["src/**/*.test.tsx"],
    setupFiles: ["src/test-setup.ts"],
  },
});
