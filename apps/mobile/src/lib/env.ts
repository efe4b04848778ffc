import Constants from "expo-constants";

const DEFAULT_API_URL = "http://localhost:3000";

/**
 * Base URL of the Fanfare API without a trailing slash: `extra.apiUrl` from app.config.ts
 * (EXPO_PUBLIC_API_URL at start/export time, else http://localhost:3000).
 */
export function apiUrl(): string {
  const value: unknown = Constants.expoConfig?.extra?.apiUrl;
  return typeof value === "string" && value.length > 0
    ? value.replace(/\/+$/, "")
    : DEFAULT_API_URL;
}

/** An absolute URL for a path the API returns relative to itself (artwork, previews). */
export function apiAssetUrl(path: string | null | undefined): string | null {
  if (!path) return null;
  return /^https?:\/\//.test(path) ? path : `${apiUrl()}${path.startsWith("/") ? "" : "/"}${path}`;
}
