import type { LedgerAccountType, LedgerEntryKind, SaleShareKind, SharePayee } from "@fanfare/db";
import { formatCents } from "@fanfare/validators";

import { ledgerAccountId } from "../ledger/post-transaction";

/**
 * A sale's money as a list of shares, and the pure rules settlement applies to it: which part of
 * each share a refund or dispute takes back, where each share sits in the ledger, what kind of
 * movement a settlement posts, how it is described, and how the denormalised totals change.
 * `settleSale` (settle-sale.ts) reads the sale's recorded shares (`SaleShare` rows), calls these,
 * and writes the result; nothing here touches the database.
 *
 * The list is recorded on the sale when checkout starts (`sharesOfSale` → `shareRows`): fee,
 * artist, commission (with any boost and tier bonus in it) and the recruiter's second-tier share
 * (issue 14 §6). A later slice of a sale (label share, discount funding) becomes one more share in
 * `sharesOfSale`'s list (and one more SALE_SHARE_KINDS value); the reversal, the position, the
 * totals and `ledger:verify` follow the list.
 */

export type { SharePayee };

export type SaleShare = {
  /** What the share is (SALE_SHARE_KINDS), for descriptions and reports. */
  kind: SaleShareKind;
  payee: SharePayee;
  /** The artist's or promoter's profile id; none for the platform. */
  ownerId?: string;
  /** Integer cents, ≥ 0. */
  cents: number;
  /**
   * The share that takes the rounding remainder of a reversal (the artist's: the split gives
   * the artist the exact remainder too). Exactly one share of a list is residual.
   */
  residual?: boolean;
};

/**
 * The shares of a sale, in claim order: platform fee, artist, commission (only when the sale is
 * attributed to a promoter), the recruiter's share (issue 14 §6: only when the attributed promoter's
 * recruiter has one on this sale, `recruiterCents` > 0), the label's share (issue 16 §5: only when
 * the artist's label takes one, `labelCents` > 0; the artist's share is then what the artist
 * keeps). They sum to the sale's amount. The one
 * place a sale's list is built: checkout start and completion record what it returns
 * (`shareRows`).
 * @param sale the split (`splitSaleAmount`, integer cents) and who it pays.
 */
export function sharesOfSale(sale: {
  platformFeeCents: number;
  artistCents: number;
  commissionCents: number;
  recruiterCents?: number;
  artistId: string;
  promoterId: string | null;
  recruiterId?: string | null;
  labelCents?: number;
  labelId?: string | null;
}): SaleShare[] {
  const shares: SaleShare[] = [
    { kind: "PLATFORM_FEE", payee: "platform", cents: sale.platformFeeCents },
    {
      kind: "ARTIST",
      payee: "artist",
      ownerId: sale.artistId,
      cents: sale.artistCents,
      residual: true,
    },
  ];
  if (sale.promoterId)
    shares.push({
      kind: "COMMISSION",
      payee: "promoter",
      ownerId: sale.promoterId,
      cents: sale.commissionCents,
    });
  if (sale.promoterId && sale.recruiterId && (sale.recruiterCents ?? 0) > 0)
    shares.push({
      kind: "RECRUITER",
      payee: "promoter",
      ownerId: sale.recruiterId,
      cents: sale.recruiterCents!,
    });
  if (sale.labelId && (sale.labelCents ?? 0) > 0)
    shares.push({ kind: "LABEL", payee: "label", ownerId: sale.labelId, cents: sale.labelCents! });
  return shares;
}

/**
 * Whether a share is the attributed promoter's own commission (COMMISSION), as opposed to the
 * recruiter's second-tier share, which also pays a promoter but is not the sale's commission:
 * it never counts in the commission's status, the link's or promoter's totals, or the sales
 * counts (issue 14 §6).
 */
export function isCommissionShare(s: Pick<SaleShare, "kind" | "payee">): boolean {
  return s.payee === "promoter" && s.kind !== "RECRUITER";
}

/** A `SaleShare` row as the database stores it (position = index in the list). */
export type SaleShareRow = {
  position: number;
  kind: SaleShareKind;
  payee: SharePayee;
  ownerId: string | null;
  amountCents: number;
  residual: boolean;
};

/** The rows that record `shares` on a sale, in list order (for `SaleShare` create/createMany). */
export function shareRows(shares: readonly SaleShare[]): SaleShareRow[] {
  return shares.map((s, position) => ({
    position,
    kind: s.kind,
    payee: s.payee,
    ownerId: s.ownerId ?? null,
    amountCents: s.cents,
    residual: s.residual === true,
  }));
}

