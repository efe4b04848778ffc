import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import type { AppRouter } from "@fanfare/api";

/**
 * A few-line tRPC client for the islands of the cached public pages (nav, buy form, "Get your
 * link", the owner's draft): one HTTP call per procedure, same `/api/trpc` endpoint and types as
 * the React Query client, without shipping React Query, the tRPC client and superjson to every
 * visitor of a track page (`~/trpc/react` stays for the dashboards).
 *
 * Wire format (tRPC v11 over HTTP with the superjson transformer): a query is
 * `GET /api/trpc/<router>.<procedure>?input={"json":…}`, a mutation a JSON `POST` of
 * `{"json":…}`; the answer is `{"result":{"data":{"json":…,"meta"?}}}` or
 * `{"error":{"json":{"message","data"}}}`. Only plain JSON crosses here: a Date in an answer
 * arrives as its ISO string (none of these islands reads one).
 */

type Inputs = inferRouterInputs<AppRouter>;
type Outputs = inferRouterOutputs<AppRouter>;

/** A failed call: the server's message, and its `data` (`fieldErrors`, `code`, `appCode`) when it sent one. */
export class TrpcCallError extends Error {
  constructor(
    message: string,
    readonly data: {
      code?: string;
      /** The domain code (packages/api/src/services/app-error.ts), e.g. TERMS_REQUIRED. */
      appCode?: string | null;
      fieldErrors?: Record<string, string[] | undefined>;
    } | null,
  ) {
    super(message);
    this.name = "TrpcCallError";
  }
}

type Envelope =
  | { result: { data: { json: unknown } } }
  | { error: { json: { message?: string; data?: TrpcCallError["data"] } } };

async function send(url: string, init: RequestInit): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      ...init,
      credentials: "same-origin",
      headers: { ...init.headers, "x-trpc-source": "island" },
    });
  } catch {
    throw new TrpcCallError("Network error: check your connection and try again.", null);
  }
  const body = (await res.json().catch(() => null)) as Envelope | null;
  if (body && "result" in body) return body.result.data.json;
  const err = body && "error" in body ? body.error.json : null;
  throw new TrpcCallError(err?.message ?? `The server answered ${res.status}.`, err?.data ?? null);
}

/** Calls query `router.procedure` (GET). */
export function trpcQuery<R extends keyof Inputs, P extends keyof Inputs[R] & string>(
  router: R & string,
  procedure: P,
  input?: Inputs[R][P],
): Promise<Outputs[R][P]> {
  const qs =
    input === undefined ? "" : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  return send(`/api/trpc/${router}.${procedure}${qs}`, { method: "GET" }) as Promise<Outputs[R][P]>;
}

/** Calls mutation `router.procedure` (POST, JSON). */
export function trpcMutation<R extends keyof Inputs, P extends keyof Inputs[R] & string>(
  router: R & string,
  procedure: P,
  input: Inputs[R][P],
): Promise<Outputs[R][P]> {
  return send(`/api/trpc/${router}.${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ json: input }),
  }) as Promise<Outputs[R][P]>;
}
