import { createHash } from "node:crypto";

import { isbot } from "isbot";

import type { PrismaClient } from "@fanfare/db";
import { localSecret } from "@fanfare/db";

import { apiEnv } from "../env";

/** Link-preview fetchers that `isbot` may miss; they fetch a URL when it is pasted somewhere. */
const PREVIEW_FETCHERS = /(slackbot|slack-imgproxy|twitterbot|facebookexternalhit|linkedinbot|discordbot|telegrambot|whatsapp|skypeuripreview|embedly|iframely|pinterestbot|redditbot|applebot|google-inspectiontool|vkshare|bitlybot|mastodon)/i;

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
export function visitorHash(ip: string, userAgent: string, salt = apiEnv().CLICK_HASH_SALT ?? localSecret("CLICK_HASH_SALT")): string {
  return createHash("sha256").update(`${ip}|${userAgent}|${salt}`).digest("hex");
}

/**
 * The client IP: with no trusted proxy, the socket's peer address; with `trustedProxyHops`
 * proxies in front, the address that many hops back in `X-Forwarded-For` (each trusted proxy
 * appends the address it received from). Entries a client wrote itself sit further left and are
 * never used.
 */
export function clientIp(input: { peerIp: string | null; forwardedFor: string | null; trustedProxyHops: number }): string {
  const peer = input.peerIp ?? "unknown";
  if (input.trustedProxyHops <= 0 || !input.forwardedFor) return peer;
  const chain = [...input.forwardedFor.split(",").map((s) => s.trim()).filter(Boolean), peer];
  // chain[-1] is the peer (the nearest proxy); hop n back is the address it saw.
  return chain[Math.max(0, chain.length - 1 - input.trustedProxyHops)] ?? peer;
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
  | { recorded: false; reason: "head_request" | "unknown_code" | "link_disabled" | "track_mismatch" | "track_unavailable" }
  | { recorded: true; clickId: string; trackId: string; counted: boolean; reason: "counted" | "bot" | "duplicate" };

const param = (u: URL, name: string) => u.searchParams.get(name)?.slice(0, 200) || null;

/**
 * Records one visit of `/t/<slug>?ref=<code>` (called server-side before the page renders).
 *
 * Rules: HEAD requests are ignored; an unknown or disabled code, or a code for another or a
 * deleted/unpublished track, records nothing (the page still shows the track). Bots and
 * link-preview fetchers are stored with `isBot` but never counted. A click counts when the same
 * visitor hash has no counted click on this link within the dedupe window (default 1 hour,
 * CLICK_DEDUPE_WINDOW_SECONDS), decided by one atomic upsert so concurrent identical requests
 * count once. Counted clicks increment link, track and promoter totals in the same transaction.
 */
export async function recordClick(input: RecordClickInput, db: PrismaClient): Promise<RecordClickResult> {
  if (input.method.toUpperCase() === "HEAD") return { recorded: false, reason: "head_request" };
  const link = await db.affiliateLink.findUnique({
    where: { code: input.code },
    include: { track: { select: { id: true, slug: true, published: true, deletedAt: true, affiliateEnabled: true } } },
  });
  if (!link) return { recorded: false, reason: "unknown_code" };
  if (link.disabled) return { recorded: false, reason: "link_disabled" };
  if (link.track.slug !== input.slug) return { recorded: false, reason: "track_mismatch" };
  if (!link.track.published || link.track.deletedAt || !link.track.affiliateEnabled) return { recorded: false, reason: "track_unavailable" };

  const now = input.now ?? new Date();
  const env = apiEnv();
  const ua = input.userAgent ?? "";
  const bot = isBotUserAgent(ua);
  const hash = visitorHash(input.ip, ua);
  const url = new URL(input.landingPath, "http://x");

  return db.$transaction(async (tx) => {
    let counted = false;
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
      await tx.affiliateLink.update({ where: { id: link.id }, data: { clickCount: { increment: 1 } } });
      await tx.track.update({ where: { id: link.track.id }, data: { clickCount: { increment: 1 } } });
      await tx.promoterProfile.update({ where: { id: link.promoterId }, data: { clickCount: { increment: 1 } } });
    }
    return { recorded: true as const, clickId: click.id, trackId: link.track.id, counted, reason: bot ? ("bot" as const) : counted ? ("counted" as const) : ("duplicate" as const) };
  });
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
