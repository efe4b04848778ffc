import { requestClientIp } from "../affiliate/clicks";
import { ipNetworkKey } from "../affiliate/ip-network";

/**
 * The client network of a request, the key of every per-IP rate limit: the TCP peer recorded by
 * apps/web/server.mjs in `x-fanfare-peer-ip` (it overwrites what a client sends), or behind
 * TRUSTED_PROXY_HOPS proxies the address they forwarded (same rule as apps/web/src/lib/request.ts
 * `requestIp`), reduced by `ipNetworkKey`: an IPv6 client counts by its /64, since one host
 * usually holds a whole /64 and could otherwise rotate through 2^64 addresses to evade the limits.
 * @returns an IPv4 address, an IPv6 /64 prefix ("2001:db8:0:1::/64"), or "unknown" outside
 *   server.mjs (all such requests share one bucket).
 */
export function ipFromHeaders(headers: Headers): string {
  return ipNetworkKey(requestClientIp(headers));
}
