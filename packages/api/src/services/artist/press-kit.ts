import type { PrismaClient } from "@fanfare/db";
import type { UpdatePressKitInput } from "@fanfare/validators";
import { ZUpdatePressKitInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { claimImageUpload, publicImageUrl } from "../media/images";

/**
 * The artist's own press kit (issue 14 §8) as the dashboard's "Press kit" section edits it:
 * `artist.pressKit` and `artist.updatePressKit`. The public side (`/a/<slug>/press`, the
 * resource center's list) is `public-press-kit.ts`.
 */

/** One press photo as the editor shows it; `uploadId` is what `updatePressKit` takes back. */
export type OwnPressPhoto = {
  uploadId: string;
  /** `/api/images/<name>`: the original file. */
  url: string;
};

/** The artist's press kit: photos in the kit's order, and the one-sheet. */
export type OwnPressKit = {
  artistId: string;
  /** The kit is public at `/a/<slug>/press`. */
  slug: string;
  /** At most `MAX_PRESS_PHOTOS`, in the order the public page shows them. */
  photos: OwnPressPhoto[];
  /** Markdown; "" for none. */
  oneSheet: string;
};

const notAnArtist = (userId: string) =>
  new AppError(
    "FORBIDDEN",
    `User ${userId} has no artist profile: create your artist profile first.`,
  );

/**
 * The photos stored under `keys`, in that order, with the ids of the uploads behind them. A key
 * whose upload is gone or that is not a picture is left out (the next save drops it).
 */
async function photosOf(
  input: { userId: string; keys: string[] },
  db: PrismaClient,
): Promise<OwnPressPhoto[]> {
  if (input.keys.length === 0) return [];
  const uploads = await db.upload.findMany({
    where: { storageKey: { in: input.keys }, ownerId: input.userId, kind: "IMAGE" },
    select: { id: true, storageKey: true },
  });
  const idByKey = new Map(uploads.map((u) => [u.storageKey, u.id]));
  return input.keys.flatMap((key) => {
    const uploadId = idByKey.get(key);
    const url = publicImageUrl(key);
    return uploadId && url ? [{ uploadId, url }] : [];
  });
}

/**
 * The press kit of `userId`'s artist profile (`artist.pressKit`).
 * @returns photos (upload id and `/api/images/…` URL each, in the kit's order) and the one-sheet.
 * @throws AppError FORBIDDEN when the user has no artist profile.
 */
export async function getOwnPressKit(
  input: { userId: string },
  db: PrismaClient,
): Promise<OwnPressKit> {
  const row = await db.artistProfile.findUnique({
    where: { userId: input.userId },
    select: { id: true, slug: true, pressPhotoKeys: true, oneSheet: true },
  });
  if (!row) throw notAnArtist(input.userId);
  return {
    artistId: row.id,
    slug: row.slug,
    photos: await photosOf({ userId: input.userId, keys: row.pressPhotoKeys }, db),
    oneSheet: row.oneSheet,
  };
}

/**
 * Edits the press kit of `userId`'s artist profile (`artist.updatePressKit`; only one's own: the
 * profile is found by the user, never by an id in the input). Each field absent keeps what is
 * stored. `photoUploadIds` replaces the photo list in its order: at most `MAX_PRESS_PHOTOS` (6),
 * each once, each the user's own `image` upload (`claimImageUpload`, the rule of the profile
 * picture; photos already in the kit are claimed again, which is allowed). `oneSheet` is
 * Markdown of at most `MAX_ONE_SHEET` (10 000) characters, trimmed. The database CHECKs both
 * limits (`ArtistProfile_press_kit_check`). Not audited, like the profile: the artist's own
 * words and pictures, no money moved.
 *
 * After the write, expires the artist's pages (`artist:<id>`: `/a/<slug>` and
 * `/a/<slug>/press`) and the resource center's press-kit list (`press-kits`).
 * @returns the kit as saved.
 * @throws ZodError on bad input (the router answers 400: more than 6 photos, a photo twice, a
 *   one-sheet over 10 000 characters or with control characters); AppError FORBIDDEN without an
 *   artist profile; AppError BAD_INPUT (field `photoUploadIds`) for an upload that is not the
 *   user's own image.
 */
export async function updatePressKit(
  input: { userId: string; data: UpdatePressKitInput },
  db: PrismaClient,
): Promise<OwnPressKit> {
  const data = ZUpdatePressKitInput.parse(input.data);
  const current = await db.artistProfile.findUnique({
    where: { userId: input.userId },
    select: { id: true },
  });
  if (!current) throw notAnArtist(input.userId);
  let pressPhotoKeys: string[] | undefined;
  if (data.photoUploadIds) {
    pressPhotoKeys = [];
    // One at a time: the first refused upload is the one the error names.
    for (const uploadId of data.photoUploadIds)
      pressPhotoKeys.push(
        await claimImageUpload({ userId: input.userId, uploadId, field: "photoUploadIds" }, db),
      );
  }
  const saved = await db.artistProfile.update({
    where: { id: current.id },
    data: { pressPhotoKeys, oneSheet: data.oneSheet },
    select: { id: true, slug: true, pressPhotoKeys: true, oneSheet: true },
  });
  invalidatePublicPages([publicTags.artist(saved.id), publicTags.pressKits]);
  return {
    artistId: saved.id,
    slug: saved.slug,
    photos: await photosOf({ userId: input.userId, keys: saved.pressPhotoKeys }, db),
    oneSheet: saved.oneSheet,
  };
}
