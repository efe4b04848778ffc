import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { ZodError } from "zod";

import type { PrismaClient } from "@fanfare/db";
import { getDb } from "@fanfare/db";
import type { ApiError } from "@fanfare/validators";

import { appRouter } from "../../root";
import { createTRPCContext } from "../../trpc";
import { requestClientIp } from "../affiliate/clicks";
import { AppError } from "../app-error";
import { apiEnv } from "../env";
import { consumeQuota, quotaHeaders } from "../rate-limit/quota";
import type { RateLimitStore } from "../rate-limit/store";
import {
  consumeRateLimit,
  formatWait,
  RateLimitedError,
  rateLimitRetryAfter,
} from "../rate-limit/rate-limit";
import { authenticateApiKey } from "./api-keys";
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  readIdempotencyKey,
  releaseIdempotentRequest,
  requestBodyHash,
} from "./idempotency";
import { buildOpenApiDocument } from "./openapi";

/**
 * The REST API's HTTP handler (issue 15 §2): `/api/v1/*` and `/api/v1/openapi.json`. The web
 * app's route (apps/web/src/app/api/v1/[...path]/route.ts) only calls it; tests call it with
 * `Request`s. For each request, in order:
 *
 * 1. authenticate the API key (`Authorization: Bearer ff_live_…`): 401 / 403 before anything runs.
 *    A key that authenticates is served whatever its address did (several clients may share one
 *    address, e.g. behind a NAT). A request whose key does not authenticate counts against its
 *    address (`apiAuthFailuresPerIp`, 60 per 15 minutes by default); an address over that budget
 *    gets 429 with `Retry-After` instead of the 401 (and is not counted further), so guessing
 *    keys from one address learns nothing once it is over;
 * 2. count the request against the key's hourly limit: `RateLimit-*` headers on every answer,
 *    429 with `Retry-After` over it;
 * 3. refuse a body over 64 KiB with 413: by its `Content-Length` before reading, and by stopping
 *    the read once more than that has arrived (`readBodyCapped`);
 * 4. for a POST with `Idempotency-Key`: replay the stored answer, or 422 / 409
 *    (services/platform/idempotency.ts);
 * 5. run the `v1` procedure through trpc-to-openapi with the key in the context (its scope is
 *    checked by trpc.ts's `apiKeyScopes`);
 * 6. answer every error in one shape, `{ error: { code, message, field? } }`, with the HTTP
 *    status of tRPC's error table (trpc-to-openapi's own error body is replaced).
 *
 * No cookie or session is ever read here, so the endpoint needs no Origin (CSRF) check: a page on
 * another site cannot make a browser send an API key, and without one every request is refused.
 */

/** The API's path prefix inside the app: routes are `/api` + `/v1/...`. */
const ENDPOINT = "/api";
/** The rate-limit window of API keys: one hour. */
export const API_RATE_WINDOW_SECONDS = 3600;
/** The largest request body accepted, in bytes: 64 KiB (the API's bodies are a few fields). */
export const MAX_BODY_BYTES = 64 * 1024;
const BODY_TOO_LARGE = "The request body is over 64 KiB.";

export type RestHandlerOptions = {
  /** The database; the process's (`getDb`) by default. */
  db?: PrismaClient;
  /** The site's origin for the OpenAPI document's servers; APP_URL by default. */
  appUrl?: string;
  /** The rate-limit store (tests); the platform's by default (`defaultRateLimitStore`). */
  rateLimitStore?: RateLimitStore;
};

/** A JSON answer with the API's headers. */
function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
      ...headers,
    },
  });
}

/** The one error shape. */
function errorBody(code: string, message: string, field?: string): ApiError {
  return { error: { code, message, ...(field ? { field } : {}) } };
}

/** 429 to an address with too many failed authentications (`apiAuthFailuresPerIp`). */
function tooManyFailedAuthentications(retryAfterSeconds: number): Response {
  return json(
    429,
    errorBody(
      "TOO_MANY_REQUESTS",
      `Too many requests with a missing or invalid API key from your network: try again in ${formatWait(retryAfterSeconds)}.`,
    ),
    { "retry-after": String(retryAfterSeconds) },
  );
}

const INTERNAL_MESSAGE = "Something went wrong on our side; it has been logged. Please try again.";

/**
 * The status and body of a failed call, from the error the procedure (or trpc-to-openapi)
 * raised: validation problems name their field; domain errors keep their message and field;
 * unexpected errors say nothing about our internals.
 */
