import type { OriginCheck } from "@fanfare/api/services/security/origin-rule";
import { checkOriginRule } from "@fanfare/api/services/security/origin-rule";

import { allowedOrigins } from "./cors";
import { webEnv } from "./env";
import { jsonError } from "./request";

/**
 * The CSRF rule (packages/api/src/services/security/origin-rule.ts) for this request: its Origin
 * or Sec-Fetch-Site must be the app's own origin (APP_URL or the Host it was sent to) or an allowed
 * CORS origin, unless it is a bearer-token request without the session cookie. tRPC also takes
 * JSON only.
 */
export function checkOrigin(req: Request, kind: "trpc" | "upload"): OriginCheck {
  return checkOriginRule({
    method: req.method,
    headers: req.headers,
    appOrigin: new URL(webEnv().APP_URL).origin,
    allowedOrigins: allowedOrigins(),
    kind,
  });
}

/** `checkOrigin` as a response: null when the request may go on, else 403/415 with `{ error }`. */
export function refuseCrossSite(req: Request, kind: "trpc" | "upload"): Response | null {
  const r = checkOrigin(req, kind);
  return r.ok ? null : jsonError(r.status, r.reason);
}
