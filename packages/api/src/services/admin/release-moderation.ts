import type { PrismaClient } from "@fanfare/db";
import type { ReleaseModerationInput } from "@fanfare/validators";
import { ZReleaseModerationInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";

/** The cached public pages that show a release: its page, its artist's page, discover. */
const releaseTags = (release: { id: string; artistId: string }) => [
  publicTags.release(release.id),
  publicTags.artist(release.artistId),
  publicTags.discover,
];

type LockedRelease = {
  id: string;
  title: string;
  artistId: string;
  published: boolean;
  takenDownAt: Date | null;
  takedownReason: string | null;
  deletedAt: Date | null;
};

/**
 * The release `releaseId`, locked for the rest of the transaction (so two admins acting at once
 * see each other's change); NOT_FOUND when it does not exist or its artist deleted it.
 */
async function lockRelease(
  tx: Pick<PrismaClient, "$queryRaw">,
  releaseId: string,
): Promise<LockedRelease> {
  const [r] = await tx.$queryRaw<LockedRelease[]>`
    SELECT "id", "title", "artistId", "published", "takenDownAt", "takedownReason", "deletedAt"
    FROM "Release" WHERE "id" = ${releaseId} FOR UPDATE`;
  if (!r || r.deletedAt) throw new AppError("NOT_FOUND", `Release ${releaseId} does not exist.`);
  return r;
}

const moderatedSelect = {
  id: true,
  title: true,
  slug: true,
  artistId: true,
  published: true,
  takenDownAt: true,
  takedownReason: true,
} as const;

/**
 * Takes a release down (issue 16 §1, as `takedownTrack`, issue 11 §2): unpublished at once, with
 * the reason the artist reads on their dashboard; the artist cannot publish it again
 * (`publishRelease` answers FORBIDDEN with the reason) until an admin restores it. Its tracks are
 * untouched (each is moderated on its own). Past sales, pre-orders already sold, downloads
 * already bought and the ledger are untouched. Audited ("release.takedown"); no email or
 * notification, as for tracks. Expires the release's cached page, its artist's page and
 * discover after the commit.
 * @param raw `{ releaseId, reason }` (`ZReleaseModerationInput`: reason 3–1000 characters).
 * @returns `{ id, title, slug, artistId, published: false, takenDownAt: now, takedownReason }`.
 * @throws AppError NOT_FOUND (unknown or deleted release), CONFLICT (already taken down);
 *   ZodError for input outside `ZReleaseModerationInput` (the router refuses it first).
 */
export async function takedownRelease(
  raw: ReleaseModerationInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
) {
  const input = ZReleaseModerationInput.parse(raw);
  const release = await db.$transaction(async (tx) => {
    const r = await lockRelease(tx, input.releaseId);
    if (r.takenDownAt)
      throw new AppError("CONFLICT", `Release "${r.title}" is already taken down.`);
    const updated = await tx.release.update({
      where: { id: r.id },
      data: { published: false, takenDownAt: now, takedownReason: input.reason },
      select: moderatedSelect,
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "release.takedown",
      subjectType: "release",
      subjectId: r.id,
      before: { published: r.published },
      after: { published: false, reason: input.reason },
    });
    return updated;
  });
  invalidatePublicPages(releaseTags(release));
  return release;
}

/**
 * Restores a taken-down release: the take-down is lifted and the artist may publish it again (it
 * stays unpublished until they do). Audited ("release.restore", with the admin's reason).
 * Expires the same cached pages as the take-down (nothing public changes while it stays
 * unpublished; this keeps every page that names the release in step with the database).
 * @param raw `{ releaseId, reason }` (`ZReleaseModerationInput`).
 * @returns `{ id, title, slug, artistId, published: false, takenDownAt: null, takedownReason: null }`.
 * @throws AppError NOT_FOUND (unknown or deleted release), CONFLICT (not taken down).
 */
export async function restoreRelease(
  raw: ReleaseModerationInput,
  actor: { userId: string | null },
  db: PrismaClient,
) {
  const input = ZReleaseModerationInput.parse(raw);
  const release = await db.$transaction(async (tx) => {
    const r = await lockRelease(tx, input.releaseId);
    if (!r.takenDownAt) throw new AppError("CONFLICT", `Release "${r.title}" is not taken down.`);
    const updated = await tx.release.update({
      where: { id: r.id },
      data: { takenDownAt: null, takedownReason: null },
      select: moderatedSelect,
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "release.restore",
      subjectType: "release",
      subjectId: r.id,
      before: { takenDown: true, reason: r.takedownReason },
      after: { takenDown: false, reason: input.reason },
    });
    return updated;
  });
  invalidatePublicPages(releaseTags(release));
  return release;
}
