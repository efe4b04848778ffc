import { webEnv } from "./env";

/**
 * `raw` as an absolute URL when it points at this app (APP_URL's origin), else `fallbackPath` on
 * it. For return URLs that arrive in a query string, so that our pages never redirect elsewhere.
 */
export function sameOriginUrl(raw: string | null | undefined, fallbackPath = "/dashboard"): string {
  const app = new URL(webEnv().APP_URL);
  try {
    const url = new URL(raw ?? "", app);
    if (url.origin === app.origin) return url.toString();
  } catch {
    // not a URL: use the fallback
  }
  return new URL(fallbackPath, app).toString();
}
