import type { LedgerAccountType, PayeeType } from "@fanfare/db";

/** Someone Fanfare pays: an artist (ArtistProfile.id) or a promoter (PromoterProfile.id). */
export type Payee = { type: PayeeType; id: string };

/** The payee's payable ledger account and its holding-period account. */
export function payeeAccounts(payee: Payee): {
  balance: { type: LedgerAccountType; id: string };
  pending: { type: LedgerAccountType; id: string };
} {
  const balance = payee.type === "ARTIST" ? "ARTIST_BALANCE" : "PROMOTER_BALANCE";
  const pending = payee.type === "ARTIST" ? "ARTIST_PENDING" : "PROMOTER_PENDING";
  return {
    balance: { type: balance, id: `${balance}:${payee.id}` },
    pending: { type: pending, id: `${pending}:${payee.id}` },
  };
}
