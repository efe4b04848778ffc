/** Why a balance can be below zero (the ledger's clawback after a refund of a paid commission). */
export const NEGATIVE_BALANCE_HINT =
  "A refund took back commission already paid out; it comes off your next earnings.";