export function restErrorOf(
  error: TRPCError,
  request: { method: string; path: string },
): { status: number; body: ApiError } {
  const status = getHTTPStatusCodeFromError(error);
  const cause = error.cause;
  if (cause instanceof ZodError && error.code === "BAD_REQUEST") {
    const first = cause.issues[0];
    const message = cause.issues
      .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
      .join("; ");
    const field = first?.path.length ? first.path.join(".") : undefined;
    return { status, body: errorBody(error.code, message, field) };
  }
  if (cause instanceof AppError)
    return { status, body: errorBody(error.code, error.message, cause.field) };
  switch (error.code) {
    case "INTERNAL_SERVER_ERROR":
      return { status, body: errorBody(error.code, INTERNAL_MESSAGE) };
    case "NOT_FOUND":
      // trpc-to-openapi's own "Not found": no procedure at this method and path.
      return error.message === "Not found"
        ? {
            status,
            body: errorBody(
              error.code,
              `No route ${request.method} ${request.path}: the routes are listed at /docs/api.`,
            ),
          }
        : { status, body: errorBody(error.code, error.message) };
    case "PARSE_ERROR":
      return { status, body: errorBody(error.code, "The request body is not valid JSON.") };
    case "UNSUPPORTED_MEDIA_TYPE":
      return {
        status,
        body: errorBody(error.code, "Send the body as JSON, with Content-Type: application/json."),
      };
    case "PAYLOAD_TOO_LARGE":
      return { status, body: errorBody(error.code, BODY_TOO_LARGE) };
    default:
      return { status, body: errorBody(error.code, error.message) };
  }
}

/**
 * The request's body as text, read at most `maxBytes` bytes far: null as soon as more than that
 * has arrived (the rest is never read: the stream is cancelled), so a huge or endless body costs
 * no more than the cap. Invalid UTF-8 becomes U+FFFD, as `Request.text()` does.
 * @param maxBytes the largest body accepted, in bytes.
 */
