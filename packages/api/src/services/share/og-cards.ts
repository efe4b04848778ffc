import type { PrismaClient } from "@fanfare/db";
import { formatCents } from "@fanfare/validators";

import { leaderboardLabel } from "../leaderboard/label";
import { getStorage } from "../media";

/**
 * The data of the share cards (issue 14 §4): the Open Graph / Twitter images of a track, an
 * artist page and a landing page (rendered by apps/web/src/app/api/og/*), and the public name a
 * promoter's link adds to a track's card and shared page ("Recommended by …"). Everything here is
 * public and the same for every visitor, so the web app may keep it in its data cache (JSON
 * only; pictures are read by `readCardPicture` when a card is drawn).
 */

/** Up to two initials of a name ("Nova Lights" → "NL"), "?" for none. */
export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0]];
  return letters.filter(Boolean).join("").toUpperCase() || "?";
}

/** A price as a card shows it: "$1.99", or "Pay what you want from $3.00". Cents in. */
export function cardPriceLabel(t: {
  priceCents: number;
  minPriceCents: number | null;
  currency: string;
}): string {
  return t.minPriceCents != null
    ? `Pay what you want from ${formatCents(t.minPriceCents, t.currency)}`
    : formatCents(t.priceCents, t.currency);
}

/** A track's card: what its page shows first. `artworkKey` is read only by the card route. */
export type TrackCard = {
  trackId: string;
  slug: string;
  title: string;
  artistName: string;
  priceLabel: string;
  artworkKey: string | null;
};

/**
 * The card of the track at `/t/<slug>`, or null when there is none to show: unknown, deleted,
 * unpublished (a draft) or taken down (which unpublishes).
 */
export async function getTrackCard(
  input: { slug: string },
  db: PrismaClient,
): Promise<TrackCard | null> {
  const t = await db.track.findUnique({
    where: { slug: input.slug },
    select: {
      id: true,
      slug: true,
      title: true,
      priceCents: true,
      minPriceCents: true,
      currency: true,
      artworkKey: true,
      published: true,
      deletedAt: true,
      takenDownAt: true,
      artist: { select: { name: true } },
    },
  });
  if (!t || !t.published || t.deletedAt || t.takenDownAt) return null;
  return {
    trackId: t.id,
    slug: t.slug,
    title: t.title,
    artistName: t.artist.name,
    priceLabel: cardPriceLabel(t),
    artworkKey: t.artworkKey,
  };
}

/**
 * What a link code (`?ref=`) names, before the promoter's standing is known: its track, or its
 * release (`releaseId`, issue 16 §1; `trackId` null then).
 */
export type RefLink = {
  promoterId: string;
  trackId: string | null;
  releaseId: string | null;
  disabled: boolean;
};

/** The affiliate link with code `code`, or null. (A code longer than 32 characters is none.) */
export async function getRefLink(
  input: { code: string },
  db: PrismaClient,
): Promise<RefLink | null> {
  if (input.code.length === 0 || input.code.length > 32) return null;
  return db.affiliateLink.findUnique({
    where: { code: input.code },
    select: { promoterId: true, trackId: true, releaseId: true, disabled: true },
  });
}

/** A promoter as shared pages may name them. */
export type PublicPromoter = { name: string; active: boolean };

/**
 * A promoter's public name, by the leaderboards' rule (`leaderboardLabel`: the display name only
 * when they opted in with `showOnLeaderboard`, initials otherwise), and whether they are ACTIVE;
 * null for no such promoter.
 */
export async function getPublicPromoter(
  input: { promoterId: string },
  db: PrismaClient,
): Promise<PublicPromoter | null> {
  const p = await db.promoterProfile.findUnique({
    where: { id: input.promoterId },
    select: {
      displayName: true,
      showOnLeaderboard: true,
      status: true,
      user: { select: { name: true, email: true } },
    },
  });
  return p ? { name: leaderboardLabel(p), active: p.status === "ACTIVE" } : null;
}

/**
 * Who recommends track `trackId` through a link: the promoter's public name, or null when the
 * link does not count (unknown code, a link for another track, a disabled link, a promoter who
 * is not ACTIVE), the same links click capture ignores. Pure: the two look-ups are cached apart
 * (`getRefLink`, `getPublicPromoter`), each under the tag that expires it.
 */