/**
 * A sale's list back from its recorded rows, in position order.
 * @throws Error when the sale has no recorded shares (every sale records them at checkout).
 */
export function sharesFromRows(
  saleId: string,
  rows: readonly {
    position: number;
    kind: string;
    payee: string;
    ownerId: string | null;
    amountCents: number;
    residual: boolean;
  }[],
): SaleShare[] {
  if (rows.length === 0) throw new Error(`Sale ${saleId} has no recorded shares.`);
  return [...rows]
    .sort((a, b) => a.position - b.position)
    .map((r) => ({
      kind: r.kind as SaleShareKind,
      payee: r.payee as SharePayee,
      ...(r.ownerId ? { ownerId: r.ownerId } : {}),
      cents: r.amountCents,
      ...(r.residual ? { residual: true } : {}),
    }));
}

/**
 * How much of each share a reversal (refunds plus lost or open disputes) takes back, in the
 * list's order.
 *
 * Rule: each share other than the residual one gives back share × reversed ÷ amount, rounded
 * half up to the cent, computed on the CUMULATIVE reversed amount (never on one refund alone),
 * so successive partial refunds can never drift from a single refund of the same total; the
 * residual share (the artist's) gives back the exact remainder, clamped to its share. When the
 * clamp bites (a 1-cent rounding edge), the other shares absorb the difference in list order,
 * each within its own share. A full reversal takes back exactly every share; the parts always
 * sum to the reversed amount.
 *
 * @param amountCents the sale's amount (the shares' sum).
 * @param reversedCents cumulative reversed amount, 0 ≤ reversedCents ≤ amountCents.
 * @throws RangeError when reversedCents is outside [0, amountCents], when the shares do not sum
 *   to the amount, or when the list has no single residual share.
 */
export function reverseShares(
  shares: readonly SaleShare[],
  amountCents: number,
  reversedCents: number,
): number[] {
  if (!Number.isSafeInteger(reversedCents) || reversedCents < 0 || reversedCents > amountCents)
    throw new RangeError(
      `Reversed amount ${reversedCents} cents is outside 0..${amountCents} cents.`,
    );
  const total = shares.reduce((t, s) => t + s.cents, 0);
  if (total !== amountCents)
    throw new RangeError(`Shares sum to ${total} cents, not the amount ${amountCents} cents.`);
  const residual = shares.findIndex((s) => s.residual);
  if (residual < 0 || shares.findLastIndex((s) => s.residual) !== residual)
    throw new RangeError("A sale's shares need exactly one residual share.");
  if (reversedCents === 0 || amountCents === 0) return shares.map(() => 0);
  if (reversedCents === amountCents) return shares.map((s) => s.cents);
  // share × reversed ÷ amount, rounded half up, in exact integer arithmetic.
  const back = shares.map((s, i) =>
    i === residual
      ? 0
      : Math.floor((s.cents * reversedCents * 2 + amountCents) / (2 * amountCents)),
  );
  const others = back.reduce((t, c) => t + c, 0);
  back[residual] = Math.max(0, Math.min(shares[residual]!.cents, reversedCents - others));
  let rest = reversedCents - others - back[residual]!;
  const absorbers = shares.map((_, i) => i).filter((i) => i !== residual);
  for (const [n, i] of absorbers.entries()) {
    if (rest === 0) break;
    const last = n === absorbers.length - 1;
    const room = rest > 0 ? shares[i]!.cents - back[i]! : -back[i]!;
    const move = last ? rest : rest > 0 ? Math.min(rest, room) : Math.max(rest, room);
    back[i]! += move;
    rest -= move;
  }
  return back;
}

/**
 * What each payee holds of a sale after a reversal (cents): the sum of its shares net of what
 * `reverseShares` takes back, the amounts settlement posts. `promoter` is the attributed
 * promoter's commission; `recruiter` the recruiter's second-tier share (issue 14 §6), apart.
 * For listings (the artist's sales).
 * @throws RangeError as `reverseShares`.
 */
export function netByPayee(
  shares: readonly SaleShare[],
  amountCents: number,
  reversedCents: number,
): Record<SharePayee | "recruiter", number> {
  const back = reverseShares(shares, amountCents, reversedCents);
  const net = { platform: 0, artist: 0, promoter: 0, recruiter: 0, label: 0 };
  for (const [i, s] of shares.entries())
    net[s.kind === "RECRUITER" ? "recruiter" : s.payee] += s.cents - back[i]!;
  return net;
}

/** One ledger account's desired balance from one sale. */
export type PositionLine = { type: LedgerAccountType; ownerId?: string; cents: number };

