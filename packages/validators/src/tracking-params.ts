/**
 * The tracking parameters of a Fanfare link and how the address bar drops them after the click
 * was captured (issue 14 §2). No dependency: the cached public track page imports this file
 * alone (`@fanfare/validators/tracking-params`), so it ships no zod for it.
 */

/** The UTM parameters Fanfare captures with a click (ClickEvent.utm*), in link order. */
export const UTM_PARAMS = [
  "utm_source",
  "utm_medium",
  "utm_campaign",
  "utm_term",
  "utm_content",
] as const;
export type UtmParam = (typeof UTM_PARAMS)[number];

/**
 * Network parameters of the platform issue (`click_id`, `sub_id`). ClickEvent has no column for
 * them yet, so they are not captured; they are still removed from the address bar.
 */
export const NETWORK_PARAMS = ["click_id", "sub_id"] as const;

/**
 * Whether a query parameter only tags where a visit came from: `src`, any `utm_*`, `click_id`,
 * `sub_id`. `ref` (whose link it is) is not: it stays, so a shared copy of the page still
 * credits the promoter, as its cached HTML varies by `ref` only.
 */
export function isTrackingParam(name: string): boolean {
  return (
    name === "src" ||
    name.startsWith("utm_") ||
    (NETWORK_PARAMS as readonly string[]).includes(name)
  );
}

/**
 * The address without its tracking parameters (`isTrackingParam`), as a same-origin path
 * (`/t/night-drive?ref=k3m9x2pq#buy`) for `history.replaceState`, or null when it carries none
 * (nothing to replace). Other parameters keep their order and encoding; the hash is kept.
 * @param href an absolute URL (`window.location.href`).
 */
export function urlWithoutTrackingParams(href: string): string | null {
  const url = new URL(href);
  if (!url.search) return null;
  const kept: string[] = [];
  let dropped = false;
  // Split by hand rather than through URLSearchParams, which would re-encode what it keeps
  // (`%20` → `+`): only the tracking pairs go, the rest is left byte for byte.
  for (const pair of url.search.slice(1).split("&")) {
    if (pair === "") continue;
    const rawName = pair.split("=", 1)[0]!;
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, " "));
    } catch {
      name = rawName; // malformed escape: not a name we drop
    }
    if (isTrackingParam(name)) dropped = true;
    else kept.push(pair);
  }
  if (!dropped) return null;
  return `${url.pathname}${kept.length ? `?${kept.join("&")}` : ""}${url.hash}`;
}
