import type { ArtistProfile, DbClient } from "@fanfare/db";

import { AppError } from "../app-error";
import { inForceWhere } from "./contracts";

/** Who acts: the label, under which contract, for which artist (trpc's `ctx.actingLabel`). */
export type ActingLabel = { id: string; name: string; contractId: string; userId: string };

/**
 * Checks that `userId`'s label may act for `artistId` at `at` (upload and edit the artist's
 * catalog, issue 16 §5): the label has a contract with the artist in force then (active,
 * startsAt ≤ at < endsAt, `inForceWhere`) that has `canManage`. Re-checked on every request, so
 * ending the contract or its end date stops the label at once.
 * @returns the artist's profile (the row `artistProcedure` puts on `ctx.artist`) and the label.
 * @throws AppError FORBIDDEN naming the reason: no label, the artist not on the roster under a
 *   contract in force (ended, not yet started, expired, only invited, or never), or a contract
 *   without `canManage`.
 */
export async function resolveActingArtist(
  input: { userId: string; artistId: string; at?: Date },
  db: DbClient,
): Promise<{ artist: ArtistProfile; label: ActingLabel }> {
  const at = input.at ?? new Date();
  const label = await db.labelProfile.findUnique({
    where: { userId: input.userId },
    select: { id: true, name: true },
  });
  if (!label)
    throw new AppError(
      "FORBIDDEN",
      `You have no label, so you cannot act for artist ${input.artistId}: stop acting for them.`,
    );
  const contract = await db.labelContract.findFirst({
    where: { ...inForceWhere(input.artistId, at), labelId: label.id },
    select: { id: true, canManage: true, artist: true },
  });
  if (!contract)
    throw new AppError(
      "FORBIDDEN",
      `Artist ${input.artistId} is not on ${label.name}'s roster under a contract in force now: ${label.name} cannot manage their catalog.`,
    );
  if (!contract.canManage)
    throw new AppError(
      "FORBIDDEN",
      `${label.name}'s contract with ${contract.artist.name} does not let the label manage their catalog (ask them to allow it in a new contract).`,
    );
  return {
    artist: contract.artist,
    label: { id: label.id, name: label.name, contractId: contract.id, userId: input.userId },
  };
}

/**
 * True when `userId` has a label with at least one contract in force now that lets it manage a
 * roster artist's catalog: such a label may upload masters and artwork (`assertUploadAllowed`),
 * which become the roster artist's tracks through `artist.createTrack` while acting for them.
 */
export async function managesAnyRosterCatalog(userId: string, db: DbClient): Promise<boolean> {
  const now = new Date();
  const found = await db.labelContract.findFirst({
    where: {
      label: { userId },
      canManage: true,
      status: "active",
      startsAt: { lte: now },
      OR: [{ endsAt: null }, { endsAt: { gt: now } }],
    },
    select: { id: true },
  });
  return found !== null;
}
