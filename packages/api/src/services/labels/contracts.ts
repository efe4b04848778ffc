import type { Prisma, PrismaClient } from "@fanfare/db";

type Db = PrismaClient | Prisma.TransactionClient;

/** The contract a sale of the artist's records its label's share from (issue 16 §5). */
export type ContractInForce = {
  /** LabelContract.id, recorded as Sale.labelContractId. */
  id: string;
  /** LabelProfile.id, recorded as Sale.labelId. */
  labelId: string;
  /** The label's share of the artist's share of the sale, basis points (1–10 000). */
  labelShareBps: number;
};

/**
 * The Prisma `where` of "the artist's contract in force at `at`": status `active`,
 * `startsAt ≤ at` and (`endsAt` null or `at < endsAt`) — the start is inclusive, the end
 * exclusive. Shared by `contractInForce` and the acting-as-artist check, so both read the same
 * rule.
 */
export const inForceWhere = (artistId: string, at: Date): Prisma.LabelContractWhereInput => ({
  artistId,
  status: "active",
  startsAt: { lte: at },
  OR: [{ endsAt: null }, { endsAt: { gt: at } }],
});

/**
 * The label contract of `artistId` in force at `at` (UTC instant), or null when the artist has
 * none: status `active` and `startsAt ≤ at` and (`endsAt` null or `at < endsAt`). At most one
 * contract is active per artist (partial unique index `LabelContract_one_active_per_artist`), so
 * the answer is unique. An accepted contract whose start lies ahead, or whose end has passed, is
 * not in force; an `ended` contract never is, whatever its dates.
 *
 * Checkout calls it at checkout start and records the result on the sale (labelId,
 * labelContractId, labelShareBps); a sale keeps that label for good, so ending or changing a
 * contract never touches past sales.
 * @param db a client or an interactive transaction (checkout passes its transaction).
 * @param artistId ArtistProfile.id.
 * @param at the instant to judge at, usually the checkout's start.
 * @returns `{ id, labelId, labelShareBps }` or null. Throws nothing of its own.
 */
export async function contractInForce(
  db: Db,
  artistId: string,
  at: Date,
): Promise<ContractInForce | null> {
  return db.labelContract.findFirst({
    where: inForceWhere(artistId, at),
    select: { id: true, labelId: true, labelShareBps: true },
  });
}
