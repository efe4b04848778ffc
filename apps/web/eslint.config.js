import baseConfig from "@fanfare/eslint-config/base";
import nextjsConfig from "@fanfare/eslint-config/nextjs";
import reactConfig from "@fanfare/eslint-config/react";

export default [
  { ignores: [".next/**", "next-env.d.ts"] },
  ...baseConfig,
  ...reactConfig,
  ...nextjsConfig,
];
