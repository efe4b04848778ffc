import { customAlphabet } from "nanoid";

import type { PrismaClient, ProductKind } from "@fanfare/db";
import { cents, Prisma } from "@fanfare/db";

import { AppError } from "../app-error";
import { apiEnv } from "../env";
import { mediaUrls } from "../catalog/track-view";
import { CLICKS_ROLLUP_TICK_SECONDS } from "./click-rollup";
import { programSettings } from "../settings/program-settings";
import { emitPromoterJoinedToArtist } from "./promoter-joined";
import { assertPromoterActive } from "./promoter-standing";
import { assertTermsAccepted } from "../program/terms";
import type { ProductRef } from "../catalog/products";
import {
  findSaleProduct,
  productColumns,
  productPath,
  releaseArtworkUrl,
} from "../catalog/products";

/** 8 characters from a 31-letter alphabet without look-alikes (0/o, 1/l/i): ~8.5e11 codes. */
export const newLinkCode = customAlphabet("abcdefghjkmnpqrstuvwxyz23456789", 8);

/** The shareable URL of a link: `/t/<slug>?ref=<code>` (a release's: `/r/<slug>?ref=`) on APP_URL. */
export function affiliateUrl(
  slug: string,
  code: string,
  appUrl = apiEnv().APP_URL,
  kind: ProductKind = "track",
): string {
  const u = new URL(productPath(kind, slug), appUrl);
  u.searchParams.set("ref", code);
  return u.toString();
}

/**
 * The promoter's link for a track or a release (issue 16 §1), created on the first call (one
 * link per promoter and product; concurrent first calls return the same link). Its URL is the
 * product's page with `?ref=<code>`: `/t/<slug>` or `/r/<slug>`.
 * @throws AppError NOT_FOUND (unknown or not on sale: unpublished, deleted, taken down, a release
 *   before its date without pre-orders), FORBIDDEN (the promoter is not ACTIVE, the affiliate
 *   program is off for the product, or the promoter is its artist), TERMS_REQUIRED (a new link
 *   before the terms in force were accepted).
 */
export async function getOrCreateProductLink(
  input: { promoterId: string; userId: string; product: ProductRef },
  db: PrismaClient,
) {
  const [product, promoter] = await Promise.all([
    findSaleProduct(input.product, db),
    db.promoterProfile.findUnique({
      where: { id: input.promoterId },
      select: { status: true, statusReason: true, displayName: true },
    }),
  ]);
  if (promoter) assertPromoterActive(promoter, "New links are paused");
  const noun = input.product.kind === "track" ? "Track" : "Release";
  if (!product || !product.onSale)
    throw new AppError("NOT_FOUND", `${noun} ${input.product.id} is not on sale.`);
  if (!product.affiliateEnabled)
    throw new AppError(
      "FORBIDDEN",
      `The artist has turned off promoter links for "${product.title}".`,
    );
  if (product.artistUserId === input.userId)
    throw new AppError(
      "FORBIDDEN",
      `You cannot earn commission on your own ${product.kind}; share its page instead.`,
    );

  const where: Prisma.AffiliateLinkWhereUniqueInput =
    product.kind === "track"
      ? { promoterId_trackId: { promoterId: input.promoterId, trackId: product.id } }
      : { promoterId_releaseId: { promoterId: input.promoterId, releaseId: product.id } };
  const existing = await db.affiliateLink.findUnique({ where });
  // A new link needs the terms in force accepted (existing links keep working).
  if (!existing) await assertTermsAccepted({ userId: input.userId }, db);
  const link =
    existing ??
    (await db.affiliateLink
      .create({
        data: { code: newLinkCode(), promoterId: input.promoterId, ...productColumns(product) },
      })
      .catch(async (e: unknown) => {
        // Lost a race with a concurrent first call: return the winner's link.
        if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
          return db.affiliateLink.findUniqueOrThrow({ where });
        }
        throw e;
      }));
  // The artist's integrations hear of a new promoter of theirs (issue 15 §3), once each.
  if (!existing)
    await emitPromoterJoinedToArtist(db, {
      artistId: product.artistId,
      artistUserId: product.artistUserId,
      promoterId: input.promoterId,
      displayName: promoter?.displayName ?? null,
      trackId: link.trackId,
      releaseId: link.releaseId,
    });
  // Only the link's own fields: who disabled it and when stay in the console.
  return {
    id: link.id,
    code: link.code,
    promoterId: link.promoterId,
    trackId: link.trackId,
    releaseId: link.releaseId,
    disabled: link.disabled,
    clickCount: link.clickCount,
    salesCount: link.salesCount,
    createdAt: link.createdAt,
    updatedAt: link.updatedAt,
    commissionCents: cents(link.commissionCents),
    url: affiliateUrl(product.slug, link.code, apiEnv().APP_URL, product.kind),
    product: {
      kind: product.kind,
      id: product.id,
      slug: product.slug,
      title: product.title,
      commissionBps: product.commissionBps,
    },
  };
}

