import { clientIp } from "../affiliate/clicks";
import { apiEnv } from "../env";

/**
 * The client IP of a request, for rate limits: the TCP peer recorded by apps/web/server.mjs in
 * `x-fanfare-peer-ip` (it overwrites what a client sends), or behind TRUSTED_PROXY_HOPS proxies
 * the address they forwarded (same rule as apps/web/src/lib/request.ts `requestIp`).
 * @returns an IP string, or "unknown" outside server.mjs (all such requests share one bucket).
 */
export function ipFromHeaders(headers: Headers): string {
  return clientIp({
    peerIp: headers.get("x-fanfare-peer-ip") || null,
    forwardedFor: headers.get("x-forwarded-for"),
    trustedProxyHops: apiEnv().TRUSTED_PROXY_HOPS,
  });
}
