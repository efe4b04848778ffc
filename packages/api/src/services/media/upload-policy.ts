import type { DbClient, UploadKind } from "@fanfare/db";

import { AppError } from "../app-error";
import { managesAnyRosterCatalog } from "../labels/acting";
import { getSettings } from "../settings/settings";

/**
 * Who may upload each kind of file (issue 8, "Uploads: an owner rule per kind"):
 * - MASTER (a track's audio) and ARTWORK (its cover): artists, i.e. users with an artist profile,
 *   and labels managing a roster artist's catalog (issue 16 §5: a contract in force with
 *   `canManage`; the upload stays the label user's and becomes the artist's track through
 *   `artist.createTrack` while the label acts for them).
 * - IMAGE (an artist's picture, a landing page's photo; issue 14): any signed-in user.
 * Later kinds join this table: label uploads for their roster's tracks; resource files for admins.
 */
export const UPLOAD_OWNER_RULES: Readonly<Record<UploadKind, UploadOwnerRule>> = {
  MASTER: "artist",
  ARTWORK: "artist",
  IMAGE: "signed-in",
};

export type UploadOwnerRule = "artist" | "signed-in" | "admin";

type Uploader = { isArtist: boolean; isAdmin: boolean };

/** True when `user` may upload `kind` under `UPLOAD_OWNER_RULES`. Pure. */
export function mayUpload(user: Uploader, kind: UploadKind): boolean {
  const rule = UPLOAD_OWNER_RULES[kind];
  switch (rule) {
    case "artist":
      return user.isArtist;
    case "signed-in":
      return true;
    case "admin":
      return user.isAdmin;
    default: {
      const unknown: never = rule;
      throw new Error(`Unknown upload owner rule ${String(unknown)}.`);
    }
  }
}

/**
 * Uploads of `ownerId` that nothing uses yet (no track as master or artwork; for an image, no
 * artist profile as its picture or press photo and no landing page as its photo): the pending
 * uploads the quota UPLOAD_PENDING_QUOTA counts.
 */
export async function countPendingUploads(ownerId: string, db: DbClient): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "Upload" u
    WHERE u."ownerId" = ${ownerId}
      AND NOT EXISTS (SELECT 1 FROM "Track" t WHERE t."masterUploadId" = u.id OR t."artworkKey" = u."storageKey")
      AND (u."kind" <> 'IMAGE' OR (
        NOT EXISTS (SELECT 1 FROM "ArtistProfile" a WHERE a."imageKey" = u."storageKey")
        AND NOT EXISTS (SELECT 1 FROM "LandingPage" l WHERE l."photoKey" = u."storageKey")
        -- A press photo is always its owner's own (claimImageUpload): one profile, by userId.
        AND NOT EXISTS (SELECT 1 FROM "ArtistProfile" p
          WHERE p."userId" = u."ownerId" AND u."storageKey" = ANY(p."pressPhotoKeys"))))`;
  return rows[0]?.n ?? 0;
}

/**
 * Checks, before a file is read, that `userId` may upload `kind` (or, with `kind` null because the
 * form is not read yet, at least one kind) and is under the pending-upload quota.
 * @throws AppError FORBIDDEN (field kind) when the owner rule refuses the user; CONFLICT when
 *   UPLOAD_PENDING_QUOTA uploads are already waiting to be used by a track; NOT_FOUND for an
 *   unknown user.
 */
export async function assertUploadAllowed(
  input: { userId: string; kind: UploadKind | null },
  db: DbClient,
): Promise<void> {
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { isAdmin: true, artist: { select: { id: true } } },
  });
  if (!user) throw new AppError("NOT_FOUND", `User ${input.userId} does not exist.`);
  const uploader = {
    isArtist: user.artist !== null || (await managesAnyRosterCatalog(input.userId, db)),
    isAdmin: user.isAdmin,
  };
  const kinds = input.kind ? [input.kind] : (Object.keys(UPLOAD_OWNER_RULES) as UploadKind[]);
  if (!kinds.some((k) => mayUpload(uploader, k))) {
    const what = input.kind ? `${input.kind.toLowerCase()} files` : "files";
    throw new AppError(
      "FORBIDDEN",
      `Only artists can upload ${what}: create your artist profile first.`,
      { field: "kind" },
    );
  }
  const quota = (await getSettings()).UPLOAD_PENDING_QUOTA;
  const pending = await countPendingUploads(input.userId, db);
  if (pending >= quota) {
    throw new AppError(
      "CONFLICT",
      `You have ${pending} uploads not used by any track yet (the limit is ${quota}): use them in a track before uploading more.`,
      { field: "file" },
    );
  }
}
