import { createHash, randomBytes } from "node:crypto";

import { isbot } from "isbot";

import type { PrismaClient } from "@fanfare/db";
import { localSecret } from "@fanfare/db";
import type { UtmParam } from "@fanfare/validators";
import {
  captureNetworkClickId,
  captureSourceFromQuery,
  captureUtmValue,
} from "@fanfare/validators";

import { apiEnv } from "../env";
import { ipCapHash } from "./ip-network";
import { programSettings } from "../settings/program-settings";

/** Link-preview fetchers that `isbot` may miss; they fetch a URL when it is pasted somewhere. */
const PREVIEW_FETCHERS =
  /(slackbot|slack-imgproxy|twitterbot|facebookexternalhit|linkedinbot|discordbot|telegrambot|whatsapp|skypeuripreview|embedly|iframely|pinterestbot|redditbot|applebot|google-inspectiontool|vkshare|bitlybot|mastodon)/i;

/** Whether a request comes from a bot or a link-preview fetcher (never counted as a click). */
export function isBotUserAgent(userAgent: string | null | undefined): boolean {
  if (!userAgent || userAgent.trim() === "") return true;
  return isbot(userAgent) || PREVIEW_FETCHERS.test(userAgent);
}

/**
 * visitor hash = SHA-256 hex of `ip | user agent | secret salt`. The raw IP is never stored; the
 * salt (CLICK_HASH_SALT, or a generated local secret) stops anyone with the table from
 * reversing hashes by enumerating IPs.
 */
export function visitorHash(
  ip: string,
  userAgent: string,
  salt = apiEnv().CLICK_HASH_SALT ?? localSecret("CLICK_HASH_SALT"),
): string {
  return createHash("sha256").update(`${ip}|${userAgent}|${salt}`).digest("hex");
}

/**
 * The client IP: with no trusted proxy, the socket's peer address; with `trustedProxyHops`
 * proxies in front, the address that many hops back in `X-Forwarded-For` (each trusted proxy
 * appends the address it received from). Entries a client wrote itself sit further left and are
 * never used.
 */
export function clientIp(input: {
  peerIp: string | null;
  forwardedFor: string | null;
  trustedProxyHops: number;
}): string {
  const peer = input.peerIp ?? "unknown";
  if (input.trustedProxyHops <= 0 || !input.forwardedFor) return peer;
  const chain = [
    ...input.forwardedFor
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    peer,
  ];
  // chain[-1] is the peer (the nearest proxy); hop n back is the address it saw.
  return chain[Math.max(0, chain.length - 1 - input.trustedProxyHops)] ?? peer;
}

/**
 * The client IP of a request as the app's server sees it: `x-fanfare-peer-ip` (the TCP peer,
 * stamped by apps/web/server.mjs over anything a client sent) and `X-Forwarded-For` through
 * `clientIp` with TRUSTED_PROXY_HOPS. The one place headers become an IP (clicks, sightings,
 * rate limits).
 * @returns the IP, or "unknown" when no peer address was stamped.
 */
export function requestClientIp(headers: Headers): string {
  return clientIp({
    peerIp: headers.get("x-fanfare-peer-ip") || null,
    forwardedFor: headers.get("x-forwarded-for"),
    trustedProxyHops: apiEnv().TRUSTED_PROXY_HOPS,
  });
}

export type RecordClickInput = {
  /** The product the link is for, by its page: `/t/<slug>` (default) or `/r/<slug>` (issue 16). */
  productKind?: "track" | "release";
  slug: string;
  code: string;
  method: string;
  ip: string;
  userAgent: string | null;
  referer: string | null;
  /** Path and query of the landing URL, e.g. "/t/my-track?ref=abc&utm_source=x". */
  landingPath: string;
  sessionId: string | null;
  now?: Date;
};

