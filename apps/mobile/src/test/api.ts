/**
 * A fake Fanfare API at the HTTP boundary: the app's real tRPC client (httpBatchLink + superjson)
 * and auth calls run unchanged against `global.fetch`, which this module replaces.
 *
 * Fixtures are typed by the real router's outputs (RouterOutputs), so a router change that the
 * screens would not survive also breaks the tests' types.
 */
import superjson from "superjson";

import type { RouterOutputs } from "@fanfare/api";

import { emptySourceReport, noRecruits, noTiersProgress, pageLinkInfo } from "./fixtures";

export const TEST_API_URL = "http://localhost:3000";

type Routers = keyof RouterOutputs & string;
type RouterPaths = { [R in Routers]: `${R}.${keyof RouterOutputs[R] & string}` }[Routers];
type OutputOf<P extends string> = P extends `${infer R}.${infer N}`
  ? R extends Routers
    ? N extends keyof RouterOutputs[R]
      ? RouterOutputs[R][N]
      : never
    : never
  : never;

type Outputs = { [P in RouterPaths]: OutputOf<P> };
export type ProcedurePath = keyof Outputs;

const ERROR_CODES = {
  BAD_REQUEST: { code: -32600, httpStatus: 400 },
  UNAUTHORIZED: { code: -32001, httpStatus: 401 },
  FORBIDDEN: { code: -32003, httpStatus: 403 },
  NOT_FOUND: { code: -32004, httpStatus: 404 },
  CONFLICT: { code: -32009, httpStatus: 409 },
  PRECONDITION_FAILED: { code: -32012, httpStatus: 412 },
  INTERNAL_SERVER_ERROR: { code: -32603, httpStatus: 500 },
} as const;

export class ApiError {
  constructor(
    readonly code: keyof typeof ERROR_CODES,
    readonly message: string,
    /** The domain code the API adds (`data.appCode`), e.g. TERMS_REQUIRED. */
    readonly appCode: string | null = null,
    /** The form fields the error is about (`data.fieldErrors`), e.g. `{ code: [message] }`. */
    readonly fieldErrors: Record<string, string[]> | null = null,
  ) {}
}

/** An error answer as packages/api/src/trpc.ts shapes it. */
export const apiError = (
  code: keyof typeof ERROR_CODES,
  message: string,
  appCode: string | null = null,
  fieldErrors: Record<string, string[]> | null = null,
) => new ApiError(code, message, appCode, fieldErrors);

type Result<O> = O | ApiError;
type Handler<O> = Result<O> | ((input: unknown) => Result<O> | Promise<Result<O>>);
export type Handlers = { [P in ProcedurePath]?: Handler<Outputs[P]> };

export type RecordedCall = { path: string; input: unknown; headers: Record<string, string> };

type AuthHandler = (req: { method: string; body: unknown; headers: Record<string, string> }) => {
  status: number;
  body: unknown;
};

const fakeResponse = (status: number, body: unknown) =>
  ({
    ok: status >= 200 && status < 300,
    status,
    headers: {
      get: (name: string) => (name.toLowerCase() === "content-type" ? "application/json" : null),
    },
    json: async () => body,
    text: async () => JSON.stringify(body),
  }) as unknown as Response;

/**
 * What a procedure answers when a test gives it no handler: for cards that sit on a screen beside
 * its main data (the Earnings tab's tier card), so a test about something else need not name them.
 */
const DEFAULT_HANDLERS: Handlers = {
  // A program with no tiers: the tier card shows nothing.
  "promoter.progress": noTiersProgress,
  // Nothing unread: the Profile tab's notifications card shows no count.
  "notification.unreadCount": { count: 0 },
  // Nothing in the period: the Links tab's "Performance by source" shows its empty state.
  "promoter.sourceReport": emptySourceReport,
  // No recruits yet: the Links tab's "Your recruits" shows the link and its empty state.
  "promoter.recruits": noRecruits,
  // Page links (issue 14 §1): the promoter-level code and one linked artist.
  "promoter.pageLinkCode": pageLinkInfo,
};

/**
 * Replaces `global.fetch` with a fake API. Procedures without a handler answer as in
 * DEFAULT_HANDLERS, or else NOT_FOUND like tRPC does for an unknown path. Returns the calls it
 * received, in order.
 */
export function mockApi(handlers: Handlers, opts: { auth?: AuthHandler } = {}) {
  const calls: RecordedCall[] = [];
  let inFlight = 0;
  const authCalls: { method: string; body: unknown; headers: Record<string, string> }[] = [];
  const fetchMock = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    inFlight++;
    try {
      return await answer(input, init);
    } finally {
      inFlight--;
    }
  });
  const answer = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = Object.fromEntries(
      Object.entries((init?.headers ?? {}) as Record<string, string>).map(([k, v]) => [
        k.toLowerCase(),
        v,
      ]),
    );
    const method = init?.method ?? "GET";

    if (url.pathname === "/api/auth/token") {
      const body: unknown = typeof init?.body === "string" ? JSON.parse(init.body) : null;
      authCalls.push({ method, body, headers });
      const answer = opts.auth?.({ method, body, headers }) ?? {
        status: 404,
        body: { error: "No auth handler in this test." },
      };
      return fakeResponse(answer.status, answer.body);
    }
    if (!url.pathname.startsWith("/api/trpc/"))
      return fakeResponse(404, { error: `Nothing at ${url.pathname}` });

    const paths = decodeURIComponent(url.pathname.slice("/api/trpc/".length)).split(",");
    const rawInputs = (
      method === "GET"
        ? JSON.parse(url.searchParams.get("input") ?? "{}")
        : JSON.parse(String(init?.body ?? "{}"))
    ) as Record<string, { json: unknown; meta?: unknown } | undefined>;
    const items = await Promise.all(
      paths.map(async (path, i) => {
        const raw = rawInputs[String(i)];
        const procInput = raw
          ? superjson.deserialize(raw as Parameters<typeof superjson.deserialize>[0])
          : undefined;
        calls.push({ path, input: procInput, headers });
        const handler = (handlers[path as ProcedurePath] ??
          DEFAULT_HANDLERS[path as ProcedurePath]) as Handler<unknown> | undefined;
        const result =
          handler === undefined
            ? apiError("NOT_FOUND", `No procedure on path "${path}"`)
            : typeof handler === "function"
              ? await handler(procInput)
              : handler;
        if (result instanceof ApiError) {
          const { code, httpStatus } = ERROR_CODES[result.code];
          return {
            status: httpStatus,
            body: {
              error: superjson.serialize({
                message: result.message,
                code,
                data: {
                  code: result.code,
                  httpStatus,
                  path,
                  fieldErrors: result.fieldErrors,
                  appCode: result.appCode,
                },
              }),
            },
          };
        }
        return { status: 200, body: { result: { data: superjson.serialize(result) } } };
      }),
    );
    const statuses = new Set(items.map((i) => i.status));
    const status = statuses.size === 1 ? items[0]!.status : 207;
    return fakeResponse(
      status,
      items.map((i) => i.body),
    );
  };
  global.fetch = fetchMock as unknown as typeof fetch;
  return {
    calls,
    authCalls,
    fetchMock,
    callsTo: (path: ProcedurePath) => calls.filter((c) => c.path === path),
    /** Requests answered by the fake API but not yet returned to the app. */
    inFlight: () => inFlight,
  };
}
