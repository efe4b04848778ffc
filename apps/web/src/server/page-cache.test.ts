import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from "node:http";

import { afterEach, describe, expect, test } from "vitest";

import { createPageCache, etagMatches, pageCacheSeconds, sharedMaxAge } from "./page-cache";
import type { PageCacheOptions } from "./page-cache";

/** What Next answers for a cached ISR page (its headers as `next start` sends them). */
const ISR_HEADERS = {
  "Cache-Control": "s-maxage=3600, stale-while-revalidate=31532400",
  "x-nextjs-cache": "MISS",
  Vary: "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch, Accept-Encoding",
  "Content-Type": "text/html; charset=utf-8",
};

type Upstream = (req: IncomingMessage, res: ServerResponse) => void;

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/**
 * A real HTTP server answering as server.mjs does: from the cache when it can, else through
 * `upstream` (standing for Next), recorded. Counts the upstream's calls.
 */
async function serve(upstream: Upstream, opts: Partial<PageCacheOptions> = {}) {
  const cache = createPageCache({ ttlMs: 5000, maxEntries: 100, maxBodyBytes: 1 << 20, ...opts });
  let calls = 0;
  const server = createServer((req, res) => {
    const key = cache.key(req);
    if (key !== null && cache.serve(key, res)) return;
    if (key !== null) cache.record(key, res);
    calls++;
    upstream(req, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  servers.push(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(base + path, init);
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  return { cache, get, calls: () => calls };
}

/** An upstream that sends `headers` and a body naming how many times it was called. */
function page(headers: OutgoingHttpHeaders = ISR_HEADERS, status = 200): Upstream {
  let n = 0;
  return (_req, res) => {
    n++;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value!);
    res.statusCode = status;
    res.end(`<html>render ${n}</html>`);
  };
}

describe("the page cache in front of Next", () => {
  test("a shared cached page is rendered once, then sent from the copy with the same headers and body", async () => {
    const s = await serve(page());
    const first = await s.get("/t/night-drive");
    const second = await s.get("/t/night-drive");
    expect(s.calls()).toBe(1);
    expect(second.body).toBe(first.body);
    expect(second.body).toBe("<html>render 1</html>");
    expect(second.headers.get("x-fanfare-cache")).toBe("HIT");
    expect(first.headers.get("x-fanfare-cache")).toBeNull();
    for (const name of ["cache-control", "content-type", "vary"])
      expect(second.headers.get(name)).toBe(first.headers.get(name));
    expect(second.headers.get("x-nextjs-cache")).toBe("HIT");
    expect(second.headers.get("content-length")).toBe(String(first.body.length));
    expect(s.cache.stats).toMatchObject({ hits: 1, stored: 1 });
  });

  test("a body written in several chunks (a stream) is kept whole", async () => {
    const s = await serve((_req, res) => {
      for (const [name, value] of Object.entries(ISR_HEADERS)) res.setHeader(name, value);
      res.write("<html>");
      res.write(Buffer.from("part two "));
      res.write(new Uint8Array([104, 105]));
      res.end("</html>");
    });
    const first = await s.get("/discover");
    const second = await s.get("/discover");
    expect(s.calls()).toBe(1);
    expect(second.body).toBe("<html>part two hi</html>");
    expect(first.body).toBe(second.body);
  });

  test("a browser holding the page (its ETag in If-None-Match) gets a 304 without a body", async () => {
    const s = await serve(page({ ...ISR_HEADERS, ETag: '"abc123"' }));
    await s.get("/t/x");
    const fresh = await s.get("/t/x", { headers: { "if-none-match": 'W/"abc123"' } });
    expect(fresh.status).toBe(304);
    expect(fresh.body).toBe("");
    expect(fresh.headers.get("etag")).toBe('"abc123"');
    expect(fresh.headers.get("x-fanfare-cache")).toBe("HIT");
    const other = await s.get("/t/x", { headers: { "if-none-match": '"old", "older"' } });
    expect(other.status).toBe(200);
    expect(other.body).toBe("<html>render 1</html>");
    expect(s.calls()).toBe(1);
  });

  test("headers passed to writeHead are kept too", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, ISR_HEADERS);
      res.end("via writeHead");
    });
    await s.get("/a/nova-lights");
    const second = await s.get("/a/nova-lights");
    expect(s.calls()).toBe(1);
    expect(second.headers.get("x-nextjs-cache")).toBe("HIT");
    expect(second.body).toBe("via writeHead");
  });

  test.each([
    ["private", { ...ISR_HEADERS, "Cache-Control": "private, no-cache, no-store, max-age=0" }, 200],
    ["no s-maxage", { ...ISR_HEADERS, "Cache-Control": "max-age=60" }, 200],
    ["not from Next's page cache", { ...ISR_HEADERS, "x-nextjs-cache": undefined }, 200],
    ["a cookie", { ...ISR_HEADERS, "Set-Cookie": "x=1; Path=/" }, 200],
    ["varying on a cookie", { ...ISR_HEADERS, Vary: "Cookie" }, 200],
    ["a 404", ISR_HEADERS, 404],
    [
      "a stale page (Next renders the new one meanwhile)",
      { ...ISR_HEADERS, "x-nextjs-cache": "STALE" },
      200,
    ],
  ] as const)("an answer with %s is never kept", async (_what, headers, status) => {
    const clean = Object.fromEntries(
      Object.entries(headers).filter(([, v]) => v !== undefined),
    ) as OutgoingHttpHeaders;
    const s = await serve(page(clean, status));
    await s.get("/t/x");
    const second = await s.get("/t/x");
    expect(s.calls()).toBe(2);
    expect(second.body).toBe("<html>render 2</html>");
    expect(s.cache.size()).toBe(0);
  });

  test("a body over the size limit is not kept", async () => {
    const s = await serve(page(), { maxBodyBytes: 10 });
    await s.get("/t/x");
    await s.get("/t/x");
    expect(s.calls()).toBe(2);
  });

  test("signed-in requests (session cookie or bearer token), HEAD and POST always go to Next", async () => {
    const s = await serve(page());
    await s.get("/t/x"); // stored
    expect(s.calls()).toBe(1);
    const signedIn = await s.get("/t/x", {
      headers: { cookie: "theme=dark; authjs.session-token=abc" },
    });
    expect(signedIn.body).toBe("<html>render 2</html>");
    await s.get("/t/x", { headers: { cookie: "__Secure-authjs.session-token.0=abc" } });
    await s.get("/t/x", { headers: { authorization: "Bearer ff_token" } });
    await s.get("/t/x", { method: "HEAD" });
    await s.get("/t/x", { method: "POST", body: "x" });
    expect(s.calls()).toBe(6);
    // A visitor with other cookies (attribution, theme) gets the copy.
    const visitor = await s.get("/t/x", { headers: { cookie: "ff_vid=1; theme=dark" } });
    expect(visitor.headers.get("x-fanfare-cache")).toBe("HIT");
    expect(s.calls()).toBe(6);
  });

  test("requests differing in a varied header (an RSC navigation, gzip) get their own copies", async () => {
    const s = await serve((req, res) => {
      for (const [name, value] of Object.entries(ISR_HEADERS)) res.setHeader(name, value);
      res.end(`rsc=${String(req.headers.rsc)} enc=${String(req.headers["accept-encoding"])}`);
    });
    const html = { "accept-encoding": "identity" };
    const rsc = { rsc: "1", "accept-encoding": "identity" };
    expect((await s.get("/t/x", { headers: html })).body).toBe("rsc=undefined enc=identity");
    expect((await s.get("/t/x", { headers: rsc })).body).toBe("rsc=1 enc=identity");
    expect((await s.get("/t/x", { headers: html })).body).toBe("rsc=undefined enc=identity");
    expect((await s.get("/t/x", { headers: rsc })).body).toBe("rsc=1 enc=identity");
    expect(s.calls()).toBe(2);
    // The query string is part of the page.
    await s.get("/t/x?ref=PAT1", { headers: html });
    expect(s.calls()).toBe(3);
  });

  test("a purge drops every copy, and a render under way when it happens is not kept", async () => {
    let release: () => void = () => undefined;
    let started: () => void = () => undefined;
    let hold = false;
    let n = 0;
    const s = await serve((_req, res) => {
      n++;
      for (const [name, value] of Object.entries(ISR_HEADERS)) res.setHeader(name, value);
      const body = `render ${n}`;
      if (!hold) return void res.end(body);
      release = () => res.end(body);
      started();
    });
    await s.get("/t/x");
    await s.get("/r/album");
    expect(s.cache.size()).toBe(2);
    s.cache.purge();
    expect(s.cache.size()).toBe(0);
    expect((await s.get("/t/x")).body).toBe("render 3");
    // A render that began before a purge (an old page) ends after it: not kept.
    hold = true;
    const rendering = new Promise<void>((r) => (started = r));
    const pending = s.get("/r/album");
    await rendering;
    s.cache.purge();
    release();
    expect((await pending).body).toBe("render 4");
    hold = false;
    expect((await s.get("/r/album")).body).toBe("render 5");
    expect((await s.get("/r/album")).body).toBe("render 5");
  });

  test("a copy lives ttl at most, and never past the answer's own s-maxage", async () => {
    let clock = 1_000_000;
    const s = await serve(page(), { ttlMs: 5000, now: () => clock });
    await s.get("/t/x");
    clock += 4999;
    expect((await s.get("/t/x")).body).toBe("<html>render 1</html>");
    clock += 1;
    expect((await s.get("/t/x")).body).toBe("<html>render 2</html>");

    const short = await serve(page({ ...ISR_HEADERS, "Cache-Control": "s-maxage=1" }), {
      ttlMs: 5000,
      now: () => clock,
    });
    await short.get("/leaderboard");
    clock += 1000;
    expect((await short.get("/leaderboard")).body).toBe("<html>render 2</html>");
  });

  test("ttl 0 turns it off", async () => {
    const s = await serve(page(), { ttlMs: 0 });
    await s.get("/t/x");
    await s.get("/t/x");
    expect(s.calls()).toBe(2);
  });

  test("past maxEntries the least recently used copy goes first", async () => {
    const s = await serve(page(), { maxEntries: 2 });
    await s.get("/a");
    await s.get("/b");
    await s.get("/a"); // a is now the most recent
    await s.get("/c"); // evicts b
    expect(s.calls()).toBe(3);
    await s.get("/a");
    expect(s.calls()).toBe(3);
    await s.get("/b");
    expect(s.calls()).toBe(4);
  });

  test("past maxTotalBytes of bodies the least recently used copies go first", async () => {
    // Each body is "<html>render N</html>": 21 bytes; room for two.
    const s = await serve(page(), { maxTotalBytes: 50 });
    await s.get("/a");
    await s.get("/b");
    expect(s.cache.bytes()).toBe(42);
    await s.get("/c"); // evicts a
    expect(s.cache.size()).toBe(2);
    expect(s.cache.bytes()).toBe(42);
    await s.get("/b");
    expect(s.calls()).toBe(3);
    await s.get("/a");
    expect(s.calls()).toBe(4);
    s.cache.purge();
    expect(s.cache.bytes()).toBe(0);
  });

  test("a click's own headers (its cookies, private) go on the copy it is sent, never into it", async () => {
    const cache = createPageCache({ ttlMs: 5000, maxEntries: 10, maxBodyBytes: 1 << 20 });
    const server = createServer((req, res) => {
      const key = cache.key(req)!;
      const click = req.url!.includes("ref=");
      const extra: OutgoingHttpHeaders = click
        ? { "set-cookie": ["ff_ref=PAT1; Path=/; HttpOnly"], "cache-control": "private, no-store" }
        : {};
      if (cache.serve(key, res, extra)) return;
      cache.record(key, res);
      for (const [name, value] of Object.entries(ISR_HEADERS)) res.setHeader(name, value);
      res.end("page");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    servers.push(server);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await fetch(`${base}/t/x?ref=PAT1`).then((r) => r.text());
    const click = await fetch(`${base}/t/x?ref=PAT1`);
    expect(await click.text()).toBe("page");
    expect(click.headers.get("set-cookie")).toBe("ff_ref=PAT1; Path=/; HttpOnly");
    expect(click.headers.get("cache-control")).toBe("private, no-store");
    // The stored copy itself is Next's shared answer, with no cookie.
    const plain = createServer((req, res) => void cache.serve(cache.key(req)!, res));
    plain.listen(0, "127.0.0.1");
    await once(plain, "listening");
    servers.push(plain);
    const again = await fetch(
      `http://127.0.0.1:${(plain.address() as AddressInfo).port}/t/x?ref=PAT1`,
    );
    expect(again.headers.get("set-cookie")).toBeNull();
    expect(again.headers.get("cache-control")).toBe(ISR_HEADERS["Cache-Control"]);
  });
});

describe("its settings", () => {
  test("etagMatches compares weakly and takes lists and *", () => {
    expect(etagMatches('"a"', '"a"')).toBe(true);
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches('"b", W/"a"', 'W/"a"')).toBe(true);
    expect(etagMatches("*", '"a"')).toBe(true);
    expect(etagMatches('"b"', '"a"')).toBe(false);
    expect(etagMatches(undefined, '"a"')).toBe(false);
    expect(etagMatches('"a"', undefined)).toBe(false);
  });

  test("sharedMaxAge reads s-maxage unless the answer is private or not to be stored", () => {
    expect(sharedMaxAge("s-maxage=3600, stale-while-revalidate=31532400")).toBe(3600);
    expect(sharedMaxAge("public, max-age=0, S-MAXAGE=60")).toBe(60);
    expect(sharedMaxAge("private, s-maxage=60")).toBeNull();
    expect(sharedMaxAge("no-store, s-maxage=60")).toBeNull();
    expect(sharedMaxAge("s-maxage=60, no-cache")).toBeNull();
    expect(sharedMaxAge("max-age=60")).toBeNull();
    expect(sharedMaxAge(undefined)).toBeNull();
  });

  test("PAGE_CACHE_SECONDS: 5 by default, 0 to 3600, anything else refused with the reason", () => {
    expect(pageCacheSeconds(undefined)).toBe(5);
    expect(pageCacheSeconds("")).toBe(5);
    expect(pageCacheSeconds("0")).toBe(0);
    expect(pageCacheSeconds("60")).toBe(60);
    for (const bad of ["-1", "1.5", "3601", "five"])
      expect(() => pageCacheSeconds(bad)).toThrow(/PAGE_CACHE_SECONDS must be a whole number/);
  });
});
