// The web app's HTTP entry. A thin wrapper around Next.js that records the TCP peer address in
// `x-fanfare-peer-ip` (overwriting anything a client sent), because Next only forwards
// X-Forwarded-For, which a client can forge. Click hashing trusts X-Forwarded-For only from
// TRUSTED_PROXY_HOPS configured proxies (packages/api/src/services/affiliate/clicks.ts).
import { createServer } from "node:http";
import next from "next";

const dev = process.env.NODE_ENV !== "production";
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";

const app = next({ dev, turbopack: dev, hostname, port, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

createServer((req, res) => {
  req.headers["x-fanfare-peer-ip"] = req.socket.remoteAddress ?? "";
  void handle(req, res);
}).listen(port, hostname, () => {
  console.log(`Fanfare ready on http://localhost:${port} (${dev ? "development" : "production"})`);
});
