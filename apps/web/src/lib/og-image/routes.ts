import {
  getArtistCard,
  getLandingCard,
  getPublicPromoter,
  getRefLink,
  getTrackCard,
  readCardPicture,
  recommenderName,
} from "@fanfare/api/services/share/og-cards";
import { consumeRateLimit, rateLimitResponse } from "@fanfare/api/services/rate-limit";
import { ipFromHeaders } from "@fanfare/api/services/rate-limit/request-ip";
import { getDb } from "@fanfare/db";

import { cardResponse } from "./cards";
import { cardPictureUrl } from "./pictures";

/** A stored picture at the size a card draws it (pixels, square). */
const picture = async (key: string | null, size: number) =>
  cardPictureUrl(await readCardPicture(key), size);

/**
 * The share card routes' work (`/api/og/track/<slug>?ref=<code>`, `/api/og/artist/<slug>`,
 * `/api/og/landing/<handle>`): check the address, load the public data, draw the card. An
 * unknown, unpublished or taken-down item is a 404 (kept a minute, so a card appears soon after
 * the item is published). Read straight from the database: a card is drawn per request anyway,
 * and browsers, networks and CDNs keep it an hour (`cardResponse`).
 */

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const HANDLE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A link code as `?ref=` carries it (`newLinkCode`: 8 of a–z, 2–9; room for other codes). */
const REF = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Draws a card only within the requester's allowance (`ogCardsPerIp`, per IP per minute): each
 * card costs ~75 ms of CPU. @returns the card's response, or 429 with Retry-After.
 */
export async function rateLimitedCard(
  req: Request,
  draw: () => Promise<Response>,
): Promise<Response> {
  try {
    await consumeRateLimit("ogCardsPerIp", ipFromHeaders(req.headers), { db: await getDb() });
  } catch (e) {
    const limited = rateLimitResponse(e);
    if (limited) return limited;
    throw e;
  }
  return draw();
}

function notFound(what: string): Response {
  return Response.json(
    { error: `${what} has no share card: it does not exist or is not public.` },
    { status: 404, headers: { "Cache-Control": "public, max-age=60" } },
  );
}

/** The track card; with a `ref` of a link that counts, "Recommended by <promoter>". */
export async function trackCardResponse(slug: string, ref: string | null): Promise<Response> {
  if (slug.length > 120 || !SLUG.test(slug)) return notFound(`Track "${slug.slice(0, 120)}"`);
  const db = await getDb();
  const card = await getTrackCard({ slug }, db);
  if (!card) return notFound(`Track "${slug}"`);
  let recommendedBy: string | null = null;
  if (ref && REF.test(ref)) {
    const link = await getRefLink({ code: ref }, db);
    const promoter = link ? await getPublicPromoter({ promoterId: link.promoterId }, db) : null;
    recommendedBy = recommenderName(card.trackId, link, promoter);
  }
  return cardResponse({
    kind: "track",
    content: {
      title: card.title,
      artistName: card.artistName,
      priceLabel: card.priceLabel,
      artwork: await picture(card.artworkKey, 500),
      recommendedBy,
    },
  });
}

/** The artist page's card: picture or initials, name, tracks on sale. */
export async function artistCardResponse(slug: string): Promise<Response> {
  if (slug.length > 120 || !SLUG.test(slug)) return notFound(`Artist "${slug.slice(0, 120)}"`);
  const card = await getArtistCard({ slug }, await getDb());
  if (!card) return notFound(`Artist "${slug}"`);
  return cardResponse({
    kind: "artist",
    content: {
      name: card.name,
      initials: card.initials,
      trackCount: card.trackCount,
      picture: await picture(card.imageKey, 380),
    },
  });
}

/** The landing page's card: photo or initials, headline, "Recommended by", three artworks. */
export async function landingCardResponse(handle: string): Promise<Response> {
  if (handle.length > 30 || !HANDLE.test(handle))
    return notFound(`Landing page "${handle.slice(0, 30)}"`);
  const card = await getLandingCard({ handle }, await getDb());
  if (!card) return notFound(`Landing page "${handle}"`);
  const [photo, ...artworks] = await Promise.all([
    picture(card.photoKey, 120),
    ...card.artworkKeys.map((k) => picture(k, 180)),
  ]);
  return cardResponse({
    kind: "landing",
    content: {
      headline: card.headline,
      name: card.name,
      initials: card.initials,
      themeColor: card.themeColor,
      photo: photo ?? null,
      artworks: artworks.filter((a): a is string => a !== null),
    },
  });
}