/**
 * The promoter's link for a track (`getOrCreateProductLink`), shaped as `promoter.getOrCreateLink`
 * has always answered: the link with its `track`.
 * @throws as `getOrCreateProductLink`.
 */
export async function getOrCreateAffiliateLink(
  input: { promoterId: string; userId: string; trackId: string },
  db: PrismaClient,
) {
  const {
    product,
    releaseId: _releaseId,
    ...link
  } = await getOrCreateProductLink(
    {
      promoterId: input.promoterId,
      userId: input.userId,
      product: { kind: "track", id: input.trackId },
    },
    db,
  );
  return {
    ...link,
    trackId: input.trackId,
    track: {
      id: product.id,
      slug: product.slug,
      title: product.title,
      commissionBps: product.commissionBps,
    },
  };
}

/**
 * The promoter's links with clicks, sales, conversion rate (sales / counted clicks, in basis
 * points) and commission earned (cents), most recent first. Sales and commission are exact;
 * clicks are rolled up every few seconds (`clicks.rollup`), so they lag by seconds.
 */
export async function listPromoterLinks(input: { promoterId: string }, db: PrismaClient) {
  const productFields = {
    id: true,
    slug: true,
    title: true,
    priceCents: true,
    minPriceCents: true,
    commissionBps: true,
    artworkKey: true,
    published: true,
    deletedAt: true,
    artist: { select: { name: true } },
  } as const;
  const links = await db.affiliateLink.findMany({
    where: { promoterId: input.promoterId },
    orderBy: { createdAt: "desc" },
    include: {
      track: { select: { ...productFields, previewKey: true } },
      release: { select: productFields },
    },
  });
  return links.map((l) => {
    // A link is for a track or a release (issue 16 §1). `track` describes either, so the shipped
    // app, which knows only tracks, still lists a release link by its title and URL.
    const kind: ProductKind = l.track ? "track" : "release";
    const p = (l.track ?? l.release)!;
    return {
      id: l.id,
      code: l.code,
      kind,
      url: affiliateUrl(p.slug, l.code, apiEnv().APP_URL, kind),
      disabled: l.disabled,
      /** An admin's reason for disabling the link, shown to the promoter. */
      disabledReason: l.disabled ? l.disabledReason : null,
      active: !l.disabled && p.published && !p.deletedAt,
      clickCount: l.clickCount,
      salesCount: l.salesCount,
      commissionCents: cents(l.commissionCents),
      conversionBps: l.clickCount > 0 ? Math.round((l.salesCount * 10_000) / l.clickCount) : 0,
      createdAt: l.createdAt,
      track: {
        id: p.id,
        slug: p.slug,
        title: p.title,
        artistName: p.artist.name,
        priceCents: p.priceCents,
        commissionBps: p.commissionBps,
        ...(l.track
          ? mediaUrls(l.track)
          : { artworkUrl: releaseArtworkUrl(l.release!), previewUrl: null }),
      },
    };
  });
}

