import type { PrismaClient } from "@fanfare/db";
import type { LicenseKind, LicenseTierKind } from "@fanfare/db/kinds";
import type {
  LicenseKindName,
  LicenseTierKindName,
  SaveLicenseTierInput,
} from "@fanfare/validators";
import { formatCents, ZRetireLicenseTierInput, ZSaveLicenseTierInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import { getOwnTrackOrThrow } from "./manage-tracks";

/**
 * Licence tiers (issue 16 §4): beside the personal licence every purchase carries, an artist may
 * sell each of their tracks under a commercial and a sync licence, each at its own price (at
 * least the track's price) with its own terms. A tier's `termsVersion` goes up each time its terms
 * change; a licence keeps the terms and version it was issued with. A retired tier (`active`
 * false) is no longer offered; the licences sold under it stay valid.
 */

/** A tier as the artist's editor shows it. `soldCount`: licences issued under it. */
export type ArtistLicenseTier = {
  id: string;
  kind: LicenseTierKind;
  name: string;
  priceCents: number;
  terms: string;
  termsVersion: number;
  active: boolean;
  updatedAt: Date;
  soldCount: number;
};

/** A tier as the public track page and its buy form show it (plain JSON, cacheable). */
export type PublicLicenseTier = {
  id: string;
  kind: LicenseTierKind;
  name: string;
  /** Cents: what the buyer pays for the track under this licence. */
  priceCents: number;
  terms: string;
  termsVersion: number;
};

// The validators' kinds are the database's (LICENSE_KINDS, LICENSE_TIER_KINDS): checked both ways
// at compile time, so a kind added to one list is a type error until the other names it.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const LICENSE_KINDS_AGREE: Same<LicenseKind, LicenseKindName> &
  Same<LicenseTierKind, LicenseTierKindName> = true;

const KIND_ORDER: Record<LicenseTierKind, number> = { commercial: 0, sync: 1 };
const byKind = <T extends { kind: string }>(a: T, b: T) =>
  KIND_ORDER[a.kind as LicenseTierKind] - KIND_ORDER[b.kind as LicenseTierKind];

/**
 * The tiers of the artist's own track `trackId`, retired ones included, commercial then sync.
 * @throws AppError NOT_FOUND "Track X was not found among your tracks" (another artist's,
 *   deleted or unknown track).
 */
export async function listLicenseTiers(
  input: { artistId: string; trackId: string },
  db: PrismaClient,
): Promise<ArtistLicenseTier[]> {
  await getOwnTrackOrThrow(db, input.artistId, input.trackId);
  const rows = await db.licenseTier.findMany({
    where: { trackId: input.trackId },
    include: { _count: { select: { licenses: true } } },
  });
  return rows.sort(byKind).map(({ _count, trackId: _t, createdAt: _c, ...t }) => ({
    ...t,
    kind: t.kind as LicenseTierKind,
    soldCount: _count.licenses,
  }));
}

/**
 * Creates the track's tier of `data.kind`, or changes it (one tier per kind per track): name,
 * price, terms; a change of the terms (compared after trimming) bumps `termsVersion`. Saving a
 * retired tier offers it again. The price is at least the track's price (its suggested price when
 * pay-what-you-want). Expires the track's public page (its buy form lists the tiers).
 * @returns the tier as `listLicenseTiers` shows it.
 * @throws AppError NOT_FOUND (not the artist's track), BAD_INPUT (field `priceCents`: under the
 *   track's price; the schema's rules).
 */
export async function saveLicenseTier(
  input: { artistId: string; data: SaveLicenseTierInput },
  db: PrismaClient,
): Promise<ArtistLicenseTier> {
  const data = ZSaveLicenseTierInput.parse(input.data);
  const track = await getOwnTrackOrThrow(db, input.artistId, data.trackId);
  if (data.priceCents < track.priceCents)
    throw new AppError(
      "BAD_INPUT",
      `A licence costs at least the track's price, ${formatCents(track.priceCents, track.currency)}.`,
      { field: "priceCents" },
    );
  const saved = await db.$transaction(async (tx) => {
    // One writer per track's tiers at a time: the version bump reads what it replaces.
    await tx.$queryRaw`SELECT "id" FROM "Track" WHERE "id" = ${track.id} FOR UPDATE`;
    const existing = await tx.licenseTier.findUnique({
      where: { trackId_kind: { trackId: track.id, kind: data.kind } },
    });
    if (!existing)
      return tx.licenseTier.create({
        data: {
          trackId: track.id,
          kind: data.kind,
          name: data.name,
          priceCents: data.priceCents,
          terms: data.terms,
        },
      });
    return tx.licenseTier.update({
      where: { id: existing.id },
      data: {
        name: data.name,
        priceCents: data.priceCents,
        terms: data.terms,
        active: true,
        ...(existing.terms !== data.terms ? { termsVersion: existing.termsVersion + 1 } : {}),
      },
    });
  });
  invalidatePublicPages([publicTags.track(track.id)]);
  const soldCount = await db.license.count({ where: { tierId: saved.id } });
  return {
    id: saved.id,
    kind: saved.kind as LicenseTierKind,
    name: saved.name,
    priceCents: saved.priceCents,
    terms: saved.terms,
    termsVersion: saved.termsVersion,
    active: saved.active,
    updatedAt: saved.updatedAt,
    soldCount,
  };
}

/**
 * Stops offering the track's tier of `kind` (`active` false); licences sold under it stay valid.
 * Idempotent. Expires the track's public page.
 * @throws AppError NOT_FOUND (not the artist's track, or the track has no tier of that kind).
 */
export async function retireLicenseTier(
  input: { artistId: string; data: { trackId: string; kind: string } },
  db: PrismaClient,
): Promise<{ id: string; active: false }> {
  const data = ZRetireLicenseTierInput.parse(input.data);
  const track = await getOwnTrackOrThrow(db, input.artistId, data.trackId);
  const tier = await db.licenseTier.findUnique({
    where: { trackId_kind: { trackId: track.id, kind: data.kind } },
  });
  if (!tier)
    throw new AppError("NOT_FOUND", `Track ${track.id} has no ${data.kind} licence to retire.`);
  if (tier.active) {
    await db.licenseTier.update({ where: { id: tier.id }, data: { active: false } });
    invalidatePublicPages([publicTags.track(track.id)]);
  }
  return { id: tier.id, active: false };
}

/** The active tiers of track `trackId` for its public page and buy form, commercial then sync. */
export async function publicLicenseTiers(
  trackId: string,
  db: Pick<PrismaClient, "licenseTier">,
): Promise<PublicLicenseTier[]> {
  const rows = await db.licenseTier.findMany({
    where: { trackId, active: true },
    select: {
      id: true,
      kind: true,
      name: true,
      priceCents: true,
      terms: true,
      termsVersion: true,
    },
  });
  return rows.sort(byKind).map((t) => ({ ...t, kind: t.kind as LicenseTierKind }));
}

/**
 * The tier a checkout asked for (`licenseTierId`), checked against the product: only a track has
 * tiers, and only its own active ones are sold. Null when none was asked for (the personal
 * licence). The tier's `priceCents` is the sale's list price (discounts and campaigns apply to
 * it as to any price; pay-what-you-want does not: the tier's price is fixed).
 * @throws AppError BAD_INPUT (field `licenseTierId`: a release), NOT_FOUND (field
 *   `licenseTierId`: no such active tier on this track).
 */
export async function licenseTierForCheckout(
  product: { kind: "track" | "release"; id: string },
  licenseTierId: string | undefined,
  db: Pick<PrismaClient, "licenseTier">,
): Promise<{ id: string; priceCents: number } | null> {
  if (licenseTierId === undefined) return null;
  if (product.kind !== "track")
    throw new AppError(
      "BAD_INPUT",
      "A release comes with the personal licence only; licence tiers are sold per track.",
      { field: "licenseTierId" },
    );
  const tier = await db.licenseTier.findUnique({
    where: { id: licenseTierId },
    select: { id: true, trackId: true, active: true, priceCents: true },
  });
  if (!tier || tier.trackId !== product.id || !tier.active)
    throw new AppError("NOT_FOUND", `Licence ${licenseTierId} is not offered on this track.`, {
      field: "licenseTierId",
    });
  return { id: tier.id, priceCents: tier.priceCents };
}
