import type { Prisma, PrismaClient, SaleStatus } from "@fanfare/db";

import { liveCampaignsForTrack } from "../campaigns/terms";
import type { ShareEarnRefusal } from "./offer-rule";
import { shareEarnRateBps, shareEarnRefusal } from "./offer-rule";

/** The "Share this track and earn N%" offer of one purchase (issue 14 §7). */
export type ShareEarnOffer = {
  /** N: the commission rate a promoter would earn on the track now, basis points (> 0). */
  commissionBps: number;
  track: { id: string; slug: string; title: string; artistName: string };
};

/**
 * The share & earn offer of a sale, or why there is none (`shareEarnRefusal`: not completed,
 * track no longer on sale, promoter links off, no commission). The rate is the one a sale through
 * a new promoter's link would get now (`shareEarnRateBps`: the track's rate or a live campaign's).
 * Reads the sale, its track and the campaigns live for the track; runs on a client or inside a
 * transaction (the receipt is queued in the completion's).
 * @param now the clock that decides which campaigns are live.
 * @throws Error when the sale does not exist (callers look it up first).
 */
export async function shareEarnOfferForSale(
  input: { saleId: string; now?: Date },
  db: PrismaClient | Prisma.TransactionClient,
): Promise<{ ok: true; offer: ShareEarnOffer } | { ok: false; refusal: ShareEarnRefusal }> {
  const now = input.now ?? new Date();
  const sale = await db.sale.findUnique({
    where: { id: input.saleId },
    select: {
      status: true,
      track: {
        select: {
          id: true,
          slug: true,
          title: true,
          artistId: true,
          published: true,
          deletedAt: true,
          affiliateEnabled: true,
          commissionBps: true,
          artist: { select: { name: true } },
        },
      },
    },
  });
  if (!sale)
    throw new Error(`Cannot read the share & earn offer: sale ${input.saleId} does not exist.`);
  return shareEarnOfferFromFacts(
    {
      saleStatus: sale.status,
      track: sale.track && { ...sale.track, artistName: sale.track.artist.name },
    },
    now,
    db,
  );
}

/** What `shareEarnOfferFromFacts` needs of a sale: its status and its track (null: a release). */
export type ShareEarnSaleFacts = {
  saleStatus: SaleStatus;
  track: {
    id: string;
    slug: string;
    title: string;
    artistId: string;
    artistName: string;
    published: boolean;
    deletedAt: Date | null;
    affiliateEnabled: boolean;
    commissionBps: number;
  } | null;
};

/**
 * `shareEarnOfferForSale` for a caller that already read the sale and its track (the receipt
 * reads them with its other facts in one statement): reads only the campaigns live for the track,
 * and only when the offer could stand without them.
 * @param now the clock that decides which campaigns are live.
 */
export async function shareEarnOfferFromFacts(
  facts: ShareEarnSaleFacts,
  now: Date,
  db: PrismaClient | Prisma.TransactionClient,
): Promise<{ ok: true; offer: ShareEarnOffer } | { ok: false; refusal: ShareEarnRefusal }> {
  const { saleStatus: status, track: t } = facts;
  if (!t)
    return {
      ok: false,
      refusal: { code: "not_a_track", message: "Share & earn is offered for single tracks." },
    };
  // Campaigns matter only when the offer could stand otherwise.
  const live =
    status === "COMPLETED" && t.affiliateEnabled && t.published && !t.deletedAt
      ? await liveCampaignsForTrack({ id: t.id, artistId: t.artistId }, now, db)
      : [];
  const rateBps = shareEarnRateBps(t.commissionBps, live);
  const refusal = shareEarnRefusal({ saleStatus: status, track: t, rateBps });
  if (refusal) return { ok: false, refusal };
  return {
    ok: true,
    offer: {
      commissionBps: rateBps,
      track: { id: t.id, slug: t.slug, title: t.title, artistName: t.artistName },
    },
  };
}
