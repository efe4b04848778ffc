import type { ConfigContext, ExpoConfig } from "expo/config";

/**
 * The API the app talks to: `extra.apiUrl`, read by `src/lib/env.ts` through expo-constants.
 * Set EXPO_PUBLIC_API_URL when starting or exporting (`EXPO_PUBLIC_API_URL=https://… expo export`);
 * the default suits a simulator or browser on the machine running `pnpm dev` (an Android
 * emulator reaches that machine at http://10.0.2.2:3000).
 */
const apiUrl = process.env.EXPO_PUBLIC_API_URL ?? "http://localhost:3000";

export default ({ config }: ConfigContext): ExpoConfig => ({
  ...config,
  name: "Fanfare",
  slug: "fanfare",
  // Deep links: fanfare://t/<slug> opens the track screen (src/app/t/[slug].tsx).
  scheme: "fanfare",
  version: "0.1.0",
  orientation: "portrait",
  userInterfaceStyle: "light",
  ios: { bundleIdentifier: "app.fanfare.promoter", supportsTablet: true },
  android: { package: "app.fanfare.promoter" },
  web: { bundler: "metro", output: "single", name: "Fanfare for promoters" },
  plugins: ["expo-router", "expo-secure-store", "expo-web-browser"],
  extra: { apiUrl: apiUrl.replace(/\/+$/, "") },
});
