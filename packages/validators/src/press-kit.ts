import { z } from "zod";

import { zId, zText } from "./text";

/**
 * An artist's press kit (issue 14 §8: "per-artist press kits (photos, bio, one-sheet) that
 * promoters can use"), public at `/a/<slug>/press` and edited on the artist dashboard
 * (`artist.updatePressKit`). The bio and links are the artist page's own; the kit adds press
 * photos and a one-sheet. The database CHECKs the same limits (`ArtistProfile_press_kit_check`,
 * migration `20261206204721_promoter_referrals_onboarding_press_kits`).
 */

/** The most press photos a kit holds (ArtistProfile.pressPhotoKeys; the database CHECKs it). */
export const MAX_PRESS_PHOTOS = 6;
/** Characters of the one-sheet's Markdown (the database CHECKs the same). */
export const MAX_ONE_SHEET = 10_000;

/**
 * The press photos in the order the kit shows them: ids of the caller's own `image` uploads
 * (the ones `artist.pressKit` answers, and new ones from POST /api/uploads), at most
 * `MAX_PRESS_PHOTOS`, each once.
 */
export const ZPressPhotoUploadIds = z
  .array(zId("Press photo upload id"), { error: "Press photos must be a list of upload ids." })
  .max(
    MAX_PRESS_PHOTOS,
    `A press kit holds at most ${MAX_PRESS_PHOTOS} photos: remove one before adding another.`,
  )
  .refine(
    (ids) => new Set(ids).size === ids.length,
    "The same press photo is listed twice: list each photo once.",
  );

/** The one-sheet: Markdown (rendered without raw HTML), trimmed, at most `MAX_ONE_SHEET` characters. */
export const ZOneSheet = zText("One-sheet", { multiline: true })
  .trim()
  .max(
    MAX_ONE_SHEET,
    `One-sheet must be at most ${MAX_ONE_SHEET.toLocaleString("en-US")} characters.`,
  );

/**
 * `artist.updatePressKit`: each field absent keeps what is stored. `photoUploadIds` replaces the
 * whole list (an empty list removes every photo); `oneSheet` "" removes the one-sheet.
 */
export const ZUpdatePressKitInput = z.object({
  photoUploadIds: ZPressPhotoUploadIds.optional(),
  oneSheet: ZOneSheet.optional(),
});
export type UpdatePressKitInput = z.input<typeof ZUpdatePressKitInput>;

/** The dashboard's one-sheet form (the photos are managed beside it, not as form fields). */
export const ZPressKitForm = z.object({ oneSheet: ZOneSheet });
export type PressKitForm = z.input<typeof ZPressKitForm>;
