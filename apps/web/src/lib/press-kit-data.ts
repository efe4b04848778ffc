import "server-only";

import { unstable_cache } from "next/cache";

import { publicTags } from "@fanfare/api/services/cache/public-pages";
import { getPublicPressKit, listPressKits } from "@fanfare/api/services/artist/public-page";
import { getDb } from "@fanfare/db";

import { PAGE_REVALIDATE_SECONDS } from "./public-data";

/**
 * The press kit's data for the cached public pages (issue 14 §8), read straight from the
 * services like `public-data.ts` (whose loaders give the press page its artist: name, bio, links,
 * tracks). Each loader is an `unstable_cache` entry whose tags join the page that used it.
 */

/**
 * The photos and one-sheet of artist `artistId` for `/a/<slug>/press`, or null for no such
 * artist (tag: `artist(id)`, which `updatePressKit` expires along with the artist page).
 */
export const loadPressKit = (artistId: string) =>
  unstable_cache(
    async () => getPublicPressKit({ artistId }, await getDb()),
    ["press-kit", artistId],
    { tags: [publicTags.artist(artistId)], revalidate: PAGE_REVALIDATE_SECONDS },
  )();

/**
 * The resource center's "Press kits" list: artists with a photo or a one-sheet, by name (tag:
 * `pressKits`, expired by `updatePressKit` and by a new artist name or picture).
 */
export const loadPressKitList = () =>
  unstable_cache(async () => listPressKits(await getDb()), ["press-kits"], {
    tags: [publicTags.pressKits],
    revalidate: PAGE_REVALIDATE_SECONDS,
  })();