/**
 * Where a sale's money should sit now, per ledger account id: the buyer clearing account owes
 * −(amount − reversed); each share, net of what was reversed, sits with its payee: the platform's
 * in PLATFORM_REVENUE, the artist's, promoter's and label's in their *_PENDING account inside the holding
 * period and their *_BALANCE (payable) account once released, the other of the two at 0. A
 * share whose kind is in `heldKinds` (the commission and the recruiter's share while the
 * commission is held, issue 11 §2; the recruiter's share alone while the recruiter is suspended,
 * issue 14 §6) stays in its *_PENDING account even after the release. Shares paying the same
 * account add up.
 * @param back what the reversal takes from each share (`reverseShares`), in the list's order.
 */
export function desiredPosition(input: {
  shares: readonly SaleShare[];
  back: readonly number[];
  amountCents: number;
  reversedCents: number;
  released: boolean;
  heldKinds?: readonly SaleShareKind[];
}): Map<string, PositionLine> {
  const position = new Map<string, PositionLine>();
  const add = (type: LedgerAccountType, cents: number, ownerId?: string) => {
    const id = ledgerAccountId(type, ownerId);
    const prev = position.get(id);
    position.set(id, { type, ownerId, cents: (prev?.cents ?? 0) + cents });
  };
  add("BUYER_CLEARING", -(input.amountCents - input.reversedCents));
  for (const [i, s] of input.shares.entries()) {
    const net = s.cents - (input.back[i] ?? 0);
    if (s.payee === "platform") {
      add("PLATFORM_REVENUE", net);
      continue;
    }
    const [pending, payable] = PAYEE_ACCOUNTS[s.payee];
    const released = input.released && !input.heldKinds?.includes(s.kind);
    add(released ? payable : pending, net, s.ownerId);
    add(released ? pending : payable, 0, s.ownerId);
  }
  return position;
}

/** Each payee's holding-period and payable ledger account types. */
const PAYEE_ACCOUNTS: Record<
  Exclude<SharePayee, "platform">,
  readonly [pending: LedgerAccountType, payable: LedgerAccountType]
> = {
  artist: ["ARTIST_PENDING", "ARTIST_BALANCE"],
  promoter: ["PROMOTER_PENDING", "PROMOTER_BALANCE"],
  label: ["LABEL_PENDING", "LABEL_BALANCE"],
};

/** The kind of ledger transaction a settlement posts (the sale's `LedgerEntry.kind`). */
export type MovementKind = Extract<
  LedgerEntryKind,
  | "SALE"
  | "RELEASE"
  | "REFUND"
  | "DISPUTE"
  | "CLAWBACK"
  | "DISPUTE_WON"
  | "COMMISSION_REJECTED"
  | "RECRUITER_FORFEITED"
>;

/**
 * What a settlement's movement is: the first posting is the SALE; more reversed than before is a
 * CLAWBACK when the commission was already paid out, else a DISPUTE when the disputed amount grew,
 * else a REFUND; less reversed than before is a DISPUTE_WON; the same amount is the RELEASE at
 * the end of the holding period. An admin's rejection of the commission, settled now, is a
 * COMMISSION_REJECTED whatever else moved with it; a terminated recruiter's held share forfeited
 * now is a RECRUITER_FORFEITED.
 */
export function movementKind(input: {
  firstPosting: boolean;
  rejectedNow?: boolean;
  /** A terminated recruiter's held share is forfeited now (issue 14 §6). */
  forfeitedNow?: boolean;
  reversedCents: number;
  previousReversedCents: number;
  commissionPaid: boolean;
  disputedCents: number;
  previousDisputedCents: number;
}): MovementKind {
  if (input.firstPosting) return "SALE";
  if (input.rejectedNow) return "COMMISSION_REJECTED";
  if (input.forfeitedNow) return "RECRUITER_FORFEITED";
  if (input.reversedCents > input.previousReversedCents) {
    if (input.commissionPaid) return "CLAWBACK";
    return input.disputedCents > input.previousDisputedCents ? "DISPUTE" : "REFUND";
  }
  return input.reversedCents < input.previousReversedCents ? "DISPUTE_WON" : "RELEASE";
}

