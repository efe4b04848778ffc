import type { LabelContractState, Prisma, PrismaClient } from "@fanfare/db";
import type { InviteArtistInput } from "@fanfare/validators";
import { contractTerm, ZInviteArtistInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { isUniqueViolation } from "../catalog/manage-tracks";
import { notify } from "../notifications/notify";
import { getOwnLabelOrThrow } from "./label-profile";

/** A contract as both sides' lists show it. Dates are UTC instants; `endsAt` exclusive. */
export type LabelContractView = {
  id: string;
  status: LabelContractState;
  /** The label's share of the artist's share of each sale, basis points. */
  labelShareBps: number;
  startsAt: Date;
  /** The first instant no longer in force; null: open ended. */
  endsAt: Date | null;
  canManage: boolean;
  invitedAt: Date;
  respondedAt: Date | null;
  endedAt: Date | null;
  /**
   * Ended because its end date came (`endedAt` = `endsAt`): ended on accepting another label's
   * invitation, or still `active` in the database with its end date past, shown as ended.
   */
  endedByTerm: boolean;
  label: { id: string; name: string; slug: string };
  artist: { id: string; name: string; slug: string };
};

export const contractViewSelect = {
  id: true,
  status: true,
  labelShareBps: true,
  startsAt: true,
  endsAt: true,
  canManage: true,
  invitedAt: true,
  respondedAt: true,
  endedAt: true,
  label: { select: { id: true, name: true, slug: true } },
  artist: { select: { id: true, name: true, slug: true } },
} satisfies Prisma.LabelContractSelect;

/**
 * A contract row as both sides see it at `now`: an `active` contract whose end date has passed
 * (`endsAt ≤ now`; nothing ends it in the database until the artist accepts another label, see
 * `transitionContract`) shows as `ended` by term, `endedAt` its `endsAt`.
 */
export const toContractView = (
  row: Prisma.LabelContractGetPayload<{ select: typeof contractViewSelect }>,
  now: Date = new Date(),
): LabelContractView => {
  const status = row.status as LabelContractState;
  if (status === "active" && row.endsAt && row.endsAt <= now)
    return { ...row, status: "ended", endedAt: row.endsAt, endedByTerm: true };
  const endedByTerm =
    status === "ended" && row.endsAt !== null && row.endedAt?.getTime() === row.endsAt.getTime();
  return { ...row, status, endedByTerm };
};

const pct = (bps: number) =>
  `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;

/**
 * Said when `findArtistOrThrow` finds no artist: the same words whether an email has no account
 * or an account without an artist profile, so inviting tells no one which emails have accounts.
 */
export const NO_SUCH_ARTIST = "No artist with that page address or email accepts invitations.";

/** The artist `ref` names: their page's slug, or (with an @) their account's email. */
async function findArtistOrThrow(ref: string, db: PrismaClient) {
  const byEmail = ref.includes("@");
  const artist = byEmail
    ? (
        await db.user.findUnique({
          where: { email: ref.toLowerCase() },
          select: { artist: { select: { id: true, name: true, slug: true, userId: true } } },
        })
      )?.artist
    : await db.artistProfile.findUnique({
        where: { slug: ref.toLowerCase() },
        select: { id: true, name: true, slug: true, userId: true },
      });
  if (!artist) throw new AppError("NOT_FOUND", NO_SUCH_ARTIST, { field: "artist" });
  return artist;
}

/**
 * The label of `userId` invites an artist onto its roster (`label.invite`): an `invited`
 * contract with the label's share (bps of the artist's share of each sale), its term
 * (`contractTerm`: from the start of `startsOn`, else now, to the end of `endsOn`, else open
 * ended) and `canManage`. The artist is named by page slug or account email. Notifies the
 * artist (`label_contract`) and writes the audit log (`label.invite`) in the same transaction.
 *
 * Inviting an artist who has an active contract with another label is allowed (they must end
 * that one before accepting); one open invitation per label and artist (partial unique index).
 * @returns the invitation.
 * @throws ZodError on bad input; AppError FORBIDDEN without a label, NOT_FOUND (field artist,
 *   `NO_SUCH_ARTIST`, one message for every miss) for an unknown artist, BAD_INPUT (field endsOn) when the term is already over, CONFLICT when the
 *   artist is already on the label's roster or already has an open invitation from it.
 */
export async function inviteArtist(
  input: { userId: string; data: InviteArtistInput; now?: Date },
  db: PrismaClient,
): Promise<LabelContractView> {
  const data = ZInviteArtistInput.parse(input.data);
  const now = input.now ?? new Date();
  const label = await getOwnLabelOrThrow({ userId: input.userId }, db);
  const artist = await findArtistOrThrow(data.artist, db);
  const { startsAt, endsAt } = contractTerm(data, now);
  if (endsAt && endsAt <= now)
    throw new AppError("BAD_INPUT", `End date ${data.endsOn} is already past.`, {
      field: "endsOn",
    });
  if (endsAt && endsAt <= startsAt)
    throw new AppError("BAD_INPUT", "End date must be on or after the start date.", {
      field: "endsOn",
    });
  // A contract past its end date is over (shown ended by term), so it does not block new terms.
  const active = await db.labelContract.findFirst({
    where: {
      labelId: label.id,
      artistId: artist.id,
      status: "active",
      OR: [{ endsAt: null }, { endsAt: { gt: now } }],
    },
    select: { id: true },
  });
  if (active)
    throw new AppError(
      "CONFLICT",
      `${artist.name} is already on ${label.name}'s roster (contract ${active.id}): end it before offering new terms.`,
    );
  try {
    return await db.$transaction(async (tx) => {
      const row = await tx.labelContract.create({
        data: {
          labelId: label.id,
          artistId: artist.id,
          labelShareBps: data.labelShareBps,
          startsAt,
          endsAt,
          canManage: data.canManage,
          invitedAt: now,
        },
        select: contractViewSelect,
      });
      await writeAudit(tx, {
        actorId: input.userId,
        action: "label.invite",
        subjectType: "LabelContract",
        subjectId: row.id,
        after: {
          labelId: label.id,
          artistId: artist.id,
          labelShareBps: data.labelShareBps,
          startsAt: startsAt.toISOString(),
          endsAt: endsAt?.toISOString() ?? null,
          canManage: data.canManage,
        },
      });
      await notify(tx, {
        userId: artist.userId,
        type: "label_contract",
        title: `${label.name} invites you to its roster`,
        body: `The label's share: ${pct(data.labelShareBps)} of your share of each sale.`,
        href: "/dashboard/artist/label",
        dedupeKey: `label-contract:${row.id}:invited`,
      });
      return toContractView(row);
    });
  } catch (e) {
    if (isUniqueViolation(e, "labelId") || isUniqueViolation(e, "one_invitation"))
      throw new AppError(
        "CONFLICT",
        `${label.name} already has an open invitation to ${artist.name}: wait for their answer or withdraw it.`,
      );
    throw e;
  }
}