export type RecordClickResult =
  | {
      recorded: false;
      reason:
        | "head_request"
        | "unknown_code"
        | "link_disabled"
        | "promoter_inactive"
        | "track_mismatch"
        | "track_unavailable";
    }
  | {
      recorded: true;
      clickId: string;
      /** The link's track or release id (the attribution cookie is `ff_ref_<productId>`). */
      productId: string;
      counted: boolean;
      reason: "counted" | "bot" | "duplicate" | "ip_capped";
    };

/** The per-IP click cap counts in fixed windows of one hour (the program setting clickIpCapPerHour). */
const IP_WINDOW_SECONDS = 3600;

/**
 * A click's UTM value and source tag from the landing URL (`captureUtmValue`,
 * `captureSourceFromQuery`: bounded, and a bad value dropped, so one odd parameter never costs
 * the click). A partner network's `click_id` is kept as `ClickEvent.networkClickId`
 * (`captureNetworkClickId`, issue 15 §3) and its `sub_id` stands in for a missing `src`.
 */
const utm = (u: URL, name: UtmParam) => captureUtmValue(u.searchParams.get(name));

/**
 * A new click id: "c" + 24 lowercase base-36 characters (the shape of the cuids Prisma generates
 * elsewhere): 9 of the clock in milliseconds, 15 random (about 77 bits), made in Node so the
 * click statement needs no second round trip to learn it.
 */
function newClickId(): string {
  const time = Date.now().toString(36).padStart(9, "0");
  const rand = BigInt(`0x${randomBytes(12).toString("hex")}`)
    .toString(36)
    .padStart(19, "0")
    .slice(-15);
  return `c${time}${rand}`;
}

/** The UTC calendar day of an instant, "YYYY-MM-DD" (the day a counted click is rolled up on). */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

type ClickRow = {
  disabled: boolean;
  slugMatches: boolean;
  available: boolean;
  /** The link's promoter is ACTIVE (not pending, suspended or terminated). */
  promoterActive: boolean;
  linkId: string;
  productId: string;
  /** A dedupe window was opened for this visitor (no open one existed). */
  fresh: boolean;
  /** Attempts in the IP's current window including this one (null when no window opened). */
  ipCount: number | null;
  /** The click was stored (false when the link, track or slug refused it). */
  stored: boolean;
  counted: boolean | null;
};

