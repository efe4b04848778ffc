import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * Shared rules for every package. Type-aware linting is left to `tsc` (the typecheck task)
 * to keep lint fast on two cores.
 */
export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/.next/**",
      "**/dist/**",
      "**/generated/**",
      "**/.data/**",
      "**/*.d.ts",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": [
        "warn",
        { prefer: "type-imports", fixStyle: "separate-type-imports" },
      ],
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      // Env is read only in env.ts files (house style, convention 9).
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read env through the package's env.ts." },
      ],
      eqeqeq: ["error", "smart"],
    },
  },
  {
    files: [
      "**/env.ts",
      "**/settings/settings.ts",
      "**/server.mjs",
      "**/trpc/react.tsx",
      "**/testing.ts",
      "**/test-global-setup.ts",
      "**/*.test.ts",
      "**/*.integration-test.ts",
      "**/vitest.config.ts",
      "**/scripts/**",
      "**/test/**",
      "**/*.config.*",
      "bench/**",
      "e2e/**",
    ],
    rules: { "no-restricted-properties": "off" },
  },
);
