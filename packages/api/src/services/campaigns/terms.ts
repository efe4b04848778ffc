import type { Campaign, Prisma, PrismaClient } from "@fanfare/db";
import type { DiscountFunderName } from "@fanfare/validators";
import { applyBps, MAX_COMMISSION_BPS } from "@fanfare/validators";

/** What of a campaign decides a sale's terms. */
export type CampaignForTerms = Pick<
  Campaign,
  "id" | "name" | "artistId" | "commissionBps" | "discountBps" | "endsAt"
>;

/** The terms live campaigns give one sale of one track (issue 12 §3). */
export type CampaignTerms = {
  /** The commission rate the artist funds: the track's, or an artist campaign's if higher. */
  artistRateBps: number;
  /** The commission rate the platform adds from its fee (a platform campaign above the above). */
  platformBoostBps: number;
  /** The best campaign discount, its funder (the campaign's owner) and campaign; null: none. */
  discount: { bps: number; funder: DiscountFunderName; campaignId: string } | null;
  /**
   * The campaign the sale records: the platform boost's, else the discount's, else the artist
   * boost's; null when no live campaign changes anything.
   */
  campaignId: string | null;
};

/**
 * The terms the campaigns live at checkout start give a sale (issue 12 §3: "The commission a
 * sale earns is the rate in force at checkout start, recorded on the sale, capped at the maximum
 * commission rate (50%). An artist's boost comes out of the artist's share; an admin's platform
 * boost is a claim on the platform fee").
 *
 * - Artist campaigns (`artistId` set) raise the rate the artist funds to the highest of theirs
 *   and the track's rate; platform campaigns (`artistId` null) raise the total rate to the
 *   highest of theirs, the difference above the artist-funded rate being the platform boost.
 *   The total never exceeds MAX_COMMISSION_BPS; `splitSaleAmount` then caps the boost's cents by
 *   the platform fee left after a platform discount.
 * - The best discount in basis points wins (an artist's campaign funded by the artist, a
 *   platform campaign by the platform); a discount code is compared with it at checkout, and
 *   the buyer gets the better of the two, never both.
 * Pure: the caller passes the campaigns live for the track (`liveCampaignsForTrack`).
 * @param trackRateBps the track's own commission rate, basis points.
 */
export function campaignTerms(
  trackRateBps: number,
  live: readonly CampaignForTerms[],
): CampaignTerms {
  const best = (list: readonly CampaignForTerms[], key: "commissionBps" | "discountBps") =>
    list
      .filter((c) => (c[key] ?? 0) > 0)
      .reduce<CampaignForTerms | null>(
        (top, c) =>
          !top || c[key]! > top[key]! || (c[key] === top[key] && c.id < top.id) ? c : top,
        null,
      );
  const artistBoost = best(
    live.filter((c) => c.artistId != null),
    "commissionBps",
  );
  const platformBoost = best(
    live.filter((c) => c.artistId == null),
    "commissionBps",
  );
  const artistRateBps = Math.min(
    MAX_COMMISSION_BPS,
    Math.max(trackRateBps, artistBoost?.commissionBps ?? 0),
  );
  const platformTotal = Math.min(MAX_COMMISSION_BPS, platformBoost?.commissionBps ?? 0);
  const platformBoostBps = Math.max(0, platformTotal - artistRateBps);
  const discounter = best(live, "discountBps");
  const discount = discounter
    ? {
        bps: discounter.discountBps!,
        funder: (discounter.artistId ? "ARTIST" : "PLATFORM") as DiscountFunderName,
        campaignId: discounter.id,
      }
    : null;
  const campaignId =
    (platformBoostBps > 0 ? platformBoost!.id : null) ??
    discount?.campaignId ??
    (artistRateBps > trackRateBps ? artistBoost!.id : null);
  return { artistRateBps, platformBoostBps, discount, campaignId };
}

/**
 * What a product's public page shows of its live campaigns (issue 12 §3): the campaign shown
 * (the one the sale would record, else the soonest ending), its end (ISO 8601, UTC), the total
 * commission rate a promoter earns now and the discount buyers get now (basis points), and the
 * price after that discount (cents; pay-what-you-want: the suggested price). Null when no live
 * campaign changes anything. Pure: `live` as `liveCampaignsForTrack` returns it (soonest ending
 * first).
 * @param priceCents the product's listed (or suggested) price, cents.
 * @param rateBps the product's own commission rate, basis points.
 */
export function pageCampaign(
  priceCents: number,
  rateBps: number,
  live: readonly CampaignForTerms[],
): PageCampaign | null {
  const terms = campaignTerms(rateBps, live);
  const shown = live.find((c) => c.id === terms.campaignId) ?? live[0];
  if (!shown || !(terms.campaignId || terms.discount)) return null;
  return {
    name: shown.name,
    endsAt: shown.endsAt.toISOString(),
    commissionBps: terms.artistRateBps + terms.platformBoostBps,
    discountBps: terms.discount?.bps ?? null,
    discountedPriceCents: terms.discount
      ? priceCents - applyBps(priceCents, terms.discount.bps)
      : null,
  };
}

/** A live campaign as a track's or a release's page shows it (`pageCampaign`). */
export type PageCampaign = {
  name: string;
  /** ISO 8601, UTC; the countdown runs in the browser. */
  endsAt: string;
  /** The commission rate a promoter earns now, basis points (boosts included). */
  commissionBps: number;
  /** The discount buyers get now, basis points; null: none. */
  discountBps: number | null;
  /** The price after the discount, cents; null when there is no discount. */
  discountedPriceCents: number | null;
};

/**
 * The campaigns that cover a track whose window holds `now` (startsAt ≤ now < endsAt), whatever
 * the status the job last set, except DRAFT and CANCELLED (issue 12 §3: "the rate a sale gets
 * comes from the campaign's start and end timestamps, not from the status").
 */
export function liveCampaignsWhere(
  track: { id: string; artistId: string },
  now: Date,
): Prisma.CampaignWhereInput {
  return {
    status: { notIn: ["DRAFT", "CANCELLED"] },
    startsAt: { lte: now },
    endsAt: { gt: now },
    OR: [
      { scope: "PLATFORM" },
      { scope: "ARTIST", scopeArtistId: track.artistId },
      { scope: "TRACKS", trackIds: { has: track.id } },
    ],
    AND: [{ OR: [{ artistId: null }, { artistId: track.artistId }] }],
  };
}

/**
 * The live campaigns covering `track` at `now` (`liveCampaignsWhere`), soonest ending first.
 * A release is passed the same way (its id and artist): platform and artist-wide campaigns cover
 * it; a TRACKS campaign names tracks only, so it never does.
 */
export function liveCampaignsForTrack(
  track: { id: string; artistId: string },
  now: Date,
  db: PrismaClient | Prisma.TransactionClient,
) {
  return db.campaign.findMany({
    where: liveCampaignsWhere(track, now),
    orderBy: [{ endsAt: "asc" }, { id: "asc" }],
  });
}