export async function readBodyCapped(req: Request, maxBytes: number): Promise<string | null> {
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Whether the request's `Content-Length` already says its body is over `maxBytes`. */
function declaredTooLarge(req: Request, maxBytes: number): boolean {
  const declared = req.headers.get("content-length")?.trim();
  return !!declared && /^\d+$/.test(declared) && Number(declared) > maxBytes;
}

/**
 * Answers one REST request (see the file comment). `GET /api/v1/openapi.json` is public (no key,
 * no limit): the document only describes the API.
 */
export async function handleRestRequest(
  req: Request,
  opts: RestHandlerOptions = {},
): Promise<Response> {
  const url = new URL(req.url);
  const path = url.pathname.replace(/\/+$/, "");
  const apiPath = path.startsWith(ENDPOINT) ? path.slice(ENDPOINT.length) : path;
  if (apiPath === "/v1/openapi.json") {
    if (req.method !== "GET" && req.method !== "HEAD")
      return json(405, errorBody("METHOD_NOT_SUPPORTED", "Fetch the document with GET."), {
        allow: "GET, HEAD",
      });
    return json(200, buildOpenApiDocument(opts.appUrl ?? apiEnv().APP_URL), {
      // Public and the same for everyone; tools on other sites may fetch it.
      "cache-control": "public, max-age=300",
      "access-control-allow-origin": "*",
    });
  }

  const db = opts.db ?? (await getDb());
  const ip = requestClientIp(req.headers);
  const ipLimit = { db, store: opts.rateLimitStore };
  const auth = await authenticateApiKey(req.headers.get("authorization"), ip, db);
  if (!auth.ok) {
    const { status, message } = auth.refusal;
    // A paused owner's valid key (403) is no guess: only 401s count, and only they are blocked.
    if (status === 401) {
      // Over the budget: 429, and the failure is not counted again (the window is not stretched).
      const blockedSeconds = await rateLimitRetryAfter("apiAuthFailuresPerIp", ip, ipLimit);
      if (blockedSeconds !== null) return tooManyFailedAuthentications(blockedSeconds);
      try {
        await consumeRateLimit("apiAuthFailuresPerIp", ip, ipLimit);
      } catch (e) {
        // Only when concurrent failures passed the check above together.
        if (e instanceof RateLimitedError) return tooManyFailedAuthentications(e.retryAfterSeconds);
        throw e;
      }
    }
    return json(
      status,
      errorBody(status === 401 ? "UNAUTHORIZED" : "FORBIDDEN", message),
      status === 401 ? { "www-authenticate": 'Bearer realm="Fanfare API"' } : {},
    );
  }
  const key = auth.key;

  const quota = await consumeQuota(
    "apiKey",
    key.keyId,
    { limit: key.limitPerHour, windowSeconds: API_RATE_WINDOW_SECONDS },
    { db, store: opts.rateLimitStore },
  );
  const limitHeaders = quota ? quotaHeaders(quota) : {};
  if (quota && !quota.allowed)
    return json(
      429,
      errorBody(
        "TOO_MANY_REQUESTS",
        `This API key is over its limit of ${quota.limit} requests per hour: try again in ${formatWait(quota.resetSeconds)}.`,
      ),
      limitHeaders,
    );

  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const tooLarge = () => json(413, errorBody("PAYLOAD_TOO_LARGE", BODY_TOO_LARGE), limitHeaders);
  if (hasBody && declaredTooLarge(req, MAX_BODY_BYTES)) return tooLarge();
  const bodyText = hasBody ? await readBodyCapped(req, MAX_BODY_BYTES) : "";
  if (bodyText === null) return tooLarge();

  let idempotencyRecord: string | null = null;
  if (req.method === "POST") {
    const idem = readIdempotencyKey(req.headers.get("idempotency-key"));
    if (idem && "error" in idem)
      return json(400, errorBody("BAD_REQUEST", idem.error, "Idempotency-Key"), limitHeaders);
    if (idem) {
      const start = await beginIdempotentRequest(
        {
          apiKeyId: key.keyId,
          key: idem.key,
          route: `POST ${apiPath}`,
          requestHash: requestBodyHash(bodyText),
        },
        db,
      );
      switch (start.kind) {
        case "replay":
          return json(start.status, start.body, {
            ...limitHeaders,
            "idempotent-replayed": "true",
          });
        case "mismatch":
          return json(
            422,
            errorBody("UNPROCESSABLE_CONTENT", start.message, "Idempotency-Key"),
            limitHeaders,
          );
        case "in-flight":
          return json(409, errorBody("CONFLICT", start.message, "Idempotency-Key"), limitHeaders);
        case "proceed":
          idempotencyRecord = start.recordId;
      }
    }
  }

  // The body was read above (for the idempotency hash): the procedure gets it again as text.
  const innerHeaders = new Headers(req.headers);
  innerHeaders.delete("content-length");
  const failure: { error: TRPCError | null } = { error: null };
  let status: number;
  let body: unknown;
  try {
    const res = await createOpenApiFetchHandler({
      endpoint: ENDPOINT,
      router: appRouter,
      req: new Request(req.url, {
        method: req.method,
        headers: innerHeaders,
        body: hasBody ? bodyText : undefined,
      }),
      createContext: () =>
        createTRPCContext({ headers: req.headers, session: null, db, apiKey: key }),
      onError: ({ error, path: procedure }) => {
        failure.error = error;
        if (error.code === "INTERNAL_SERVER_ERROR" && !(error.cause instanceof AppError))
          console.error(`REST API failed on ${procedure ?? apiPath}:`, error);
      },
    });
    status = res.status;
    const text = await res.text();
    if (failure.error || status >= 400) {
      const e = restErrorOf(failure.error ?? new TRPCError({ code: "INTERNAL_SERVER_ERROR" }), {
        method: req.method,
        path: apiPath,
      });
      status = e.status;
      body = e.body;
    } else body = text ? (JSON.parse(text) as unknown) : null;
  } catch (e) {
    if (idempotencyRecord) await releaseIdempotentRequest(idempotencyRecord, db);
    throw e;
  }

  // A rule of the procedure's own (e.g. webhook changes per user): its wait, not the key's.
  const ruleLimited = failure.error?.cause;
  const retryHeaders: Record<string, string> =
    ruleLimited instanceof RateLimitedError
      ? { "retry-after": String(ruleLimited.retryAfterSeconds) }
      : {};
  if (idempotencyRecord) {
    // A server error decided nothing, and neither did a rate limit: the key is given back so a
    // retry runs again.
    if (status >= 500 || ruleLimited instanceof RateLimitedError)
      await releaseIdempotentRequest(idempotencyRecord, db);
    else await completeIdempotentRequest(idempotencyRecord, { status, body }, db);
  }
  return json(status, body, { ...limitHeaders, ...retryHeaders });
}
