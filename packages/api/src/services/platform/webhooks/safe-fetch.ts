import { lookup as dnsLookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import type { LookupAddress } from "node:dns";
import { isIP } from "node:net";

import type { AddressPolicy } from "./address-policy";
import {
  addressRefusal,
  bareAddress,
  defaultAddressPolicy,
  urlSchemeProblem,
} from "./address-policy";

/** One resolved address of a host name. */
export type ResolvedAddress = { address: string; family: 4 | 6 };

/**
 * Resolves a host name to its addresses (the system resolver by default; tests pass their own,
 * e.g. one that answers a public address and then a private one, as a DNS rebinding attack does).
 */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** The operating system's resolver (`getaddrinfo`, as `http.request` itself would use). */
export const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a: LookupAddress) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** A request refused before anything was sent (its URL or the address its host resolves to). */
export class RefusedUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RefusedUrlError";
  }
}

/**
 * The address a request to `hostname` may connect to under `policy`: an IP-literal host is
 * checked as it is; a name is resolved once, and refused when any of its addresses is refused
 * (a name with one private address among public ones is not a public receiver), else its first
 * address is the one to connect to.
 * @throws RefusedUrlError "hooks.example resolves to 10.0.0.5, a private address" / "… could not
 *   be resolved".
 */
export async function resolveAllowedAddress(
  hostname: string,
  policy: AddressPolicy,
  resolver: Resolver = systemResolver,
): Promise<ResolvedAddress> {
  const bare = bareAddress(hostname);
  const literal = isIP(bare);
  if (literal) {
    const refusal = addressRefusal(bare, policy);
    if (refusal) throw new RefusedUrlError(`${bare} is ${refusal}, which is not allowed.`);
    return { address: bare, family: literal === 6 ? 6 : 4 };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolver(bare);
  } catch (e) {
    throw new RefusedUrlError(
      `${bare} could not be resolved (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`,
    );
  }
  if (!addresses.length) throw new RefusedUrlError(`${bare} could not be resolved.`);
  for (const a of addresses) {
    const refusal = addressRefusal(a.address, policy);
    if (refusal)
      throw new RefusedUrlError(
        `${bare} resolves to ${a.address}, ${refusal}, which is not allowed.`,
      );
  }
  return addresses[0]!;
}

/**
 * Why `url` may not receive webhooks under `policy`, or null: the scheme and literal-host rules
 * (`urlSchemeProblem`), then the host resolved (`resolveAllowedAddress`). Used when an endpoint
 * is created or its URL changed; every delivery checks again (`safeFetch`), since DNS answers change.
 */
export async function webhookUrlRefusal(
  url: string,
  policy: AddressPolicy = defaultAddressPolicy(),
  resolver: Resolver = systemResolver,
): Promise<string | null> {
  const problem = urlSchemeProblem(url, policy);
  if (problem) return problem;
  try {
    await resolveAllowedAddress(new URL(url).hostname, policy, resolver);
    return null;
  } catch (e) {
    if (e instanceof RefusedUrlError) return `The webhook URL's host ${e.message}`;
    throw e;
  }
}

/** The most a delivery waits for the whole exchange (connect, send, response head and body), ms. */
export const SAFE_FETCH_TIMEOUT_MS = 10_000;
/** Response bytes read at most; the connection is closed after them. */
export const SAFE_FETCH_MAX_BODY_BYTES = 64 * 1024;
/** Characters of the response body kept (WebhookAttempt.responseHead, CHECKed ≤ 1,024). */
export const RESPONSE_HEAD_CHARS = 1024;

export type SafeFetchRequest = {
  url: string;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  /** Default: `defaultAddressPolicy()` (production rules unless NODE_ENV is development/test). */
  policy?: AddressPolicy;
  resolver?: Resolver;
  timeoutMs?: number;
  maxBodyBytes?: number;
};

/**
 * What came of a request. `status` null: no response (refused URL or address, timeout, network
 * error: `error` says which). `ok`: a 2xx status. `responseHead`: the first 1,024 characters of
 * the body (NUL characters replaced, as PostgreSQL text cannot hold them).
 */
export type SafeFetchResult = {
  ok: boolean;
  status: number | null;
  responseHead: string;
  error: string | null;
  latencyMs: number;
};

