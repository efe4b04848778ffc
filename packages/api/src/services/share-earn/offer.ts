import type { Prisma, PrismaClient, SaleStatus } from "@fanfare/db";

import { liveCampaignsForTrack } from "../campaigns/terms";
import type { ShareEarnRefusal } from "./offer-rule";
import { shareEarnRateBps, shareEarnRefusal } from "./offer-rule";

/** The "Share this track (album, EP…) and earn N%" offer of one purchase (issue 14 §7). */
export type ShareEarnOffer = {
  /** N: the commission rate a promoter would earn on the product now, basis points (> 0). */
  commissionBps: number;
  /**
   * What the buyer bought and would promote: a track, or a release (issue 16 §1); `noun` names
   * it in a sentence ("track", "album", "EP", "single").
   */
  product: {
    kind: "track" | "release";
    id: string;
    slug: string;
    title: string;
    artistName: string;
    noun: ShareEarnNoun;
  };
};

/**
 * The share & earn offer of a sale, or why there is none (`shareEarnRefusal`: not completed,
 * product no longer on sale, promoter links off, no commission; a subscription invoice has no
 * product). The rate is the one a sale through a new promoter's link would get now
 * (`shareEarnRateBps`: the product's rate or a live campaign's). Reads the sale, its track or
 * release and the campaigns live for it; runs on a client or inside a transaction (the receipt is
 * queued in the completion's).
 * @param now the clock that decides which campaigns are live.
 * @throws Error when the sale does not exist (callers look it up first).
 */
export async function shareEarnOfferForSale(
  input: { saleId: string; now?: Date },
  db: PrismaClient | Prisma.TransactionClient,
): Promise<{ ok: true; offer: ShareEarnOffer } | { ok: false; refusal: ShareEarnRefusal }> {
  const now = input.now ?? new Date();
  const product = {
    id: true,
    slug: true,
    title: true,
    artistId: true,
    published: true,
    deletedAt: true,
    affiliateEnabled: true,
    commissionBps: true,
    artist: { select: { name: true } },
  } as const;
  const sale = await db.sale.findUnique({
    where: { id: input.saleId },
    select: {
      status: true,
      track: { select: product },
      release: { select: { ...product, kind: true } },
    },
  });
  if (!sale)
    throw new Error(`Cannot read the share & earn offer: sale ${input.saleId} does not exist.`);
  const { track, release } = sale;
  return shareEarnOfferFromFacts(
    {
      saleStatus: sale.status,
      product: track
        ? { ...track, kind: "track", artistName: track.artist.name, noun: "track" }
        : release
          ? {
              ...release,
              kind: "release",
              artistName: release.artist.name,
              noun: releaseNoun(release.kind),
            }
          : null,
    },
    now,
    db,
  );
}

/** What a share & earn offer calls its product in a sentence. */
export type ShareEarnNoun = "track" | "album" | "EP" | "single";

/** A release's kind (RELEASE_KINDS, CHECKed) as a noun in a sentence: "album", "EP", "single". */
export const releaseNoun = (kind: string): ShareEarnNoun =>
  kind === "ep" ? "EP" : kind === "single" ? "single" : "album";

/**
 * What `shareEarnOfferFromFacts` needs of a sale: its status and its product (the track or the
 * release; null for a subscription's invoice).
 */
export type ShareEarnSaleFacts = {
  saleStatus: SaleStatus;
  product: {
    kind: "track" | "release";
    id: string;
    slug: string;
    title: string;
    artistId: string;
    artistName: string;
    /** "track", or the release's kind as a noun (`releaseNoun`). */
    noun: ShareEarnNoun;
    published: boolean;
    deletedAt: Date | null;
    affiliateEnabled: boolean;
    commissionBps: number;
  } | null;
};

/**
 * `shareEarnOfferForSale` for a caller that already read the sale and its product (the receipt
 * reads them with its other facts in one statement): reads only the campaigns live for the
 * product, and only when the offer could stand without them.
 * @param now the clock that decides which campaigns are live.
 */
export async function shareEarnOfferFromFacts(
  facts: ShareEarnSaleFacts,
  now: Date,
  db: PrismaClient | Prisma.TransactionClient,
): Promise<{ ok: true; offer: ShareEarnOffer } | { ok: false; refusal: ShareEarnRefusal }> {
  const { saleStatus: status, product: p } = facts;
  if (!p)
    return {
      ok: false,
      refusal: {
        code: "not_a_product",
        message: "Share & earn is offered for tracks and releases.",
      },
    };
  // Campaigns matter only when the offer could stand otherwise. A release is covered by the
  // platform's and its artist's campaigns, as at checkout (`liveCampaignsForTrack`).
  const live =
    status === "COMPLETED" && p.affiliateEnabled && p.published && !p.deletedAt
      ? await liveCampaignsForTrack({ id: p.id, artistId: p.artistId }, now, db)
      : [];
  const rateBps = shareEarnRateBps(p.commissionBps, live);
  const refusal = shareEarnRefusal({ saleStatus: status, track: p, rateBps });
  if (refusal) return { ok: false, refusal };
  return {
    ok: true,
    offer: {
      commissionBps: rateBps,
      product: {
        kind: p.kind,
        id: p.id,
        slug: p.slug,
        title: p.title,
        artistName: p.artistName,
        noun: p.noun,
      },
    },
  };
}
