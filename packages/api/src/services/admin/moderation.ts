import type { PrismaClient } from "@fanfare/db";
import type { SetLinkDisabledInput, TrackModerationInput } from "@fanfare/validators";
import { ZSetLinkDisabledInput, ZTrackModerationInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";

/**
 * Disables or re-enables one promoter link (issue 11 §2). A disabled link still shows its track,
 * but its clicks are not recorded and it attributes nothing (`recordClick`,
 * `resolveAttribution`); the promoter sees the reason beside the link. Audited.
 * @throws AppError NOT_FOUND (unknown link), CONFLICT (already in that state).
 */
export async function setLinkDisabled(
  raw: SetLinkDisabledInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
) {
  const input = ZSetLinkDisabledInput.parse(raw);
  const updated = await db.$transaction(async (tx) => {
    const [link] = await tx.$queryRaw<
      { id: string; code: string; disabled: boolean; disabledReason: string | null }[]
    >`SELECT "id", "code", "disabled", "disabledReason" FROM "AffiliateLink" WHERE "id" = ${input.linkId} FOR UPDATE`;
    if (!link) throw new AppError("NOT_FOUND", `Link ${input.linkId} does not exist.`);
    if (link.disabled === input.disabled)
      throw new AppError(
        "CONFLICT",
        `Link ${link.code} is already ${input.disabled ? "disabled" : "enabled"}.`,
      );
    const updated = await tx.affiliateLink.update({
      where: { id: link.id },
      data: input.disabled
        ? {
            disabled: true,
            disabledReason: input.reason,
            disabledAt: now,
            disabledById: actor.userId,
          }
        : { disabled: false, disabledReason: null, disabledAt: null, disabledById: null },
      select: { id: true, code: true, disabled: true, disabledReason: true },
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: input.disabled ? "link.disable" : "link.enable",
      subjectType: "link",
      subjectId: link.id,
      before: { disabled: link.disabled, reason: link.disabledReason },
      after: { disabled: input.disabled, reason: input.reason },
    });
    return updated;
  });
  // A disabled link's code no longer says "Recommended by" on the track's shared page.
  invalidatePublicPages([publicTags.refCode(updated.code)]);
  return updated;
}

/**
 * Takes a track down (issue 11 §2): unpublished at once (its page, its artist's page and discover
 * revalidated), with the reason the artist reads; the artist cannot publish it again until an
 * admin restores it.
 * Past sales, downloads already bought and the ledger are untouched. Audited.
 * @throws AppError NOT_FOUND (unknown or deleted track), CONFLICT (already taken down).
 */
export async function takedownTrack(
  raw: TrackModerationInput,
  actor: { userId: string | null },
  db: PrismaClient,
  now: Date = new Date(),
) {
  const input = ZTrackModerationInput.parse(raw);
  const track = await db.$transaction(async (tx) => {
    const [t] = await tx.$queryRaw<
      {
        id: string;
        title: string;
        published: boolean;
        takenDownAt: Date | null;
        deletedAt: Date | null;
      }[]
    >`SELECT "id", "title", "published", "takenDownAt", "deletedAt" FROM "Track" WHERE "id" = ${input.trackId} FOR UPDATE`;
    if (!t || t.deletedAt)
      throw new AppError("NOT_FOUND", `Track ${input.trackId} does not exist.`);
    if (t.takenDownAt) throw new AppError("CONFLICT", `Track "${t.title}" is already taken down.`);
    const updated = await tx.track.update({
      where: { id: t.id },
      data: { published: false, takenDownAt: now, takedownReason: input.reason },
      select: {
        id: true,
        title: true,
        artistId: true,
        published: true,
        takenDownAt: true,
        takedownReason: true,
      },
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "track.takedown",
      subjectType: "track",
      subjectId: t.id,
      before: { published: t.published },
      after: { published: false, reason: input.reason },
    });
    return updated;
  });
  invalidatePublicPages([
    publicTags.track(track.id),
    publicTags.artist(track.artistId),
    publicTags.discover,
  ]);
  return track;
}

/**
 * Restores a taken-down track: the takedown is lifted and the artist may publish it again (it
 * stays unpublished until they do). Audited.
 * @throws AppError NOT_FOUND (unknown or deleted track), CONFLICT (not taken down).
 */
export async function restoreTrack(
  raw: TrackModerationInput,
  actor: { userId: string | null },
  db: PrismaClient,
) {
  const input = ZTrackModerationInput.parse(raw);
  return db.$transaction(async (tx) => {
    const [t] = await tx.$queryRaw<
      {
        id: string;
        title: string;
        takedownReason: string | null;
        takenDownAt: Date | null;
        deletedAt: Date | null;
      }[]
    >`SELECT "id", "title", "takedownReason", "takenDownAt", "deletedAt" FROM "Track" WHERE "id" = ${input.trackId} FOR UPDATE`;
    if (!t || t.deletedAt)
      throw new AppError("NOT_FOUND", `Track ${input.trackId} does not exist.`);
    if (!t.takenDownAt) throw new AppError("CONFLICT", `Track "${t.title}" is not taken down.`);
    const updated = await tx.track.update({
      where: { id: t.id },
      data: { takenDownAt: null, takedownReason: null },
      select: { id: true, title: true, published: true, takenDownAt: true, takedownReason: true },
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: "track.restore",
      subjectType: "track",
      subjectId: t.id,
      before: { takenDown: true, reason: t.takedownReason },
      after: { takenDown: false, reason: input.reason },
    });
    return updated;
  });
}
