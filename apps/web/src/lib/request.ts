import { clientIp } from "@fanfare/api/services/affiliate/clicks";

import { webEnv } from "./env";

/**
 * The client IP of a request: the TCP peer recorded by server.mjs, or, behind
 * TRUSTED_PROXY_HOPS proxies, the address they forwarded.
 */
export function requestIp(headers: Headers): string {
  return clientIp({
    peerIp: headers.get("x-fanfare-peer-ip") || null,
    forwardedFor: headers.get("x-forwarded-for"),
    trustedProxyHops: webEnv().TRUSTED_PROXY_HOPS,
  });
}

/** A JSON error body with a reason, as every non-tRPC route answers. */
export function jsonError(status: number, error: string, extra: Record<string, unknown> = {}): Response {
  return Response.json({ error, ...extra }, { status });
}