/** The ledger transaction's description in words (the sale id kept for support). */
export function describeMovement(
  kind: MovementKind,
  sale: { id: string; title: string; amountCents: number; currency: string },
  reversedCents: number,
  previousReversedCents: number,
  commissionHeld = false,
): string {
  const money = (c: number) => formatCents(c, sale.currency);
  switch (kind) {
    case "SALE":
      return `Sale of "${sale.title}" (${sale.id})`;
    case "RELEASE":
      return `Holding period over for sale ${sale.id}: now payable${commissionHeld ? " (the commission stays held)" : ""}`;
    case "COMMISSION_REJECTED":
      return `Commission on sale ${sale.id} rejected: the promoter's share goes to the artist`;
    case "RECRUITER_FORFEITED":
      return `Recruiter's share on sale ${sale.id} forfeited after their termination: back to the platform`;
    case "DISPUTE_WON":
      return `Dispute won on sale ${sale.id}: ${money(previousReversedCents - reversedCents)} returned`;
    default:
      return `${kind === "CLAWBACK" ? "Clawback: after payout, " : ""}${kind === "DISPUTE" ? "Dispute" : "Refund"} of ${money(reversedCents - previousReversedCents)} on sale ${sale.id} (${money(sale.amountCents)}): each share reversed in proportion`;
  }
}

/**
 * A sale's shares as settlement pays them: when the commission was rejected (issue 11 §3), the
 * commission pays the artist instead, "as if the sale had not been attributed", and the
 * recruiter's share (issue 14 §6), which the platform funded from its fee, goes back to the
 * platform: an unattributed sale has no second tier (the amounts unchanged; the reversal rule,
 * which reads only cents and the residual flag, too). A forfeited recruiter's share
 * (`recruiterForfeited`: the recruiter was terminated while it was held, issue 14 §6) goes back
 * to the platform the same way, the commission unchanged. The label's share (issue 16 §5) stays as
 * recorded at checkout: a rejected commission goes to the artist whole.
 */
export function sharesAsSettled(
  shares: readonly SaleShare[],
  opts: { commissionRejected: boolean; artistId: string; recruiterForfeited?: boolean },
): readonly SaleShare[] {
  if (!opts.commissionRejected && !opts.recruiterForfeited) return shares;
  return shares.map((s): SaleShare => {
    if (s.payee !== "promoter") return s;
    if (s.kind === "RECRUITER") return { kind: s.kind, payee: "platform", cents: s.cents };
    if (!opts.commissionRejected) return s;
    return { ...s, payee: "artist", ownerId: opts.artistId };
  });
}

/**
 * The change in the denormalised totals one settlement applies: `sales`, `gross`, `artist` and
 * `commission` for the track, `promoterSales` and `commission` for the link and promoter. The
 * commission is the attributed promoter's (`isCommissionShare`), never a recruiter's share.
 */
export type TotalsDelta = {
  sales: number;
  gross: number;
  artist: number;
  commission: number;
  promoterSales: number;
};

/** One settlement's state as the totals saw it: the reversal, and the shares as then paid. */
type TotalsState = {
  reversedCents: number;
  back: readonly number[];
  shares?: readonly SaleShare[];
};

/**
 * Totals are net of reversals, so a settlement applies the change since the previous one:
 * sales (a sale counts once until it is fully reversed; for the promoter only while a promoter
 * share remains, so a rejected commission also takes the sale off the promoter's count), gross,
 * the artist's shares and the promoter's shares, each net of what the reversal took.
 * @param before the reversed amount and the per-share reversal at the previous settlement, or
 *   null on the first posting; each state may carry the shares as then paid (`sharesAsSettled`),
 *   else `shares`.
 */
export function totalsDelta(input: {
  shares: readonly SaleShare[];
  amountCents: number;
  now: TotalsState;
  before: TotalsState | null;
}): TotalsDelta {
  const net = (state: TotalsState | null, which: ((s: SaleShare) => boolean) | null) => {
    if (!state) return 0;
    return (state.shares ?? input.shares).reduce(
      (t, s, i) => (which == null || which(s) ? t + s.cents - (state.back[i] ?? 0) : t),
      0,
    );
  };
  const counted = (state: TotalsState | null) =>
    state && state.reversedCents < input.amountCents ? 1 : 0;
  const countedForPromoter = (state: TotalsState | null) =>
    counted(state) && (state!.shares ?? input.shares).some(isCommissionShare) ? 1 : 0;
  const artist = (s: SaleShare) => s.payee === "artist";
  return {
    sales: counted(input.now) - counted(input.before),
    gross: net(input.now, null) - net(input.before, null),
    artist: net(input.now, artist) - net(input.before, artist),
    // The attributed promoter's commission only: a recruiter's share is not their link's.
    commission: net(input.now, isCommissionShare) - net(input.before, isCommissionShare),
    promoterSales: countedForPromoter(input.now) - countedForPromoter(input.before),
  };
}
