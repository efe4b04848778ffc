import type { Prisma, PrismaClient } from "@fanfare/db";
import type { ArtistLink, UpdateArtistProfileInput } from "@fanfare/validators";
import { storedArtistLinks, ZUpdateArtistProfileInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { claimImageUpload, publicImageUrl } from "../media/images";

/** The artist's own profile as the dashboard's "Your artist page" form edits it. */
export type OwnArtistProfile = {
  id: string;
  /** The page's address is `/a/<slug>`; fixed when the profile was created. */
  slug: string;
  name: string;
  bio: string;
  links: ArtistLink[];
  /** `/api/images/<name>`, or null: the page shows the name's initials. */
  imageUrl: string | null;
};

const profileSelect = {
  id: true,
  slug: true,
  name: true,
  bio: true,
  links: true,
  imageKey: true,
} satisfies Prisma.ArtistProfileSelect;

const toOwnProfile = (
  row: Prisma.ArtistProfileGetPayload<{ select: typeof profileSelect }>,
): OwnArtistProfile => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  bio: row.bio,
  links: storedArtistLinks(row.links),
  imageUrl: publicImageUrl(row.imageKey),
});

const notAnArtist = (userId: string) =>
  new AppError(
    "FORBIDDEN",
    `User ${userId} has no artist profile: create your artist profile first.`,
  );

/**
 * The artist profile of `userId` (`artist.profile`).
 * @throws AppError FORBIDDEN when the user has no artist profile.
 */
export async function getOwnArtistProfile(
  input: { userId: string },
  db: PrismaClient,
): Promise<OwnArtistProfile> {
  const row = await db.artistProfile.findUnique({
    where: { userId: input.userId },
    select: profileSelect,
  });
  if (!row) throw notAnArtist(input.userId);
  return toOwnProfile(row);
}

/**
 * Edits the artist profile of `userId` (`artist.updateProfile`; only one's own: the profile is
 * found by the user, never by an id in the input). Each field absent keeps what is stored;
 * `imageUploadId` must be the user's own `image` upload (`claimImageUpload`), null removes the
 * picture. Not audited: like a track's details, the page's text is the artist's own to change
 * and moves no money.
 *
 * Invalidates the artist's page; a new name also shows on each of their track pages and on
 * discover's cards, so those are invalidated too; a new name or picture also the resource
 * center's press-kit list (`publicTags.pressKits`).
 * @returns the profile as saved.
 * @throws ZodError on bad input (the router answers 400); AppError FORBIDDEN without an artist
 *   profile, BAD_INPUT (field imageUploadId) for an upload that is not the user's own image.
 */
export async function updateArtistProfile(
  input: { userId: string; data: UpdateArtistProfileInput },
  db: PrismaClient,
): Promise<OwnArtistProfile> {
  const data = ZUpdateArtistProfileInput.parse(input.data);
  const current = await db.artistProfile.findUnique({
    where: { userId: input.userId },
    select: { id: true, name: true, imageKey: true },
  });
  if (!current) throw notAnArtist(input.userId);
  const imageKey =
    data.imageUploadId === undefined
      ? undefined
      : data.imageUploadId === null
        ? null
        : await claimImageUpload(
            { userId: input.userId, uploadId: data.imageUploadId, field: "imageUploadId" },
            db,
          );
  const saved = await db.artistProfile.update({
    where: { id: current.id },
    data: { name: data.name, bio: data.bio, links: data.links, imageKey },
    select: profileSelect,
  });

  const tags = [publicTags.artist(saved.id)];
  // The resource center's press-kit list shows each artist's name and picture.
  if (saved.name !== current.name || saved.imageKey !== current.imageKey)
    tags.push(publicTags.pressKits);
  if (saved.name !== current.name) {
    const tracks = await db.track.findMany({
      where: { artistId: saved.id, deletedAt: null },
      select: { id: true },
    });
    tags.push(publicTags.discover, ...tracks.map((t) => publicTags.track(t.id)));
  }
  invalidatePublicPages(tags);
  return toOwnProfile(saved);
}
