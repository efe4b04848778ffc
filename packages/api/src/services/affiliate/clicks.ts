import { createHash } from "node:crypto";

import { isbot } from "isbot";

import type { PrismaClient } from "@fanfare/db";
import { localSecret } from "@fanfare/db";

import { apiEnv } from "../env";
import { getSettings } from "../settings/settings";
import { ipCapHash } from "./ip-network";

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
        "head_request" | "unknown_code" | "link_disabled" | "track_mismatch" | "track_unavailable";
    }
  | {
      recorded: true;
      clickId: string;
      trackId: string;
      counted: boolean;
      reason: "counted" | "bot" | "duplicate" | "ip_capped";
    };

/** The per-IP click cap counts in fixed windows of one hour (CLICK_IP_CAP_PER_HOUR per window). */
const IP_WINDOW_SECONDS = 3600;

const param = (u: URL, name: string) => u.searchParams.get(name)?.slice(0, 200) || null;

/**
 * Records one visit of `/t/<slug>?ref=<code>` (called server-side before the page renders).
 *
 * Rules: HEAD requests are ignored; an unknown or disabled code, or a code for another or a
 * deleted/unpublished track, records nothing (the page still shows the track). Bots and
 * link-preview fetchers are stored with `isBot` but never counted. A click counts when the same
 * visitor hash has no counted click on this link within the dedupe window (default 1 hour,
 * CLICK_DEDUPE_WINDOW_SECONDS), decided by one atomic upsert so concurrent identical requests
 * count once, AND the click's IP has fewer than CLICK_IP_CAP_PER_HOUR (default 5) counted clicks
 * on this link in its current one-hour window, whatever the user agents (one IP cannot mint a
 * counted click per user agent). The IP is keyed by `ipCapHash` (an IPv6 address by its /64, an
 * IPv4-mapped address as IPv4, salted, never stored raw).
 *
 * Order: HEAD and bot checks, then the visitor dedupe (a repeat never consumes IP budget), then
 * the IP cap, one atomic `INSERT … ON CONFLICT DO UPDATE … RETURNING "count"` on
 * `ClickIpWindow(linkId, ipHash)` that restarts a window older than an hour; its row lock
 * serialises concurrent clicks from one IP, so they never exceed the cap. A capped click is
 * stored with `counted: false` and reason "ip_capped", and leaves no dedupe window (that visitor
 * counts later, once the IP has budget again). Like a duplicate, it still carries attribution
 * (the proxy sets the cookie for every recorded non-bot click): a real buyer behind a busy
 * office NAT is still attributed; only the click counters are protected. Counted clicks
 * increment link, track and promoter totals in the same transaction.
 */
