import type { LedgerAccountType, PayeeType } from "@fanfare/db";

/**
 * Someone Fanfare pays: an artist (ArtistProfile.id), a promoter (PromoterProfile.id) or a label
 * (LabelProfile.id, issue 16 §5).
 */
export type Payee = { type: PayeeType; id: string };

/** Each payee type's holding-period and payable ledger account types. */
const ACCOUNT_TYPES: Record<PayeeType, { pending: LedgerAccountType; balance: LedgerAccountType }> =
  {
    ARTIST: { pending: "ARTIST_PENDING", balance: "ARTIST_BALANCE" },
    PROMOTER: { pending: "PROMOTER_PENDING", balance: "PROMOTER_BALANCE" },
    LABEL: { pending: "LABEL_PENDING", balance: "LABEL_BALANCE" },
  };

/** The payable (balance) ledger account type of a payee type: what its payouts draw from. */
export function balanceAccountType(type: PayeeType): LedgerAccountType {
  return ACCOUNT_TYPES[type].balance;
}

/**
 * The payee type whose payable balance `type` is, or null when `type` is no payee's balance
 * (the platform's accounts, the pending ones).
 */
export function payeeTypeOfBalance(type: LedgerAccountType): PayeeType | null {
  const found = (Object.keys(ACCOUNT_TYPES) as PayeeType[]).find(
    (t) => ACCOUNT_TYPES[t].balance === type,
  );
  return found ?? null;
}

/** Every payee type's payable account type (the payout batch's candidates). */
export const BALANCE_ACCOUNT_TYPES: readonly LedgerAccountType[] = Object.values(ACCOUNT_TYPES).map(
  (a) => a.balance,
);

/** The payee's payable ledger account and its holding-period account. */
export function payeeAccounts(payee: Payee): {
  balance: { type: LedgerAccountType; id: string };
  pending: { type: LedgerAccountType; id: string };
} {
  const { balance, pending } = ACCOUNT_TYPES[payee.type];
  return {
    balance: { type: balance, id: `${balance}:${payee.id}` },
    pending: { type: pending, id: `${pending}:${payee.id}` },
  };
}