/** Days in the promoter dashboard's daily series (today, UTC, included). */
export const PROMOTER_STATS_DAYS = 30;

/**
 * The promoter's standing and totals: clicks, sales, earnings (cents) split by commission status
 * (with the held part of the pending cents), and a daily
 * series of the last 30 UTC days (oldest first, every day present, zeros included) from
 * `PromoterDailyStats` (one primary-key range on (promoterId, day)).
 *
 * Sales and earnings (totals and per day) are exact and immediate, net of refunds and disputes;
 * a sale counts on the UTC day it completed. Clicks (`clickCount`, `daily[].clicks`,
 * `conversionBps`) are rolled up from counted clicks every few seconds (`clicks.rollup`), so they
 * lag by seconds: `clicksLagSeconds` says by about how much, for a line such as "Clicks update
 * within a few seconds".
 */
export async function getPromoterStats(
  input: { promoterId: string; now?: Date },
  db: PrismaClient,
) {
  const now = input.now ?? new Date();
  const program = await programSettings(db);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (PROMOTER_STATS_DAYS - 1) * 86_400_000);
  const [profile, byStatus, held, linkCount, days] = await Promise.all([
    db.promoterProfile.findUniqueOrThrow({ where: { id: input.promoterId } }),
    db.commission.groupBy({
      by: ["status"],
      where: { promoterId: input.promoterId },
      _sum: { amountCents: true },
      _count: true,
    }),
    db.commission.aggregate({
      where: { promoterId: input.promoterId, heldAt: { not: null }, status: "PENDING" },
      _sum: { amountCents: true, reversedCents: true },
    }),
    db.affiliateLink.count({ where: { promoterId: input.promoterId } }),
    db.promoterDailyStats.findMany({
      where: { promoterId: input.promoterId, day: { gte: from, lte: new Date(today) } },
      select: { day: true, clicks: true, sales: true, commissionCents: true },
    }),
  ]);
  const sum = (s: string) => byStatus.find((b) => b.status === s)?._sum.amountCents ?? 0;
  const byDay = new Map(days.map((d) => [d.day.toISOString().slice(0, 10), d]));
  const daily = Array.from({ length: PROMOTER_STATS_DAYS }, (_, i) => {
    const day = new Date(from.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const d = byDay.get(day);
    return {
      day,
      clicks: d?.clicks ?? 0,
      sales: d?.sales ?? 0,
      commissionCents: d?.commissionCents ?? 0,
    };
  });
  return {
    /** Where the promoter stands (issue 11 §2) and the admin's reason, for the dashboard's notice. */
    standing: { status: profile.status, reason: profile.statusReason },
    linkCount,
    clickCount: profile.clickCount,
    salesCount: profile.salesCount,
    earningsCents: cents(profile.earningsCents),
    pendingCents: sum("PENDING"),
    /** Of the pending commissions, the cents held (suspension, review) past their release date. */
    heldCents: (held._sum.amountCents ?? 0) - (held._sum.reversedCents ?? 0),
    payableCents: sum("PAYABLE"),
    paidCents: sum("PAID"),
    cancelledCents: sum("CANCELLED"),
    conversionBps:
      profile.clickCount > 0 ? Math.round((profile.salesCount * 10_000) / profile.clickCount) : 0,
    /** Click figures trail the clicks by up to about this many seconds (the rollup's period). */
    clicksLagSeconds: CLICKS_ROLLUP_TICK_SECONDS,
    /** The rules in force, for the dashboard's copy (the settings the rules read). */
    attributionWindowDays: program.attributionWindowDays,
    /** Which click a sale is credited to: 0 the last click, 1 the first (`ATTRIBUTION_MODELS`). */
    attributionModel: program.attributionModel,
    holdDays: program.holdDays,
    daily,
  };
}