export async function recordClick(
  input: RecordClickInput,
  db: PrismaClient,
): Promise<RecordClickResult> {
  if (input.method.toUpperCase() === "HEAD") return { recorded: false, reason: "head_request" };
  const link = await db.affiliateLink.findUnique({
    where: { code: input.code },
    include: {
      track: {
        select: { id: true, slug: true, published: true, deletedAt: true, affiliateEnabled: true },
      },
    },
  });
  if (!link) return { recorded: false, reason: "unknown_code" };
  if (link.disabled) return { recorded: false, reason: "link_disabled" };
  if (link.track.slug !== input.slug) return { recorded: false, reason: "track_mismatch" };
  if (!link.track.published || link.track.deletedAt || !link.track.affiliateEnabled)
    return { recorded: false, reason: "track_unavailable" };

  const now = input.now ?? new Date();
  const env = apiEnv();
  const ua = input.userAgent ?? "";
  const bot = isBotUserAgent(ua);
  const hash = visitorHash(input.ip, ua);
  const url = new URL(input.landingPath, "http://x");
  const ipCap = (await getSettings()).CLICK_IP_CAP_PER_HOUR;

  return db.$transaction(async (tx) => {
    let counted = false;
    let ipCapped = false;
    if (!bot) {
      const windowStart = new Date(now.getTime() - env.CLICK_DEDUPE_WINDOW_SECONDS * 1000);
      // Inserts the window, or restarts an expired one; returns no row while a window is open.
      // The row lock taken by ON CONFLICT serialises concurrent identical clicks.
      const rows = await tx.$queryRaw<{ linkId: string }[]>`
        INSERT INTO "ClickDedupe" ("linkId", "visitorHash", "windowStart")
        VALUES (${link.id}, ${hash}, ${now})
        ON CONFLICT ("linkId", "visitorHash") DO UPDATE SET "windowStart" = EXCLUDED."windowStart"
        WHERE "ClickDedupe"."windowStart" <= ${windowStart}
        RETURNING "linkId"`;
      counted = rows.length === 1;
    }
    if (counted) {
      const ipHash = ipCapHash(input.ip);
      const ipWindowExpired = new Date(now.getTime() - IP_WINDOW_SECONDS * 1000);
      // Counts this visitor's click against its IP's budget, restarting a window older than an
      // hour. Capped clicks still increment, so "count" is the attempts in the window.
      const [ipWindow] = await tx.$queryRaw<{ count: number }[]>`
        INSERT INTO "ClickIpWindow" ("linkId", "ipHash", "windowStart", "count")
        VALUES (${link.id}, ${ipHash}, ${now}, 1)
        ON CONFLICT ("linkId", "ipHash") DO UPDATE SET
          "windowStart" = CASE WHEN "ClickIpWindow"."windowStart" <= ${ipWindowExpired} THEN EXCLUDED."windowStart" ELSE "ClickIpWindow"."windowStart" END,
          "count" = CASE WHEN "ClickIpWindow"."windowStart" <= ${ipWindowExpired} THEN 1 ELSE "ClickIpWindow"."count" + 1 END
        RETURNING "count"`;
      if (!ipWindow || ipWindow.count > ipCap) {
        counted = false;
        ipCapped = true;
        // The dedupe window this click just opened (we hold its row lock) would turn the
        // visitor's next click into a "duplicate" of a click that never counted: remove it, which
        // is the same as an expired window.
        await tx.$executeRaw`DELETE FROM "ClickDedupe" WHERE "linkId" = ${link.id} AND "visitorHash" = ${hash}`;
      }
    }
    const click = await tx.clickEvent.create({
      data: {
        linkId: link.id,
        trackId: link.track.id,
        visitorHash: hash,
        sessionId: input.sessionId,
        userAgent: ua.slice(0, 512) || null,
        referer: input.referer?.slice(0, 1024) ?? null,
        landingPath: input.landingPath.slice(0, 2048),
        utmSource: param(url, "utm_source"),
        utmMedium: param(url, "utm_medium"),
        utmCampaign: param(url, "utm_campaign"),
        utmTerm: param(url, "utm_term"),
        utmContent: param(url, "utm_content"),
        sourceTag: param(url, "src"),
        isBot: bot,
        counted,
        createdAt: now,
      },
    });
    if (counted) {
      await tx.affiliateLink.update({
        where: { id: link.id },
        data: { clickCount: { increment: 1 } },
      });
      await tx.track.update({
        where: { id: link.track.id },
        data: { clickCount: { increment: 1 } },
      });
      await tx.promoterProfile.update({
        where: { id: link.promoterId },
        data: { clickCount: { increment: 1 } },
      });
    }
    return {
      recorded: true as const,
      clickId: click.id,
      trackId: link.track.id,
      counted,
      reason: bot
        ? ("bot" as const)
        : counted
          ? ("counted" as const)
          : ipCapped
            ? ("ip_capped" as const)
            : ("duplicate" as const),
    };
  });
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
  const dedupeWindows = await db.clickDedupe.deleteMany({
    where: {
      windowStart: { lte: new Date(now.getTime() - apiEnv().CLICK_DEDUPE_WINDOW_SECONDS * 1000) },
    },
  });
  return { ipWindows: ipWindows.count, dedupeWindows: dedupeWindows.count };
}

/** Name of the first-party cookie that carries attribution for one track. */
export const attributionCookieName = (trackId: string) => `ff_ref_${trackId}`;
/** Max-Age of the attribution cookie in seconds (the attribution window). */
export const attributionCookieMaxAge = () => apiEnv().ATTRIBUTION_WINDOW_DAYS * 86_400;

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
