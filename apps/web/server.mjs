// The web app's HTTP entry. A thin wrapper around Next.js that
// - records the TCP peer address in `x-fanfare-peer-ip` (overwriting anything a client sent),
//   because Next only forwards X-Forwarded-For, which a client can forge. Click hashing trusts
//   X-Forwarded-For only from TRUSTED_PROXY_HOPS configured proxies
//   (packages/api/src/services/affiliate/clicks.ts);
// - captures affiliate clicks (`GET /t/<slug>?ref=<code>`, and page links `/a/<slug>`, `/`,
//   `/discover/…` with a promoter's `?ref=`, issue 14 §1) before Next: the same
//   `captureAffiliateClick` the proxy (src/proxy.ts) would run, about 4x cheaper here than inside
//   Next's proxy pipeline (bench/README.md, "What bounds the click rows"). The request then goes
//   to Next marked `x-fanfare-click-captured: 1` (the proxy skips it) and the cached page is
//   sent with this visitor's cookies and `Cache-Control: private, no-store`;
// - answers GETs of public pages without a session from a copy of Next's own cached answer
//   (src/server/page-cache.ts: what it stores, for whom, and how it is purged), so a cached page
//   costs a buffer write instead of Next's request pipeline. PAGE_CACHE_SECONDS (default 5; 0
//   turns it off) bounds a copy's life; any expired cache tag drops every copy at once.
import fs from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import next from "next";
import { tsImport } from "tsx/esm/api";

const dev = process.env.NODE_ENV !== "production";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const secureCookies = (process.env.APP_URL ?? "").startsWith("https:");

if (!dev) {
  // The public pages' cache (ISR pages in .next/server/route-cache, their data in
  // .next/cache/fetch-cache, which even survives `next build`) starts empty in every process:
  // entries from an earlier run may come from another database (a re-created .data, a reset
  // test or bench database) and would show tracks and ids that no longer exist. Pages fill
  // again on first request; a process sharing this folder only re-renders what it misses.
  for (const dir of [".next/server/route-cache", ".next/cache/fetch-cache"])
    fs.rmSync(path.join(import.meta.dirname, dir), { recursive: true, force: true });
}

const app = next({ dev, turbopack: dev, hostname, port, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

// The workspace's TypeScript, loaded through tsx's scoped loader (nothing else is affected), as
// `pnpm worker` runs it. getDb() keeps one database per process on globalThis, so this shares
// Next's (the embedded database has one owner).
const capture = await tsImport("@fanfare/api/services/affiliate/click-capture", import.meta.url);
const { dbEnv, getDb, getDbHandle } = await tsImport("@fanfare/db", import.meta.url);

// Cache tags expired by any process of the deployment (another web process, the worker, a
// background job outside a request) are expired here too: in the tags manifest Next's
// incremental cache consults on every cached read (the module Next itself loads, by the same
// require). The tag channel: packages/api/src/services/cache/tag-channel.ts.
const { tagsManifest } = createRequire(import.meta.url)(
  "next/dist/server/lib/incremental-cache/tags-manifest.external.js",
);
const channel = await tsImport("@fanfare/api/services/cache/tag-channel", import.meta.url);
const { onLocalPublicPageInvalidation } = await tsImport(
  "@fanfare/api/services/cache/public-pages",
  import.meta.url,
);
const { createPageCache, pageCacheSeconds } = await tsImport(
  "./src/server/page-cache.ts",
  import.meta.url,
);
const pageCache = createPageCache({
  ttlMs: (dev ? 0 : pageCacheSeconds(process.env.PAGE_CACHE_SECONDS)) * 1000,
  maxEntries: 2000,
  maxBodyBytes: 2 * 1024 * 1024,
});
channel.startCacheTagChannel({
  url: dbEnv().DATABASE_URL,
  getDbHandle,
  onTags: (tags) => {
    const now = Date.now();
    for (const tag of tags)
      tagsManifest.set(tag, { ...tagsManifest.get(tag), stale: now, expired: now });
    if (tags.length > 0) pageCache.purge();
  },
});
// Writes made in this process purge at once, before the request that wrote answers.
onLocalPublicPageInvalidation(() => pageCache.purge());

/** Node's request headers as a Fetch `Headers`. */
function toHeaders(raw) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/** Answers from the page cache when it can, else lets Next answer (and keeps a copy if it may). */
function handleCached(req, res) {
  const key = pageCache.key(req);
  if (key !== null && pageCache.serve(key, res)) return;
  if (key !== null) pageCache.record(key, res);
  return handle(req, res);
}

async function captureThenHandle(req, res, url) {
  let cookies = [];
  try {
    ({ cookies } = await capture.captureAffiliateClick(
      { method: req.method, url, headers: toHeaders(req.headers) },
      getDb,
    ));
  } catch (e) {
    console.error("Click capture failed:", e); // the page is still served
  }
  req.headers["x-fanfare-click-captured"] = "1";
  const ours = cookies.map((c) => capture.serializeCaptureCookie(c, secureCookies));
  const key = pageCache.key(req);
  if (
    key !== null &&
    pageCache.serve(
      key,
      res,
      ours.length > 0 ? { "set-cookie": ours, "cache-control": "private, no-store" } : {},
    )
  )
    return;
  if (cookies.length > 0) {
    const setHeader = res.setHeader.bind(res);
    // Next may set cookies of its own: ours are kept beside them.
    res.setHeader = (name, value) => {
      if (name.toLowerCase() === "set-cookie")
        return setHeader(name, [...ours, ...(Array.isArray(value) ? value : [String(value)])]);
      return setHeader(name, value);
    };
    setHeader("Set-Cookie", ours);
    // Next sets the cached page's Cache-Control (s-maxage), and only when none is set yet (the
    // page cache's copy needs Next's): this response carries the visitor's cookies, so it is
    // made private as its headers are sent (Node sends them through writeHead, also implicitly).
    const writeHead = res.writeHead.bind(res);
    res.writeHead = (...args) => {
      const last = args[args.length - 1];
      if (last && typeof last === "object" && !Array.isArray(last))
        for (const name of Object.keys(last))
          if (name.toLowerCase() === "cache-control") delete last[name];
      setHeader("Cache-Control", "private, no-store");
      return writeHead(...args);
    };
  }
  // Recorded after the wrapper above: the copy keeps Next's own headers, not this visitor's.
  if (key !== null) pageCache.record(key, res);
  await handle(req, res);
}

const server = createServer((req, res) => {
  req.headers["x-fanfare-peer-ip"] = req.socket.remoteAddress ?? "";
  delete req.headers["x-fanfare-click-captured"]; // only this server may say so
  const url = new URL(req.url ?? "/", "http://localhost");
  if (capture.isAffiliateVisit(req.method ?? "GET", url)) void captureThenHandle(req, res, url);
  else void handleCached(req, res);
});
// Idle keep-alive sockets stay open longer than any proxy or client in front of us keeps them
// (load balancers default to 60 s): with Node's 5 s default, a client reusing a socket the
// server is closing at that moment gets ECONNRESET. headersTimeout must exceed it.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, hostname, () => {
  console.log(`Fanfare ready on http://localhost:${port} (${dev ? "development" : "production"})`);
});