/**
 * Records one visit of `/t/<slug>?ref=<code>` (called server-side before the page renders).
 *
 * Rules: HEAD requests are ignored; an unknown or disabled code, a code of a promoter who is not
 * ACTIVE (suspended, terminated, awaiting approval: issue 11 §2), or a code for another or a
 * deleted/unpublished track (or one whose affiliate program is off), records nothing (the page
 * still shows the track, and no attribution cookie is set). Bots and link-preview fetchers are stored with `isBot` but never
 * counted. A click counts when the same visitor hash has no counted click on this link within the
 * dedupe window (default 1 hour, CLICK_DEDUPE_WINDOW_SECONDS), decided by one atomic upsert so
 * concurrent identical requests count once, AND the click's IP has fewer than
 * the clickIpCapPerHour program setting (default 5; CLICK_IP_CAP_PER_HOUR) counted clicks on this link in its current one-hour window,
 * whatever the user agents (one IP cannot mint a counted click per user agent). The IP is keyed
 * by `ipCapHash` (an IPv6 address by its /64, an IPv4-mapped address as IPv4, salted, never
 * stored raw).
 *
 * How: HEAD and bot checks in Node, then ONE autocommit SQL statement (no transaction round
 * trips) whose CTEs look the link and track up by code, upsert `ClickDedupe(linkId, visitorHash)`
 * (`ON CONFLICT DO UPDATE … WHERE windowStart <= now − window`: returns a row only when no window
 * is open; its row lock serialises concurrent identical clicks; a repeat that already sees an open
 * window in the statement's snapshot skips the upsert, so repeats of one visitor take no row lock), upsert `ClickIpWindow(linkId,
 * ipHash)` only for a row the dedupe returned (a repeat never consumes IP budget; the window
 * restarts after an hour; its row lock serialises concurrent clicks from one IP, so they never
 * exceed the cap), insert the `ClickEvent` (counted = a fresh dedupe window and an IP count ≤ the
 * cap), and for a counted click one `ClickRollupPending` row (its UTC day). Nothing in the click
 * path updates a shared counter row: link, track and promoter `clickCount` and the daily
 * `clicks` are added by `rollupClicks` (the `clicks.rollup` job, every 2 seconds), so they lag
 * by seconds; the `ClickEvent` rows and this function's result are immediate.
 *
 * A capped click is stored with `counted: false` and reason "ip_capped", and leaves no dedupe
 * window (that visitor counts later, once the IP has budget again): a second statement deletes
 * the window the click statement opened (data-modifying CTEs of one statement cannot see each
 * other's rows, so it cannot be undone inside the first). Between the two statements (a
 * millisecond) that window is visible: a concurrent repeat of the same visitor on the same link
 * in that instant is reported "duplicate" instead of "ip_capped"; neither counts, so counters
 * and the cap are exact. Like a duplicate, a capped click still carries attribution (the proxy
 * sets the cookie for every recorded non-bot click): a real buyer behind a busy office NAT is
 * still attributed; only the click counters are protected.
 *
 * Nothing is cached: a disabled link or unpublished track stops recording at the next click.
 *
 * Durability: on a PostgreSQL server the click statement commits with
 * `synchronous_commit = off` (set for its own transaction only), so it does not wait for the WAL
 * flush, which bounds clicks per second on a
 * slow disk (~2 ms per flush here: ~350 counted clicks/s with the wait, ~950/s without, measured
 * with 10 concurrent callers on PostgreSQL 15). The cost, taken on purpose: if PostgreSQL itself
 * crashes, the last fraction of a second of clicks (the click, its dedupe window and its pending
 * rollup row, together: never a partial click) may be lost, and a sale whose cookie names such a
 * click is written unattributed. No money write is asynchronous. The embedded database (PGlite)
 * commits clicks synchronously: it has no WAL writer process to flush an asynchronous commit, so
 * clicks with nothing committed after them would be lost when the process exits.
 * @returns `recorded: false` with the reason nothing was stored, or the stored click's id, its
 *   track, whether it counted and why (counted | bot | duplicate | ip_capped).
 */