/**
 * Sends one HTTP request to a URL a user chose, safe against server-side request forgery (issue
 * 15 §3; OWASP SSRF Prevention Cheat Sheet):
 * - https only (http for loopback hosts when the policy allows localhost); no credentials in the URL;
 * - the host is resolved by a custom `lookup` given to `http(s).request`, which refuses private,
 *   loopback, link-local, CGNAT, multicast, unspecified and IPv4-mapped addresses and hands the
 *   socket the very address it checked, so a DNS answer that changes between check and connect
 *   (DNS rebinding) cannot redirect the connection; an IP-literal host is checked directly;
 * - redirects are not followed: a 3xx is a failure with its status;
 * - one timeout for the whole exchange (default 10 s); the body is read up to 64 KiB, then the
 *   connection is closed; no connection reuse (`agent: false`), no proxy.
 * Never throws: every failure is a result with `error`.
 */
export async function safeFetch(req: SafeFetchRequest): Promise<SafeFetchResult> {
  const started = performance.now();
  const elapsed = () => Math.max(0, Math.round(performance.now() - started));
  const policy = req.policy ?? defaultAddressPolicy();
  const resolver = req.resolver ?? systemResolver;
  const fail = (error: string, status: number | null = null, responseHead = "") => ({
    ok: false,
    status,
    responseHead,
    error,
    latencyMs: elapsed(),
  });

  const problem = urlSchemeProblem(req.url, policy);
  if (problem) return fail(problem);
  const url = new URL(req.url);
  const transport = url.protocol === "https:" ? https : http;
  const timeoutMs = req.timeoutMs ?? SAFE_FETCH_TIMEOUT_MS;
  const maxBodyBytes = req.maxBodyBytes ?? SAFE_FETCH_MAX_BODY_BYTES;

  return new Promise<SafeFetchResult>((resolve) => {
    let settled = false;
    const finish = (r: SafeFetchResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const headers: Record<string, string> = {
      "user-agent": "Fanfare-Webhooks/1.0",
      ...req.headers,
    };
    if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));

    const request = transport.request({
      protocol: url.protocol,
      hostname: bareAddress(url.hostname),
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: req.method,
      headers,
      agent: false,
      // Node calls this for every host name it connects to (never for IP literals, checked above);
      // `all` is set when it races IPv4 and IPv6 (autoSelectFamily). Either way the socket gets
      // only the address that passed the policy.
      lookup: (hostname, options, callback) => {
        resolveAllowedAddress(hostname, policy, resolver).then(
          (a) => {
            if ((options as { all?: boolean }).all)
              (callback as unknown as (e: null, list: LookupAddress[]) => void)(null, [
                { address: a.address, family: a.family },
              ]);
            else callback(null, a.address, a.family);
          },
          (e: Error) => callback(e as NodeJS.ErrnoException, "", 4),
        );
      },
    });

    const timeoutMessage = `No complete response within ${timeoutMs % 1000 ? `${timeoutMs} ms` : `${timeoutMs / 1000} s`}.`;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy(new Error(timeoutMessage));
    }, timeoutMs);

    request.on("error", (e: Error) => {
      finish(fail(e instanceof RefusedUrlError ? `The host ${e.message}` : e.message));
    });
    request.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const kept: Buffer[] = [];
      let keptBytes = 0;
      let readBytes = 0;
      const done = () => {
        const head = Buffer.concat(kept)
          .toString("utf8")
          .replaceAll("\u0000", "\uFFFD")
          .slice(0, RESPONSE_HEAD_CHARS);
        // A status that came before the time ran out is not an answer while the body is cut off.
        if (timedOut) finish(fail(timeoutMessage, status, head));
        else if (status >= 300 && status < 400) {
          const location = res.headers.location;
          finish(
            fail(
              `Redirects are not followed (HTTP ${status}${location ? ` to ${location.slice(0, 200)}` : ""}).`,
              status,
              head,
            ),
          );
        } else if (status >= 200 && status < 300)
          finish({ ok: true, status, responseHead: head, error: null, latencyMs: elapsed() });
        else finish(fail(`HTTP ${status}`, status, head));
      };
      res.on("data", (chunk: Buffer) => {
        readBytes += chunk.length;
        // 4 bytes per character at most in UTF-8: enough bytes for the 1,024 characters kept.
        if (keptBytes < RESPONSE_HEAD_CHARS * 4) {
          kept.push(chunk);
          keptBytes += chunk.length;
        }
        if (readBytes >= maxBodyBytes) {
          done();
          res.destroy();
          request.destroy();
        }
      });
      res.on("end", done);
      // A connection closed mid-body still gave a status: report it with what arrived.
      res.on("close", done);
      res.on("error", () => done());
    });
    if (req.body !== undefined) request.end(req.body);
    else request.end();
  });
}