/** A person's contracts as the artist's "Label" page shows them. */
export type ArtistLabelContracts = {
  /** Open invitations, newest first. */
  invitations: LabelContractView[];
  /**
   * The active contract (accepted; it may start later), or null. One whose end date has passed
   * is among `past`, ended by term.
   */
  current: LabelContractView | null;
  /** Declined and ended contracts, newest first. */
  past: LabelContractView[];
};

/**
 * The label contracts of the artist profile of `userId` (`label.myContracts`): open invitations
 * (the inbox), the active contract and the past ones. Always the user's own artist, never one a
 * label acts for. A contract past its end date is shown ended (`toContractView` at `now`).
 * @throws AppError FORBIDDEN when the user has no artist profile.
 */
export async function listArtistContracts(
  input: { userId: string; now?: Date },
  db: PrismaClient,
): Promise<ArtistLabelContracts> {
  const artist = await db.artistProfile.findUnique({
    where: { userId: input.userId },
    select: { id: true },
  });
  if (!artist)
    throw new AppError(
      "FORBIDDEN",
      `User ${input.userId} has no artist profile: labels invite artists.`,
    );
  const rows = await db.labelContract.findMany({
    where: { artistId: artist.id },
    orderBy: [{ invitedAt: "desc" }, { id: "desc" }],
    select: contractViewSelect,
  });
  const now = input.now ?? new Date();
  const views = rows.map((r) => toContractView(r, now));
  return {
    invitations: views.filter((c) => c.status === "invited"),
    current: views.find((c) => c.status === "active") ?? null,
    past: views.filter((c) => c.status === "declined" || c.status === "ended"),
  };
}
