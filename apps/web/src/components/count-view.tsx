"use client";

import { useEffect } from "react";

/**
 * Counts one view of a public surface that is served from cache (a landing page): after the page
 * has loaded in a browser, POSTs `body` to `/api/views` once (bots that do not run scripts never
 * count; the server dedupes per visitor and day). Failures are ignored: a lost view must never
 * disturb the visitor.
 */
export function CountView({ body }: { body: { kind: "landing"; handle: string } }) {
  const json = JSON.stringify(body);
  useEffect(() => {
    void fetch("/api/views", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: json,
      keepalive: true,
    }).catch(() => undefined);
  }, [json]);
  return null;
}
