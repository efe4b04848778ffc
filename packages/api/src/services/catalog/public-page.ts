import type { PrismaClient } from "@fanfare/db";

import type { PageCampaign } from "../campaigns/terms";
import { liveCampaignsForTrack, pageCampaign } from "../campaigns/terms";
import type { PublicLicenseTier } from "./license-tiers";
import { publicLicenseTiers } from "./license-tiers";
import { publicTrackSelect, toPublicTrack } from "./track-view";

/**
 * What every visitor's copy of a track page shows: plain JSON (no Date, no owner's user id), so
 * it can be stored in the page cache and is identical whoever asks.
 */
export type TrackPageTrack = {
  id: string;
  slug: string;
  title: string;
  description: string;
  durationSeconds: number;
  /** Cents; the suggested price when pay-what-you-want. */
  priceCents: number;
  /** Cents; set only for pay-what-you-want. */
  minPriceCents: number | null;
  currency: string;
  affiliateEnabled: boolean;
  /** Basis points of the price paid to the promoter. */
  commissionBps: number;
  payWhatYouWant: boolean;
  /** The promoter's commission at the listed (or suggested) price, cents (`applyBps`). */
  commissionAtPriceCents: number;
  /** What the buyer's download link allows (the settings the download route enforces). */
  downloadTerms: { days: number; downloads: number };
  artworkUrl: string | null;
  previewUrl: string | null;
  /** The artist profile (its id lets the signed-in owner recognise the track in the browser). */
  artist: { id: string; name: string; slug: string };
  genre: { slug: string; name: string } | null;
  /**
   * The campaign live when the page was rendered (issue 12 §3), soonest ending: its name, end
   * (ISO 8601, UTC; the countdown runs in the browser), the commission a promoter earns now and
   * the discount buyers get now (basis points, the best of the live campaigns), the price after
   * it (cents; pay-what-you-want: the suggested price). Null when none is live. Campaign starts
   * and ends expire the page's tags (`campaigns.tick`).
   */
  campaign: PageCampaign | null;
  /**
   * The licence tiers offered beside the personal licence (issue 16 §4), commercial then sync,
   * with their price and terms; the tier procedures expire the page's tag. Absent on the owner's
   * draft view (`buyer.trackBySlug`), whose buy form is disabled.
   */
  licenseTiers?: PublicLicenseTier[];
};

/**
 * The track page's content, the same for every visitor (the owner's draft view is loaded in the
 * browser instead, through `buyer.trackBySlug`):
 * - `published`: the track on sale;
 * - `unavailable`: the track exists and is not deleted but is not published (a draft, or
 *   unpublished): nothing of it is returned;
 * - `missing`: no such track, or deleted.
 */
export type TrackPageContent =
  | { status: "published"; track: TrackPageTrack }
  | { status: "unavailable" }
  | { status: "missing" };

/** The id of the track at `/t/<slug>` (deleted ones included: a slug is never reused), or null. */
export async function trackIdBySlug(
  input: { slug: string },
  db: PrismaClient,
): Promise<string | null> {
  const row = await db.track.findUnique({ where: { slug: input.slug }, select: { id: true } });
  return row?.id ?? null;
}

/** The public content of track `trackId` for its cached page (see `TrackPageContent`). */
export async function getTrackPageContent(
  input: { trackId: string },
  db: PrismaClient,
): Promise<TrackPageContent> {
  const row = await db.track.findUnique({
    where: { id: input.trackId },
    select: publicTrackSelect,
  });
  if (!row || row.deletedAt) return { status: "missing" };
  if (!row.published) return { status: "unavailable" };
  const t = toPublicTrack(row);
  const [live, licenseTiers] = await Promise.all([
    liveCampaignsForTrack({ id: t.id, artistId: t.artist.id }, new Date(), db),
    publicLicenseTiers(t.id, db),
  ]);
  const campaign = pageCampaign(t.priceCents, t.commissionBps, live);
  return {
    status: "published",
    track: {
      id: t.id,
      slug: t.slug,
      title: t.title,
      description: t.description,
      durationSeconds: t.durationSeconds,
      priceCents: t.priceCents,
      minPriceCents: t.minPriceCents,
      currency: t.currency,
      affiliateEnabled: t.affiliateEnabled,
      commissionBps: t.commissionBps,
      payWhatYouWant: t.payWhatYouWant,
      commissionAtPriceCents: t.commissionAtPriceCents,
      downloadTerms: t.downloadTerms,
      artworkUrl: t.artworkUrl,
      previewUrl: t.previewUrl,
      artist: t.artist,
      genre: t.genre,
      campaign,
      licenseTiers,
    },
  };
}
