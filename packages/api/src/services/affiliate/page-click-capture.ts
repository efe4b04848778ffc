import { randomBytes } from "node:crypto";

import type { PrismaClient } from "@fanfare/db";
import type { UtmParam } from "@fanfare/validators";
import { captureSourceFromQuery, captureUtmValue } from "@fanfare/validators";

import type { CaptureCookie } from "./click-capture";
import { attributionCookieMaxAge, isBotUserAgent, requestClientIp, visitorHash } from "./clicks";
import { ipCapHash } from "./ip-network";
import { BROWSER_SESSION_COOKIE, readBrowserSessionId } from "./sightings";
import { programSettings } from "../settings/program-settings";

/**
 * Page links (issue 14 §1): a promoter's promoter-level code (`PromoterProfile.code`) on a public
 * page other than a track page. Two scopes, each with its own cookie and reach at checkout
 * (`resolveAttribution`):
 * - `artist`: `/a/<slug>?ref=<code>`: that artist's tracks, inside the attribution window;
 * - `discover`: `/` (discover, a genre, a search `/?q=`) or `/discover/…` with `?ref=<code>`:
 *   any track, but only in the same browser session (`ff_sid`).
 */
export type PageLinkScope = "artist" | "discover";

/** `/a/<slug>` (the artist page; not its sub-pages such as /press). */
const ARTIST_PATH = /^\/a\/([^/?#]+)\/?$/;
/** `/` (discover, genres, search) and the discover listing's own addresses. */
const DISCOVER_PATH = /^\/(?:discover(?:\/[^?#]*)?)?$/;

/** The page link a path is, or null: the scope and, for an artist page, its slug (still encoded). */
export function pageLinkTarget(
  pathname: string,
): { scope: "artist"; slug: string } | { scope: "discover" } | null {
  const artist = ARTIST_PATH.exec(pathname);
  if (artist) return { scope: "artist", slug: artist[1]! };
  if (DISCOVER_PATH.test(pathname)) return { scope: "discover" };
  return null;
}

/**
 * Whether a request is a page-link visit whose click should be captured: a GET of `/a/<slug>`,
 * `/` or `/discover/…` with a non-empty `ref`. Anything else goes to the page untouched.
 */
export function isPageLinkVisit(method: string, url: URL): boolean {
  return method === "GET" && !!url.searchParams.get("ref") && pageLinkTarget(url.pathname) !== null;
}

/** Name of the artist-page attribution cookie for one artist: `ff_pa_<artistId>`. */
export const artistPageCookieName = (artistId: string) => `ff_pa_${artistId}`;
/** Name of the discover attribution cookie (a session cookie: no Max-Age). */
export const DISCOVER_PAGE_COOKIE = "ff_pd";

/**
 * The dedupe and IP-cap key of a page link in `ClickDedupe` / `ClickIpWindow` (their `linkId`
 * has no foreign key): `page:<promoterId>:<scope>:<artistId|all>`, so a page link is deduped and
 * capped per (promoter, scope, artist) exactly as a track link is per link.
 */
export const pageLinkKey = (promoterId: string, scope: PageLinkScope, artistId: string | null) =>
  `page:${promoterId}:${scope}:${artistId ?? "all"}`;

export type RecordPageClickInput = {
  scope: PageLinkScope;
  /** The artist page's slug (scope artist); ignored for discover. */
  artistSlug?: string | null;
  /** The `ref` value: a promoter-level code. A track-link code matches no promoter: nothing recorded. */
  code: string;
  method: string;
  ip: string;
  userAgent: string | null;
  referer: string | null;
  /** Path and query of the landing URL, e.g. "/a/nova?ref=abc&src=newsletter". */
  landingPath: string;
  sessionId: string | null;
  now?: Date;
};

export type RecordPageClickResult =
  | { recorded: false; reason: "head_request" | "unknown_code" | "promoter_inactive" | "no_artist" }
  | {
      recorded: true;
      pageClickId: string;
      promoterId: string;
      artistId: string | null;
      counted: boolean;
      reason: "counted" | "bot" | "duplicate" | "ip_capped";
    };

type PageClickRow = {
  promoterId: string;
  promoterActive: boolean;
  artistId: string | null;
  fresh: boolean;
  stored: boolean;
  counted: boolean | null;
  dedupeKey: string | null;
};

/** The per-IP cap's fixed window, as for track links (`recordClick`). */
const IP_WINDOW_SECONDS = 3600;
const utm = (u: URL, name: UtmParam) => captureUtmValue(u.searchParams.get(name));

/**
 * Records one visit of a page link (`PageClick`), with the rules of a track link's click
 * (`recordClick` in clicks.ts, whose docstring states them in full): HEAD ignored; a code that is
 * no promoter's, a promoter who is not ACTIVE, or an artist slug that does not exist records
 * nothing; bots and link-preview fetchers stored with `isBot`, never counted; a click counts when
 * the visitor hash has no open dedupe window on this page link (the program's
 * `clickDedupeWindowSeconds`) and the IP has not reached `clickIpCapPerHour` counted clicks on it
 * in the current hour. Dedupe and cap use `ClickDedupe` / `ClickIpWindow` keyed by `pageLinkKey`.
 *
 * How: one SQL statement (promoter and artist look-ups, the dedupe and IP upserts, the insert),
 * plus a second only for a capped click (it removes the dedupe window the click opened, as
 * `recordClick` does). Page clicks feed no rolled-up counter: "Performance by source" reads them
 * directly (`promoterSourceReport`).
 * @returns `recorded: false` and why, or the page click's id, its promoter, the artist (scope
 *   artist) and whether it counted.
 */
export async function recordPageClick(
  input: RecordPageClickInput,
  db: PrismaClient,
): Promise<RecordPageClickResult> {
  if (input.method.toUpperCase() === "HEAD") return { recorded: false, reason: "head_request" };
  const now = input.now ?? new Date();
  const ua = input.userAgent ?? "";
  const bot = isBotUserAgent(ua);
  const hash = visitorHash(input.ip, ua);
  const ipHash = ipCapHash(input.ip);
  const url = new URL(input.landingPath, "http://x");
  const { clickIpCapPerHour: ipCap, clickDedupeWindowSeconds } = await programSettings(db);
  const id = `p${randomBytes(12).toString("hex")}`;
  const at = now.toISOString();
  const dedupeOpenSince = new Date(now.getTime() - clickDedupeWindowSeconds * 1000).toISOString();
  const ipWindowOpenSince = new Date(now.getTime() - IP_WINDOW_SECONDS * 1000).toISOString();
  const isArtist = input.scope === "artist";
  const slug = isArtist ? (input.artistSlug ?? "") : null;

  const [row] = await db.$queryRaw<PageClickRow[]>`
    WITH target AS (
      SELECT p."id" AS "promoterId", p."status" = 'ACTIVE' AS "promoterActive",
        a."id" AS "artistId",
        (NOT ${isArtist}::boolean OR a."id" IS NOT NULL) AS "targetOk"
      FROM "PromoterProfile" p
      LEFT JOIN "ArtistProfile" a ON ${isArtist}::boolean AND a."slug" = ${slug}::text
      WHERE p."code" = ${input.code}::text
    ), valid AS (
      SELECT *, 'page:' || "promoterId" || ':' || ${input.scope}::text || ':' || COALESCE("artistId", 'all') AS "key"
      FROM target WHERE "promoterActive" AND "targetOk"
    ), dedupe AS (
      INSERT INTO "ClickDedupe" ("linkId", "visitorHash", "windowStart")
      SELECT v."key", ${hash}::text, ${at}::timestamp(3) FROM valid v
      WHERE NOT ${bot}::boolean AND NOT EXISTS (
        SELECT 1 FROM "ClickDedupe" d
        WHERE d."linkId" = v."key" AND d."visitorHash" = ${hash}::text AND d."windowStart" > ${dedupeOpenSince}::timestamp(3)
      )
      ON CONFLICT ("linkId", "visitorHash") DO UPDATE SET "windowStart" = EXCLUDED."windowStart"
      WHERE "ClickDedupe"."windowStart" <= ${dedupeOpenSince}::timestamp(3)
      RETURNING "linkId"
    ), ip AS (
      INSERT INTO "ClickIpWindow" ("linkId", "ipHash", "windowStart", "count")
      SELECT "linkId", ${ipHash}::text, ${at}::timestamp(3), 1 FROM dedupe
      ON CONFLICT ("linkId", "ipHash") DO UPDATE SET
        "windowStart" = CASE WHEN "ClickIpWindow"."windowStart" <= ${ipWindowOpenSince}::timestamp(3) THEN EXCLUDED."windowStart" ELSE "ClickIpWindow"."windowStart" END,
        "count" = CASE WHEN "ClickIpWindow"."windowStart" <= ${ipWindowOpenSince}::timestamp(3) THEN 1 ELSE "ClickIpWindow"."count" + 1 END
      RETURNING "count"
    ), outcome AS (
      SELECT EXISTS (SELECT 1 FROM dedupe) AS "fresh", (SELECT "count" FROM ip) AS "ipCount"
    ), click AS (
      INSERT INTO "PageClick" ("id", "promoterId", "scope", "artistId", "visitorHash", "sessionId", "userAgent", "referer",
        "landingPath", "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "sourceTag", "isBot", "counted", "createdAt")
      SELECT ${id}::text, v."promoterId", ${input.scope}::text, v."artistId", ${hash}::text, ${input.sessionId}::text,
        ${ua.slice(0, 512) || null}::text, ${input.referer?.slice(0, 1024) ?? null}::text, ${input.landingPath.slice(0, 2048)}::text,
        ${utm(url, "utm_source")}::text, ${utm(url, "utm_medium")}::text, ${utm(url, "utm_campaign")}::text,
        ${utm(url, "utm_term")}::text, ${utm(url, "utm_content")}::text, ${captureSourceFromQuery(url.searchParams)}::text,
        ${bot}::boolean, COALESCE(o."fresh" AND o."ipCount" <= ${ipCap}::int, false), ${at}::timestamp(3)
      FROM valid v, outcome o
      RETURNING "counted"
    )
    SELECT t."promoterId", t."promoterActive", t."artistId", o."fresh",
      EXISTS (SELECT 1 FROM click) AS "stored", (SELECT "counted" FROM click) AS "counted",
      (SELECT "key" FROM valid) AS "dedupeKey"
    FROM target t, outcome o`;

  if (!row) return { recorded: false, reason: "unknown_code" };
  if (!row.promoterActive) return { recorded: false, reason: "promoter_inactive" };
  if (!row.stored) return { recorded: false, reason: "no_artist" };
  const ipCapped = !bot && row.fresh && !row.counted;
  if (ipCapped && row.dedupeKey) {
    // Undo the dedupe window this click opened (only that one: same start), as recordClick does.
    await db.$executeRaw`
      DELETE FROM "ClickDedupe"
      WHERE "linkId" = ${row.dedupeKey} AND "visitorHash" = ${hash} AND "windowStart" = ${at}::timestamp(3)`;
  }
  const counted = row.counted === true;
  return {
    recorded: true,
    pageClickId: id,
    promoterId: row.promoterId,
    artistId: row.artistId,
    counted,
    reason: bot ? "bot" : counted ? "counted" : ipCapped ? "ip_capped" : "duplicate",
  };
}

/**
 * Captures a page-link click before the (cached) page is sent, like `captureAffiliateClick` does
 * for track links (and called by it for these paths, so `apps/web/server.mjs` and
 * `apps/web/src/proxy.ts` run it unchanged). Cookies: `ff_sid` when the visitor has none; for a
 * recorded non-bot click, scope artist `ff_pa_<artistId>=<pageClickId>` for the attribution
 * window (`attributionWindowDays`, seconds), scope discover `ff_pd=<pageClickId>` as a session
 * cookie (no Max-Age: it ends with the browser session, and checkout also requires the click's
 * `ff_sid` to be the buyer's).
 *
 * Never throws: a failure is logged and the page is served without attribution.
 * @returns the cookies to set (empty when nothing applies).
 */
export async function capturePageLinkClick(
  input: { method: string; url: URL; headers: Headers },
  getDb: () => Promise<PrismaClient>,
): Promise<{ cookies: CaptureCookie[] }> {
  const { url, headers } = input;
  const code = url.searchParams.get("ref");
  const target = pageLinkTarget(url.pathname);
  if (!code || input.method !== "GET" || !target) return { cookies: [] };
  const cookies: CaptureCookie[] = [];
  try {
    let artistSlug: string | null = null;
    if (target.scope === "artist") {
      try {
        artistSlug = decodeURIComponent(target.slug);
      } catch {
        return { cookies: [] }; // malformed path: the page answers 404, nothing to record
      }
    }
    let sessionId = readBrowserSessionId(headers.get("cookie"));
    if (!sessionId) {
      sessionId = randomBytes(12).toString("base64url");
      cookies.push({ name: BROWSER_SESSION_COOKIE, value: sessionId });
    }
    const db = await getDb();
    const result = await recordPageClick(
      {
        scope: target.scope,
        artistSlug,
        code: code.slice(0, 32),
        method: input.method,
        ip: requestClientIp(headers),
        userAgent: headers.get("user-agent"),
        referer: headers.get("referer"),
        landingPath: `${url.pathname}${url.search}`,
        sessionId,
      },
      db,
    );
    if (result.recorded && result.reason !== "bot") {
      if (result.artistId)
        cookies.push({
          name: artistPageCookieName(result.artistId),
          value: result.pageClickId,
          maxAgeSeconds: await attributionCookieMaxAge(db),
        });
      else cookies.push({ name: DISCOVER_PAGE_COOKIE, value: result.pageClickId });
    }
  } catch (e) {
    console.error(`Page click capture failed for ${url.pathname}?ref=${code}:`, e);
  }
  return { cookies };
}
