"use client";

import { useEffect } from "react";

import { urlWithoutTrackingParams } from "@fanfare/validators/tracking-params";

/**
 * Removes the tracking parameters (`src`, `utm_*`, `click_id`, `sub_id`; `ref` stays) from the
 * address bar once the page is shown (issue 14 §2). The click was captured on the server before
 * the page was sent, so they have done their job; a visitor who copies the address then shares
 * the promoter's link, not someone else's tags. `replaceState` keeps Next's history state, so
 * back/forward and the router are unaffected, and nothing is fetched or re-rendered. Reads
 * `window.location` in an effect (not `useSearchParams`), so the cached page stays static.
 */
export function StripTrackingParams() {
  useEffect(() => {
    const next = urlWithoutTrackingParams(window.location.href);
    if (next) window.history.replaceState(window.history.state, "", next);
  }, []);
  return null;
}
