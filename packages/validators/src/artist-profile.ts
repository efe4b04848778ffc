import { z } from "zod";

import { zId, zText } from "./text";

/**
 * The artist's public page `/a/<slug>` (issue 14 §1): name, bio, links and picture, edited on
 * the artist dashboard (`artist.updateProfile`). The slug is fixed when the profile is created.
 */

/** The most links an artist page lists (ArtistProfile.links). */
export const MAX_ARTIST_LINKS = 8;
/** Characters of a link's label. */
export const MAX_ARTIST_LINK_LABEL = 40;
/** Characters of an artist's bio. */
export const MAX_ARTIST_BIO = 2000;
/** Characters of a URL people paste (a link on a public page). */
export const MAX_URL_LENGTH = 500;

/**
 * True when `value` is an absolute `https://` URL with a host and no user name or password
 * (`https://user:pass@host` hides where a link goes). Plain http, `javascript:`, `data:` and
 * relative URLs are refused: these links are shown to every visitor of a public page.
 */
export function isPublicHttpsUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return url.protocol === "https:" && url.hostname !== "" && !url.username && !url.password;
}

/**
 * An `https://` URL for a public page (`isPublicHttpsUrl`), trimmed, at most `MAX_URL_LENGTH`
 * characters, with messages naming `label`.
 */
export const zHttpsUrl = (label: string) =>
  zText(label)
    .trim()
    .min(1, `${label} is required.`)
    .max(MAX_URL_LENGTH, `${label} must be at most ${MAX_URL_LENGTH} characters.`)
    .refine(isPublicHttpsUrl, `${label} must be a full address starting with https://.`);

/** One link on an artist page: what it says and where it goes. */
export const ZArtistLink = z.object({
  label: zText("Link label")
    .trim()
    .min(1, "Give each link a label.")
    .max(MAX_ARTIST_LINK_LABEL, `Link labels must be at most ${MAX_ARTIST_LINK_LABEL} characters.`),
  url: zHttpsUrl("Link address"),
});
export type ArtistLink = z.output<typeof ZArtistLink>;

/** The links of an artist page, in the artist's order (stored in ArtistProfile.links). */
export const ZArtistLinks = z
  .array(ZArtistLink, { error: "Links must be a list of { label, url }." })
  .max(MAX_ARTIST_LINKS, `List at most ${MAX_ARTIST_LINKS} links.`);

/** The public name of an artist (the rule `becomeArtist` also applies). */
export const ZArtistName = zText("Artist name")
  .trim()
  .min(1, "Enter your artist name.")
  .max(80, "Artist name must be at most 80 characters.");

/** An artist's bio: plain text, line breaks kept (shown as text, never as HTML). */
export const ZArtistBio = zText("Bio", { multiline: true })
  .trim()
  .max(MAX_ARTIST_BIO, `Bio must be at most ${MAX_ARTIST_BIO} characters.`);

/** The dashboard's "Your artist page" form: every text field of the page. */
export const ZArtistProfileForm = z.object({
  name: ZArtistName,
  bio: ZArtistBio,
  links: ZArtistLinks,
});
export type ArtistProfileForm = z.input<typeof ZArtistProfileForm>;

/**
 * `artist.updateProfile`: each field absent keeps what is stored. `imageUploadId` names an
 * `image` upload of the caller's to use as the picture; null removes the picture (initials).
 */
export const ZUpdateArtistProfileInput = ZArtistProfileForm.partial().extend({
  imageUploadId: zId("Picture upload id").nullable().optional(),
});
export type UpdateArtistProfileInput = z.input<typeof ZUpdateArtistProfileInput>;

/**
 * The links stored in `raw` (ArtistProfile.links, JSON) that still pass `ZArtistLink`, at most
 * `MAX_ARTIST_LINKS`: a row written before a rule tightened never reaches a page.
 */
export function storedArtistLinks(raw: unknown): ArtistLink[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .flatMap((item) => {
      const link = ZArtistLink.safeParse(item);
      return link.success ? [link.data] : [];
    })
    .slice(0, MAX_ARTIST_LINKS);
}
