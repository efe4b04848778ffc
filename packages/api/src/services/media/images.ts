import type { DbClient } from "@fanfare/db";

import { AppError } from "../app-error";

/** Where `ingestUpload` stores IMAGE uploads; the only prefix `/api/images/<name>` serves. */
export const IMAGE_KEY_PREFIX = "images/";

/**
 * The storage key of upload `uploadId` for use as a picture (an artist's image, a landing
 * page's photo) by `userId`: it must be that user's own `IMAGE` upload. The same upload may be
 * claimed again (saving a form twice); nothing is written here.
 * @param input.field the form field named in the error (e.g. "imageUploadId"); none by default.
 * @returns the storage key, `images/<id>.<ext>`.
 * @throws AppError BAD_INPUT when no such upload is the user's, or it is not an image upload
 *   (a track's master or artwork).
 */
export async function claimImageUpload(
  input: { userId: string; uploadId: string; field?: string },
  db: DbClient,
): Promise<string> {
  const upload = await db.upload.findUnique({
    where: { id: input.uploadId },
    select: { ownerId: true, kind: true, storageKey: true },
  });
  const field = input.field ? { field: input.field } : {};
  if (!upload || upload.ownerId !== input.userId)
    throw new AppError(
      "BAD_INPUT",
      `Upload ${input.uploadId} was not found among your uploads: upload the picture again.`,
      field,
    );
  if (upload.kind !== "IMAGE" || !upload.storageKey.startsWith(IMAGE_KEY_PREFIX))
    throw new AppError(
      "BAD_INPUT",
      `Upload ${input.uploadId} is ${upload.kind.toLowerCase()}, not a picture: upload it as an image.`,
      field,
    );
  return upload.storageKey;
}

/**
 * The public URL of a picture stored under `key` (`images/<id>.<ext>` → `/api/images/<id>.<ext>`,
 * served by apps/web/src/app/api/images/[name]), or null for no picture. A key outside
 * `images/` (a master, a preview, artwork) never gets a URL.
 */
export function publicImageUrl(key: string | null): string | null {
  if (!key?.startsWith(IMAGE_KEY_PREFIX)) return null;
  const name = key.slice(IMAGE_KEY_PREFIX.length);
  return name && !name.includes("/") ? `/api/images/${name}` : null;
}
