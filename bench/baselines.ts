/**
 * The same-run baselines of `pnpm bench`, each a server in a process of its own (run.ts starts
 * them), so the ratios in the table hold on a noisy machine:
 *
 *   tsx baselines.ts hello <port>              bare node:http answering a 13-byte text
 *   tsx baselines.ts pg-click <port> <dbUrl>   bare node:http + pg doing the click SQL the app
 *                                              ran before issue 9 (below), one transaction per click
 *
 * The click handler answers GET /t/<slug>?ref=<code>: it looks the link up (joined with its
 * track), then in one transaction: the atomic dedupe upsert on ClickDedupe(linkId, visitorHash)
 * (1-hour window), the ClickEvent insert, and for a counted click the three counter updates
 * (link, track, promoter). Visitor hash = SHA-256(client IP | user agent | salt), the client IP
 * from X-Forwarded-For (one trusted hop). No page is rendered: a 200 with a short body. Issue 9
 * measured this design at 222 counted clicks/s on PostgreSQL on this box.
 */
import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";

const [mode, portArg, dbUrl] = process.argv.slice(2);
const port = Number(portArg);

type PgPool = {
  query: (
    text: string | { name?: string; text: string; values?: unknown[] },
    values?: unknown[],
  ) => Promise<{ rows: Record<string, unknown>[]; rowCount: number }>;
  connect: () => Promise<PgPool & { release: () => void }>;
};

/** node-pg, as the database package's PostgreSQL adapter depends on it (no dependency of our own). */
function loadPg(): { Pool: new (o: { connectionString: string; max: number }) => PgPool } {
  const fromDb = createRequire(createRequire(import.meta.url).resolve("@fanfare/db"));
  const fromAdapter = createRequire(fromDb.resolve("@prisma/adapter-pg"));
  return fromAdapter("pg") as never;
}

if (mode === "hello") {
  createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" }).end("hello, world\n");
  }).listen(port, "127.0.0.1", () => console.log(`hello on ${port}`));
} else if (mode === "pg-click") {
  if (!dbUrl) throw new Error("pg-click needs a database URL");
  const { Pool } = loadPg();
  const pool = new Pool({ connectionString: dbUrl, max: 10 });
  const salt = "bench-salt";
  const q = (name: string, text: string) => ({ name, text });
  const LOOKUP = q(
    "lookup",
    `SELECT l."id", l."promoterId", l."disabled", t."id" AS "trackId", t."slug", t."published", t."deletedAt", t."affiliateEnabled"
     FROM "AffiliateLink" l JOIN "Track" t ON t."id" = l."trackId" WHERE l."code" = $1`,
  );
  const DEDUPE = q(
    "dedupe",
    `INSERT INTO "ClickDedupe" ("linkId", "visitorHash", "windowStart") VALUES ($1, $2, now())
     ON CONFLICT ("linkId", "visitorHash") DO UPDATE SET "windowStart" = EXCLUDED."windowStart"
     WHERE "ClickDedupe"."windowStart" <= now() - interval '1 hour' RETURNING "linkId"`,
  );
  const INSERT_CLICK = q(
    "click",
    `INSERT INTO "ClickEvent" ("id", "linkId", "trackId", "visitorHash", "userAgent", "landingPath", "isBot", "counted", "createdAt")
     VALUES ($1, $2, $3, $4, $5, $6, false, $7, now())`,
  );
  const LINK = q(
    "link",
    `UPDATE "AffiliateLink" SET "clickCount" = "clickCount" + 1 WHERE "id" = $1`,
  );
  const TRACK = q("track", `UPDATE "Track" SET "clickCount" = "clickCount" + 1 WHERE "id" = $1`);
  const PROMOTER = q(
    "promoter",
    `UPDATE "PromoterProfile" SET "clickCount" = "clickCount" + 1 WHERE "id" = $1`,
  );

  const click = async (url: URL, ua: string, ip: string): Promise<boolean> => {
    const code = url.searchParams.get("ref") ?? "";
    const { rows } = await pool.query({ ...LOOKUP, values: [code] });
    const link = rows[0] as
      { id: string; promoterId: string; trackId: string; disabled: boolean } | undefined;
    if (!link || link.disabled) return false;
    const hash = createHash("sha256").update(`${ip}|${ua}|${salt}`).digest("hex");
    const c = await pool.connect();
    try {
      await c.query("BEGIN");
      const counted = (await c.query({ ...DEDUPE, values: [link.id, hash] })).rowCount === 1;
      await c.query({
        ...INSERT_CLICK,
        values: [randomUUID(), link.id, link.trackId, hash, ua, url.pathname + url.search, counted],
      });
      if (counted) {
        await c.query({ ...LINK, values: [link.id] });
        await c.query({ ...TRACK, values: [link.trackId] });
        await c.query({ ...PROMOTER, values: [link.promoterId] });
      }
      await c.query("COMMIT");
      return counted;
    } catch (e) {
      await c.query("ROLLBACK").catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  };

  createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const ip = String(req.headers["x-forwarded-for"] ?? req.socket.remoteAddress ?? "")
      .split(",")
      .at(-1)!
      .trim();
    click(url, String(req.headers["user-agent"] ?? ""), ip)
      .then((counted) =>
        res
          .writeHead(200, { "content-type": "text/plain", "x-counted": String(counted) })
          .end("ok\n"),
      )
      .catch((e: unknown) => res.writeHead(500).end(String(e)));
  }).listen(port, "127.0.0.1", () => console.log(`pg-click on ${port}`));
} else {
  console.error("usage: tsx baselines.ts hello <port> | pg-click <port> <databaseUrl>");
  process.exit(2);
}
