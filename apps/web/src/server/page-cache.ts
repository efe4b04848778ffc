import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";

/**
 * A response cache in front of Next (issue 9 §1, "served from cache"), kept by `server.mjs` in
 * each web process: what a CDN or a reverse proxy's micro-cache does in front of an app, in
 * process. Next already serves the public pages (track, release, artist, discover, leaderboard,
 * landing pages…) from its page cache (ISR), but each of those answers still costs about 1 ms of
 * CPU in Next's request pipeline, which capped a page at ~1,100 req/s and a counted click at
 * ~450/s on this 2-core box (bench/README.md). Here a copy of such an answer is sent as is.
 *
 * What is stored: only an answer Next itself says is shared and cached, i.e. status 200 with
 * `x-nextjs-cache` (an ISR or prerendered page; not STALE, an old page sent while Next renders
 * the new one), a `Cache-Control` with `s-maxage` and without
 * `private`/`no-store`/`no-cache`, no `Set-Cookie`, and a `Vary` within `VARIED_HEADERS`; its
 * body at most `maxBodyBytes`. Those pages hold nothing personal (the signed-in state, "Get your
 * link" and the owner's draft are client islands), so one copy serves every visitor.
 *
 * Who is answered from it: GET requests without a session (no Auth.js session cookie, no
 * `Authorization`). A signed-in user always goes to Next, so whoever just edited a page sees the
 * edit on the next load even before the purge below has reached every process. A request whose
 * `If-None-Match` names the copy's ETag gets a 304 without a body, as Next would answer it.
 *
 * How long: `ttlMs` at most (and never past the answer's own `s-maxage`); everything is dropped
 * at once (`purge`) when any public page's cache tag is expired: in this process synchronously
 * by `invalidatePublicPages`, from other processes through the cache tag channel
 * (services/cache/tag-channel.ts). A render that started before a purge is not stored after it.
 * At most `maxEntries` copies and `maxTotalBytes` of bodies (least recently used dropped first).
 */

/** Request headers Next's pages answer differently to (its `Vary`); part of the key. */
export const VARIED_HEADERS = [
  "rsc",
  "next-router-state-tree",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-url",
  "accept-encoding",
] as const;

/** Headers of one connection or one moment, never replayed from a copy. */
const HOP_BY_HOP = ["connection", "keep-alive", "transfer-encoding", "date"];

export type PageCacheOptions = {
  /** How long a copy is served, milliseconds; 0 turns the cache off. */
  ttlMs: number;
  /** Copies kept (least recently used dropped first). */
  maxEntries: number;
  /** Largest body stored, bytes. */
  maxBodyBytes: number;
  /** All bodies together, bytes (least recently used dropped first); default 64 MiB. */
  maxTotalBytes?: number;
  /** Clock, milliseconds (tests). */
  now?: () => number;
};

type Entry = {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Buffer;
  expiresAt: number;
};

export type PageCacheStats = { hits: number; misses: number; stored: number; purges: number };

/** PAGE_CACHE_SECONDS when unset: a copy lives at most this long (any expired tag drops it). */
export const DEFAULT_PAGE_CACHE_SECONDS = 5;

/**
 * Reads PAGE_CACHE_SECONDS: whole seconds from 0 (off) to 3600; unset or empty is
 * `DEFAULT_PAGE_CACHE_SECONDS`.
 * @throws Error naming the variable and what it accepts, for anything else.
 */
export function pageCacheSeconds(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_PAGE_CACHE_SECONDS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 3600)
    throw new Error(
      `PAGE_CACHE_SECONDS must be a whole number of seconds from 0 (off) to 3600; got ${JSON.stringify(value)}.`,
    );
  return n;
}

/** A session (Auth.js's cookie, chunked or not, secure-prefixed or not) or a bearer token. */
function hasSession(req: IncomingMessage): boolean {
  if (req.headers.authorization) return true;
  const cookie = req.headers.cookie;
  return cookie !== undefined && cookie.includes("authjs.session-token");
}

/** `s-maxage` of a Cache-Control value in seconds, or null when shared caches may not keep it. */
export function sharedMaxAge(cacheControl: string | undefined): number | null {
  if (!cacheControl) return null;
  const value = cacheControl.toLowerCase();
  if (/(^|[,\s])(private|no-store|no-cache)\b/.test(value)) return null;
  const m = /(?:^|[,\s])s-maxage=(\d+)/.exec(value);
  return m ? Number(m[1]) : null;
}

/** Whether an `If-None-Match` value names `etag` (weak comparison, RFC 9110 §13.1.2), or is `*`. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string | undefined): boolean {
  if (!ifNoneMatch || !etag) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(etag));
}

function headerString(value: OutgoingHttpHeaders[string]): string | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(", ") : String(value);
}

/**
 * Creates one process's page cache (see the file's comment for what it stores and serves).
 * @returns `key` (null when the request must go to Next), `serve` (answers from a copy; false
 *   when there is none), `record` (watches the answer Next writes to `res` and keeps a copy if
 *   it may), `purge`, and counters.
 */
