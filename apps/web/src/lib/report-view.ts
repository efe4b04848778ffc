import type { PageViewInput } from "@fanfare/validators";

/**
 * Reports one view of a cached public surface (a landing page, an embedded player's play) to
 * `POST /api/views`, from the browser: without cookies (an embed runs inside other sites) and
 * `keepalive`, so it survives the page being left. Failures are ignored: a lost view must never
 * disturb the visitor. The server dedupes per visitor, scope and UTC day.
 */
export function reportView(body: PageViewInput): void {
  void fetch("/api/views", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    credentials: "omit",
    keepalive: true,
  }).catch(() => undefined);
}
