/** The fields of a verified payment-provider event we read (the payments package parses it). */
export type ProviderEvent = {
  id: string;
  type: string;
  /** Seconds since the epoch, as Stripe sends it. */
  created?: number;
  data: { object: unknown };
};

export type HandleEventResult = {
  status: "applied" | "duplicate" | "ignored";
  detail: string;
  /** The promoter whose counted sales changed (a completion attributed to them), if any. */
  promoterId?: string | null;
  /** The sale a completion completed (for its live announcement after the commit). */
  saleId?: string;
};