export function recommenderName(
  trackId: string,
  link: RefLink | null,
  promoter: PublicPromoter | null,
): string | null {
  if (!link || link.disabled || link.trackId !== trackId || !promoter?.active) return null;
  return promoter.name;
}

/** An artist page's card (`/a/<slug>`). */
export type ArtistCard = {
  artistId: string;
  slug: string;
  name: string;
  initials: string;
  /** Tracks on sale (published, not deleted). */
  trackCount: number;
  imageKey: string | null;
};

/** The card of the artist at `/a/<slug>`, or null for no such artist. */
export async function getArtistCard(
  input: { slug: string },
  db: PrismaClient,
): Promise<ArtistCard | null> {
  const a = await db.artistProfile.findUnique({
    where: { slug: input.slug },
    select: {
      id: true,
      slug: true,
      name: true,
      imageKey: true,
      _count: { select: { tracks: { where: { published: true, deletedAt: null } } } },
    },
  });
  if (!a) return null;
  return {
    artistId: a.id,
    slug: a.slug,
    name: a.name,
    initials: initialsOf(a.name),
    trackCount: a._count.tracks,
    imageKey: a.imageKey,
  };
}

/** A landing page's card (`/p/<handle>`). */
export type LandingCard = {
  handle: string;
  headline: string;
  /** The promoter's name as their page shows it: display name, else account name, else handle. */
  name: string;
  initials: string;
  themeColor: string;
  photoKey: string | null;
  /** Artwork of the first three listed tracks on sale that have artwork, in the page's order. */
  artworkKeys: string[];
};

/**
 * The card of the landing page at `/p/<handle>`, or null when the page is not public: unknown,
 * a draft, taken down, or its promoter not ACTIVE (the page's own rule,
 * services/landing/landing-pages.ts).
 */
export async function getLandingCard(
  input: { handle: string },
  db: PrismaClient,
): Promise<LandingCard | null> {
  const page = await db.landingPage.findUnique({
    where: { handle: input.handle },
    select: {
      handle: true,
      headline: true,
      themeColor: true,
      photoKey: true,
      published: true,
      takenDownAt: true,
      promoter: {
        select: { status: true, displayName: true, user: { select: { name: true } } },
      },
      tracks: {
        orderBy: { position: "asc" },
        where: { track: { published: true, deletedAt: null, artworkKey: { not: null } } },
        take: 3,
        select: { track: { select: { artworkKey: true } } },
      },
    },
  });
  if (!page || !page.published || page.takenDownAt || page.promoter.status !== "ACTIVE")
    return null;
  const name = page.promoter.displayName ?? page.promoter.user.name ?? page.handle;
  return {
    handle: page.handle,
    headline: page.headline,
    name,
    initials: initialsOf(name),
    themeColor: page.themeColor,
    photoKey: page.photoKey,
    artworkKeys: page.tracks.flatMap((t) => (t.track.artworkKey ? [t.track.artworkKey] : [])),
  };
}

/** The largest picture a card embeds, in bytes (artwork uploads are capped well below). */
export const CARD_IMAGE_MAX_BYTES = 8 * 1024 * 1024;
const CARD_IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp"]);

/** A stored picture's bytes and type, as a card is drawn from them. */
export type CardPicture = { bytes: Uint8Array; contentType: string };

/**
 * A stored picture for a card (the card renderer never fetches over HTTP), or null when there is
 * none, it is not PNG, JPEG or WebP, it is larger than `CARD_IMAGE_MAX_BYTES`, or storage fails
 * (the card then shows initials or a plain panel).
 */
export async function readCardPicture(key: string | null): Promise<CardPicture | null> {
  if (!key) return null;
  try {
    const object = await getStorage().get(key);
    if (!object) return null;
    if (!CARD_IMAGE_TYPES.has(object.contentType) || object.sizeBytes > CARD_IMAGE_MAX_BYTES) {
      await object.body.cancel();
      return null;
    }
    const bytes = new Uint8Array(await new Response(object.body).arrayBuffer());
    return { bytes, contentType: object.contentType };
  } catch (e) {
    console.error(`Share card: could not read picture ${key}:`, e);
    return null;
  }
}
