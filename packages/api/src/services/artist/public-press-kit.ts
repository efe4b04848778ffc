import type { PrismaClient } from "@fanfare/db";

import { publicImageUrl } from "../media/images";

/**
 * What everyone sees of artists' press kits (issue 14 §8): the kit's part of `/a/<slug>/press`
 * (the page adds the artist page's content: name, bio, links, tracks) and the resource center's
 * "Press kits" list. Plain JSON, nothing personal, so both can be kept in the page cache.
 */

/** The press kit's own part of `/a/<slug>/press`. */
export type PublicPressKit = {
  /** `/api/images/<name>` of each press photo (the original file), in the artist's order. */
  photoUrls: string[];
  /** Markdown (rendered without raw HTML); "" for none. */
  oneSheet: string;
};

/**
 * The press photos and one-sheet of artist profile `artistId`; null when no profile has that
 * id. An empty kit is `{ photoUrls: [], oneSheet: "" }`. A stored key that is not a picture's
 * never gets a URL (`publicImageUrl`).
 */
export async function getPublicPressKit(
  input: { artistId: string },
  db: PrismaClient,
): Promise<PublicPressKit | null> {
  const row = await db.artistProfile.findUnique({
    where: { id: input.artistId },
    select: { pressPhotoKeys: true, oneSheet: true },
  });
  if (!row) return null;
  return {
    photoUrls: row.pressPhotoKeys.flatMap((key) => publicImageUrl(key) ?? []),
    oneSheet: row.oneSheet,
  };
}

/** The most artists the resource center's "Press kits" list shows (by name; no paging yet). */
export const PRESS_KIT_LIST_LIMIT = 200;

/** One artist in the resource center's "Press kits" list. */
export type PressKitListItem = {
  /** The kit is at `/a/<slug>/press`. */
  slug: string;
  name: string;
  /** The first press photo, else the artist's picture, else null (initials). */
  imageUrl: string | null;
  photoCount: number;
  hasOneSheet: boolean;
};

/**
 * The artists with a press kit (at least one press photo or a one-sheet), by name, at most
 * `PRESS_KIT_LIST_LIMIT`. Cached by the web app under `publicTags.pressKits`, which
 * `updatePressKit` and a change of an artist's name or picture expire.
 */
export async function listPressKits(db: PrismaClient): Promise<PressKitListItem[]> {
  const rows = await db.artistProfile.findMany({
    where: { OR: [{ pressPhotoKeys: { isEmpty: false } }, { oneSheet: { not: "" } }] },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: PRESS_KIT_LIST_LIMIT,
    select: { slug: true, name: true, imageKey: true, pressPhotoKeys: true, oneSheet: true },
  });
  return rows.map((r) => {
    const photoUrls = r.pressPhotoKeys.flatMap((key) => publicImageUrl(key) ?? []);
    return {
      slug: r.slug,
      name: r.name,
      imageUrl: photoUrls[0] ?? publicImageUrl(r.imageKey),
      photoCount: photoUrls.length,
      hasOneSheet: r.oneSheet !== "",
    };
  });
}