export async function recordClick(
  input: RecordClickInput,
  db: PrismaClient,
): Promise<RecordClickResult> {
  if (input.method.toUpperCase() === "HEAD") return { recorded: false, reason: "head_request" };

  const now = input.now ?? new Date();
  const ua = input.userAgent ?? "";
  const bot = isBotUserAgent(ua);
  const hash = visitorHash(input.ip, ua);
  const ipHash = ipCapHash(input.ip);
  const url = new URL(input.landingPath, "http://x");
  const { clickIpCapPerHour: ipCap, clickDedupeWindowSeconds } = await programSettings(db);
  const clickId = newClickId();
  const kind = input.productKind ?? "track";
  // Timestamps go in as ISO strings cast to timestamp(3): the columns hold UTC wall time.
  const at = now.toISOString();
  const dedupeOpenSince = new Date(now.getTime() - clickDedupeWindowSeconds * 1000);
  const ipWindowOpenSince = new Date(now.getTime() - IP_WINDOW_SECONDS * 1000);

  const [row] = await db.$queryRaw<ClickRow[]>`
    WITH async_commit AS (
      -- This statement is its own transaction: on PostgreSQL its commit does not wait for the WAL
      -- flush (a database crash may lose the last ~0.6 s of clicks; never money).
      -- PGlite (its version names emscripten) has no WAL writer: there it stays synchronous.
      SELECT set_config('synchronous_commit',
        CASE WHEN version() LIKE '%emscripten%' THEN 'on' ELSE 'off' END, true) AS "setting"
    ), link AS (
      -- A link is for a track or a release (issue 16 §1): the one its page names must match.
      SELECT l."id", l."promoterId", l."disabled", l."trackId", l."releaseId",
        COALESCE(t."id", r."id") AS "productId",
        CASE WHEN l."trackId" IS NOT NULL
          THEN t."slug" = ${input.slug}::text AND ${kind}::text = 'track'
          ELSE r."slug" = ${input.slug}::text AND ${kind}::text = 'release' END AS "slugMatches",
        CASE WHEN l."trackId" IS NOT NULL
          THEN t."published" AND t."deletedAt" IS NULL AND t."affiliateEnabled"
          ELSE r."published" AND r."deletedAt" IS NULL AND r."affiliateEnabled" END AS "available",
        p."status" = 'ACTIVE' AS "promoterActive"
      FROM "AffiliateLink" l LEFT JOIN "Track" t ON t."id" = l."trackId"
      LEFT JOIN "Release" r ON r."id" = l."releaseId"
      JOIN "PromoterProfile" p ON p."id" = l."promoterId"
      WHERE l."code" = ${input.code}::text
    ), valid AS (
      SELECT * FROM link WHERE NOT "disabled" AND "slugMatches" AND "available" AND "promoterActive"
    ), dedupe AS (
      INSERT INTO "ClickDedupe" ("linkId", "visitorHash", "windowStart")
      SELECT v."id", ${hash}::text, ${at}::timestamp(3) FROM valid v
      WHERE NOT ${bot}::boolean AND NOT EXISTS (
        SELECT 1 FROM "ClickDedupe" d
        WHERE d."linkId" = v."id" AND d."visitorHash" = ${hash}::text AND d."windowStart" > ${dedupeOpenSince.toISOString()}::timestamp(3)
      )
      ON CONFLICT ("linkId", "visitorHash") DO UPDATE SET "windowStart" = EXCLUDED."windowStart"
      WHERE "ClickDedupe"."windowStart" <= ${dedupeOpenSince.toISOString()}::timestamp(3)
      RETURNING "linkId"
    ), ip AS (
      INSERT INTO "ClickIpWindow" ("linkId", "ipHash", "windowStart", "count")
      SELECT "linkId", ${ipHash}::text, ${at}::timestamp(3), 1 FROM dedupe
      ON CONFLICT ("linkId", "ipHash") DO UPDATE SET
        "windowStart" = CASE WHEN "ClickIpWindow"."windowStart" <= ${ipWindowOpenSince.toISOString()}::timestamp(3) THEN EXCLUDED."windowStart" ELSE "ClickIpWindow"."windowStart" END,
        "count" = CASE WHEN "ClickIpWindow"."windowStart" <= ${ipWindowOpenSince.toISOString()}::timestamp(3) THEN 1 ELSE "ClickIpWindow"."count" + 1 END
      RETURNING "count"
    ), outcome AS (
      SELECT EXISTS (SELECT 1 FROM dedupe) AS "fresh", (SELECT "count" FROM ip) AS "ipCount"
    ), click AS (
      INSERT INTO "ClickEvent" ("id", "linkId", "trackId", "releaseId", "visitorHash", "sessionId", "userAgent", "referer", "landingPath",
        "utmSource", "utmMedium", "utmCampaign", "utmTerm", "utmContent", "sourceTag", "networkClickId", "isBot", "counted", "createdAt")
      SELECT ${clickId}::text, v."id", v."trackId", v."releaseId", ${hash}::text, ${input.sessionId}::text, ${ua.slice(0, 512) || null}::text,
        ${input.referer?.slice(0, 1024) ?? null}::text, ${input.landingPath.slice(0, 2048)}::text,
        ${utm(url, "utm_source")}::text, ${utm(url, "utm_medium")}::text, ${utm(url, "utm_campaign")}::text,
        ${utm(url, "utm_term")}::text, ${utm(url, "utm_content")}::text, ${captureSourceFromQuery(url.searchParams)}::text,
        ${captureNetworkClickId(url.searchParams.get("click_id"))}::text, ${bot}::boolean, COALESCE(o."fresh" AND o."ipCount" <= ${ipCap}::int, false), ${at}::timestamp(3)
      FROM valid v, outcome o
      RETURNING "counted"
    ), pending AS (
      INSERT INTO "ClickRollupPending" ("linkId", "trackId", "releaseId", "promoterId", "day")
      SELECT v."id", v."trackId", v."releaseId", v."promoterId", ${utcDay(now)}::date FROM valid v, click c WHERE c."counted"
    )
    SELECT l."disabled", l."slugMatches", l."available", l."promoterActive", l."id" AS "linkId", l."productId",
      o."fresh", o."ipCount", EXISTS (SELECT 1 FROM click) AS "stored", (SELECT "counted" FROM click) AS "counted"
    FROM link l, outcome o, async_commit`;

  if (!row) return { recorded: false, reason: "unknown_code" };
  if (row.disabled) return { recorded: false, reason: "link_disabled" };
  if (!row.promoterActive) return { recorded: false, reason: "promoter_inactive" };
  if (!row.slugMatches) return { recorded: false, reason: "track_mismatch" };
  if (!row.available || !row.stored) return { recorded: false, reason: "track_unavailable" };

  const ipCapped = !bot && row.fresh && !row.counted;
  if (ipCapped) {
    // Undo the dedupe window this click opened (only that one: same start), as if it had expired.
    await db.$executeRaw`
      DELETE FROM "ClickDedupe"
      WHERE "linkId" = ${row.linkId} AND "visitorHash" = ${hash} AND "windowStart" = ${at}::timestamp(3)`;
  }
  const counted = row.counted === true;
  return {
    recorded: true,
    clickId,
    productId: row.productId,
    counted,
    reason: bot ? "bot" : counted ? "counted" : ipCapped ? "ip_capped" : "duplicate",
  };
}

