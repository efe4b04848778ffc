/**
 * Cross-site request forgery rule for state-changing requests that a browser may send with the
 * session cookie (tRPC mutations, the uploads route). OWASP CSRF Prevention Cheat Sheet,
 * "Verifying Origin With Standard Headers" and "Fetch Metadata headers":
 * https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html
 *
 * 1. Safe methods (GET, HEAD, OPTIONS) pass: they change nothing (tRPC queries are GETs).
 * 2. tRPC never takes files nor forms: a POST whose Content-Type is not application/json is
 *    refused (415). That shuts out the "simple" types an HTML form or a no-CORS fetch can send
 *    from any site (multipart/form-data, application/x-www-form-urlencoded, text/plain, none).
 * 3. A request with `Authorization: Bearer` and no session cookie passes: API clients (the mobile
 *    app) authenticate with a token a foreign page cannot attach.
 * 4. Otherwise `Origin`, when sent, must be the app's own origin (APP_URL, or the Host the request
 *    was addressed to) or one of the allowed CORS origins; `Origin: null` is refused. Another
 *    port of the same host is another origin and is refused.
 * 5. Without Origin, `Sec-Fetch-Site` (sent by every current browser) must be same-origin or none
 *    (typed in the address bar). Without either header the caller is not a browser (curl,
 *    scripts, server-side fetches), which cannot ride a victim's cookie: it passes.
 */

export type OriginCheckInput = {
  method: string;
  /** The request headers (Origin, Sec-Fetch-Site, Content-Type, Authorization, Cookie, Host). */
  headers: Headers;
  /** The app's own origin, from APP_URL, e.g. "https://fanfare.example". */
  appOrigin: string;
  /** Other origins allowed to call (CORS_ORIGINS). */
  allowedOrigins: readonly string[];
  /** "trpc": JSON only (rule 2); "upload": multipart allowed. */
  kind: "trpc" | "upload";
};

export type OriginCheck = { ok: true } | { ok: false; status: 403 | 415; reason: string };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// Auth.js's session cookie, plain and with the __Secure- prefix used over https.
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;

/** Applies the rule above. Pure: every input is a parameter (table-tested). */
export function checkOriginRule(input: OriginCheckInput): OriginCheck {
  const method = input.method.toUpperCase();
  if (SAFE_METHODS.has(method)) return { ok: true };
  const h = input.headers;

  if (input.kind === "trpc") {
    const type = (h.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/json") {
      return {
        ok: false,
        status: 415,
        reason: `The API takes JSON only (Content-Type: application/json); got ${type || "no Content-Type"}.`,
      };
    }
  }

  const bearer = /^bearer\s+\S/i.test(h.get("authorization") ?? "");
  if (bearer && !SESSION_COOKIE.test(h.get("cookie") ?? "")) return { ok: true };

  const origin = h.get("origin");
  if (origin !== null) {
    if (
      origin === input.appOrigin ||
      input.allowedOrigins.includes(origin) ||
      isHostOrigin(origin, h.get("host"))
    )
      return { ok: true };
    return {
      ok: false,
      status: 403,
      reason: `Cross-site request refused: origin ${origin} may not call this endpoint.`,
    };
  }
  const site = h.get("sec-fetch-site");
  if (site === null || site === "same-origin" || site === "none") return { ok: true };
  return {
    ok: false,
    status: 403,
    reason: `Cross-site request refused (Sec-Fetch-Site: ${site}).`,
  };
}

/** True when `origin` names exactly the host (and port) the request was addressed to. */
function isHostOrigin(origin: string, host: string | null): boolean {
  if (!host) return false;
  try {
    const u = new URL(origin);
    return (u.protocol === "http:" || u.protocol === "https:") && u.host === host.toLowerCase();
  } catch {
    return false;
  }
}