export function createPageCache(opts: PageCacheOptions) {
  const now = opts.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const stats: PageCacheStats = { hits: 0, misses: 0, stored: 0, purges: 0 };
  let generation = 0;
  let totalBytes = 0;
  const maxTotalBytes = opts.maxTotalBytes ?? 64 * 1024 * 1024;
  const drop = (k: string) => {
    const entry = entries.get(k);
    if (!entry) return;
    totalBytes -= entry.body.length;
    entries.delete(k);
  };

  /** The cache key of a request, or null when it is not answered from or stored in the cache. */
  function key(req: IncomingMessage): string | null {
    if (opts.ttlMs <= 0 || req.method !== "GET" || hasSession(req)) return null;
    let k = req.url ?? "/";
    for (const name of VARIED_HEADERS) {
      const v = req.headers[name];
      if (v !== undefined) k += `\n${name}:${Array.isArray(v) ? v.join(",") : v}`;
    }
    return k;
  }

  /**
   * Answers `res` from the copy under `k` when there is a fresh one, with `extraHeaders` on top
   * (a counted click's cookies and `Cache-Control: private, no-store`).
   * @returns whether it answered.
   */
  function serve(k: string, res: ServerResponse, extraHeaders: OutgoingHttpHeaders = {}): boolean {
    const entry = entries.get(k);
    if (!entry || entry.expiresAt <= now()) {
      if (entry) drop(k);
      stats.misses++;
      return false;
    }
    // Most recently used last.
    entries.delete(k);
    entries.set(k, entry);
    stats.hits++;
    // A copy is a cached answer, whatever Next said of the render it was made from (MISS).
    const headers: OutgoingHttpHeaders = {
      ...entry.headers,
      ...extraHeaders,
      "x-nextjs-cache": "HIT",
      "x-fanfare-cache": "HIT",
    };
    // The browser holds this very page (its ETag): 304 without a body, as Next answers.
    if (etagMatches(res.req.headers["if-none-match"], headerString(entry.headers.etag))) {
      const notModified: OutgoingHttpHeaders = { ...headers };
      delete notModified["content-length"];
      delete notModified["content-type"];
      res.writeHead(304, notModified);
      res.end();
      return true;
    }
    res.writeHead(entry.status, headers);
    res.end(entry.body);
    return true;
  }

  /**
   * Watches what Next writes to `res` (headers as set, body as written) and, once it has been
   * sent, keeps a copy under `k` if the answer may be shared and no purge happened meanwhile.
   * Call before handing `res` to Next (and after any wrapper that changes what the client gets,
   * so the copy holds what Next said, not what this request's wrapper made of it).
   */
  function record(k: string, res: ServerResponse): void {
    const started = generation;
    const headers: OutgoingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;
    // Set once the body will not be kept: too big, or not a page Next cached (API routes, media).
    let skip = false;
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) => {
      headers[name.toLowerCase()] = value as OutgoingHttpHeaders[string];
      return setHeader(name, value);
    };
    const removeHeader = res.removeHeader.bind(res);
    res.removeHeader = (name: string) => {
      delete headers[name.toLowerCase()];
      removeHeader(name);
    };
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    res.writeHead = ((...args: unknown[]) => {
      const last = args[args.length - 1];
      if (last && typeof last === "object" && !Array.isArray(last))
        for (const [name, value] of Object.entries(last as OutgoingHttpHeaders))
          headers[name.toLowerCase()] = value;
      return writeHead(...args);
    }) as ServerResponse["writeHead"];
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (skip || chunk == null || typeof chunk === "function") return;
      // Next has set its headers by the first write: without `x-nextjs-cache` nothing is kept,
      // so the bodies of API answers and media streams are never copied.
      if (headers["x-nextjs-cache"] === undefined) {
        skip = true;
        return;
      }
      const buf = Buffer.isBuffer(chunk)
        ? chunk
        : typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : chunk instanceof Uint8Array
            ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
            : null;
      if (!buf) return;
      size += buf.length;
      if (size > opts.maxBodyBytes) {
        skip = true;
        chunks.length = 0;
      } else chunks.push(Buffer.from(buf)); // a copy: the caller may reuse its buffer
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    res.write = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return write(...args);
    }) as ServerResponse["write"];
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.end = ((...args: unknown[]) => {
      keep(args[0], args[1]);
      return end(...args);
    }) as ServerResponse["end"];
    res.on("finish", () => {
      if (skip || generation !== started || res.statusCode !== 200) return;
      // STALE: Next sent an outdated page while it renders the new one; never keep that.
      const nextCache = headerString(headers["x-nextjs-cache"])?.toUpperCase();
      if (!nextCache || nextCache === "STALE" || headers["set-cookie"] !== undefined) return;
      const maxAge = sharedMaxAge(headerString(headers["cache-control"]));
      if (maxAge === null || maxAge <= 0) return;
      const vary = (headerString(headers.vary) ?? "")
        .toLowerCase()
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean);
      if (vary.some((v) => !(VARIED_HEADERS as readonly string[]).includes(v))) return;
      const body = Buffer.concat(chunks);
      const contentLength = headerString(headers["content-length"]);
      if (contentLength !== undefined && Number(contentLength) !== body.length) return;
      drop(k);
      const kept: OutgoingHttpHeaders = { ...headers, "content-length": String(body.length) };
      for (const name of HOP_BY_HOP) delete kept[name];
      entries.set(k, {
        status: 200,
        headers: kept,
        body,
        expiresAt: now() + Math.min(opts.ttlMs, maxAge * 1000),
      });
      totalBytes += body.length;
      stats.stored++;
      while (entries.size > opts.maxEntries || totalBytes > maxTotalBytes)
        drop(entries.keys().next().value!);
    });
  }

  /** Drops every copy, and keeps any render under way from being stored. */
  function purge(): void {
    generation++;
    stats.purges++;
    entries.clear();
    totalBytes = 0;
  }

  return { key, serve, record, purge, stats, size: () => entries.size, bytes: () => totalBytes };
}

export type PageCache = ReturnType<typeof createPageCache>;