/**
 * Deletes the click windows that no longer decide anything: `ClickIpWindow` rows whose hour is
 * over and `ClickDedupe` rows older than CLICK_DEDUPE_WINDOW_SECONDS (an absent row and an
 * expired one count the next click the same way, so this changes no outcome). Idempotent; meant
 * for a scheduled job, since both tables otherwise grow by one row per visitor and IP per link.
 * @returns the number of rows deleted from each table.
 */
export async function pruneExpiredClickWindows(
  input: { now?: Date },
  db: PrismaClient,
): Promise<{ ipWindows: number; dedupeWindows: number }> {
  const now = input.now ?? new Date();
  const ipWindows = await db.clickIpWindow.deleteMany({
    where: { windowStart: { lte: new Date(now.getTime() - IP_WINDOW_SECONDS * 1000) } },
  });
  const { clickDedupeWindowSeconds } = await programSettings(db);
  const dedupeWindows = await db.clickDedupe.deleteMany({
    where: { windowStart: { lte: new Date(now.getTime() - clickDedupeWindowSeconds * 1000) } },
  });
  return { ipWindows: ipWindows.count, dedupeWindows: dedupeWindows.count };
}

/** Name of the first-party cookie that carries attribution for one track or release (its id). */
export const attributionCookieName = (productId: string) => `ff_ref_${productId}`;
/** Max-Age of the attribution cookie in seconds: the attribution window (program settings). */
export const attributionCookieMaxAge = async (db: PrismaClient) =>
  (await programSettings(db)).attributionWindowDays * 86_400;

/** Reads a cookie from a Cookie header. */
export function readCookie(cookieHeader: string | null, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k !== name) continue;
    const raw = v.join("=");
    try {
      return decodeURIComponent(raw);
    } catch {
      // Malformed percent-encoding: a value we never set, so it is ignored.
      return null;
    }
  }
  return null;
}
