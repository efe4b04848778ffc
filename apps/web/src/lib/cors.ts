import { ACT_AS_HEADER } from "@fanfare/validators";

import { webEnv } from "./env";

/** Expo's web dev servers (`expo start --web`: 8081; older CLIs: 19006). */
const DEVELOPMENT_ORIGINS = ["http://localhost:8081", "http://localhost:19006"];

/**
 * Browser origins allowed to call the API cross-origin: CORS_ORIGINS, or in development the
 * Expo web dev servers. Native apps send no Origin header and need none of this.
 */
export function allowedOrigins(): string[] {
  const env = webEnv();
  if (env.CORS_ORIGINS)
    return env.CORS_ORIGINS.split(",")
      .map((o) => o.trim())
      .filter(Boolean);
  return env.NODE_ENV === "development" ? DEVELOPMENT_ORIGINS : [];
}

/**
 * The request headers API clients send. Cache-Control and X-Requested-With: the mobile app's SSE
 * client (react-native-sse, on its web build too) adds them to the `live.events` stream.
 * `x-fanfare-act-as-artist` (`ACT_AS_HEADER`): a label acting for a roster artist (issue 16 §5).
 */
const ALLOWED_HEADERS = [
  "authorization",
  "cache-control",
  "content-type",
  "trpc-accept",
  "x-requested-with",
  "x-trpc-source",
  ACT_AS_HEADER,
].join(", ");

/**
 * CORS response headers for an allowed Origin, else only `Vary: Origin` (the browser then
 * blocks the response). No Allow-Credentials: API clients authenticate with a bearer token, so
 * cross-origin requests never carry the web app's session cookie.
 */
export function corsHeaders(req: Request, methods: string): Headers {
  const headers = new Headers({ vary: "Origin" });
  const origin = req.headers.get("origin");
  if (origin && allowedOrigins().includes(origin)) {
    headers.set("access-control-allow-origin", origin);
    headers.set("access-control-allow-methods", methods);
    headers.set("access-control-allow-headers", ALLOWED_HEADERS);
    headers.set("access-control-max-age", "600");
  }
  return headers;
}

/** The answer to a preflight (OPTIONS) request. */
export function preflight(req: Request, methods: string): Response {
  return new Response(null, { status: 204, headers: corsHeaders(req, methods) });
}

/** `res` with the CORS headers for `req` added. */
export function withCors(req: Request, res: Response, methods: string): Response {
  const headers = new Headers(res.headers);
  corsHeaders(req, methods).forEach((value, key) => {
    if (key === "vary") headers.append("vary", value);
    else headers.set(key, value);
  });
  return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
}
