/**
 * The Stripe objects the sandbox stores and sends in events, with the fields of Stripe's shapes
 * that we set (docs.stripe.com/api: accounts, transfers, transfer_reversals, payment_intents,
 * charges, refunds, disputes, coupons, promotion_codes, events). Amounts are cents; times are
 * Unix seconds.
 */
import type { SandboxCheckoutSession } from "./sandbox-provider";

export type StripeList<T> = {
  object: "list";
  data: T[];
  has_more: false;
  total_count: number;
  url: string;
};

export type SandboxAccount = {
  id: string;
  object: "account";
  business_type: null;
  capabilities: { transfers: "inactive" | "active" };
  charges_enabled: boolean;
  controller: {
    fees: { payer: "application" };
    is_controller: true;
    losses: { payments: "application" };
    requirement_collection: "stripe";
    stripe_dashboard: { type: "express" };
    type: "application";
  };
  country: string;
  created: number;
  details_submitted: boolean;
  email: string;
  /** The payout bank accounts, as Stripe lists them on a Connect account; empty before onboarding. */
  external_accounts: {
    object: "list";
    data: SandboxBankAccount[];
  };
  metadata: Record<string, string>;
  payouts_enabled: boolean;
  requirements: {
    current_deadline: null;
    currently_due: string[];
    disabled_reason: string | null;
    errors: never[];
    eventually_due: string[];
    past_due: string[];
    pending_verification: never[];
  };
  type: "express";
};

/** A connected account's bank account (Stripe's `bank_account` object, the fields we use). */
export type SandboxBankAccount = {
  id: string;
  object: "bank_account";
  account: string;
  country: string;
  currency: string;
  default_for_currency: true;
  /** The same routing and account number always give the same fingerprint, on any account. */
  fingerprint: string;
  last4: string;
  routing_number: string;
};

export type SandboxTransferReversal = {
  id: string;
  object: "transfer_reversal";
  amount: number;
  balance_transaction: null;
  created: number;
  currency: string;
  destination_payment_refund: null;
  metadata: Record<string, string>;
  source_refund: null;
  transfer: string;
};

export type SandboxTransfer = {
  id: string;
  object: "transfer";
  amount: number;
  amount_reversed: number;
  balance_transaction: null;
  created: number;
  currency: string;
  description: null;
  destination: string;
  livemode: false;
  metadata: Record<string, string>;
  /** Newest first, as Stripe lists them. */
  reversals: StripeList<SandboxTransferReversal>;
  /** True once fully reversed. */
  reversed: boolean;
  source_transaction: null;
  transfer_group: string;
};

export type SandboxPaymentIntent = {
  id: string;
  object: "payment_intent";
  amount: number;
  amount_received: number;
  created: number;
  currency: string;
  latest_charge: string;
  livemode: false;
  metadata: Record<string, string>;
  status: "succeeded";
};

export type SandboxRefund = {
  id: string;
  object: "refund";
  amount: number;
  balance_transaction: null;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: null;
  status: "succeeded";
};

export type SandboxCharge = {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  /** Cumulative over all refunds of the charge. */
  amount_refunded: number;
  balance_transaction: null;
  billing_details: { email: string; name: string | null };
  captured: true;
  created: number;
  currency: string;
  disputed: boolean;
  livemode: false;
  metadata: Record<string, string>;
  paid: true;
  payment_intent: string;
  receipt_email: string;
  /** True once `amount_refunded` equals `amount`. */
  refunded: boolean;
  /** Newest first, as Stripe lists them. */
  refunds: StripeList<SandboxRefund>;
  status: "succeeded";
  transfer_group: null;
};

export type SandboxDisputeStatus = "needs_response" | "won" | "lost";

export type SandboxDispute = {
  id: string;
  object: "dispute";
  amount: number;
  balance_transactions: never[];
  charge: string;
  created: number;
  currency: string;
  is_charge_refundable: false;
  livemode: false;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: "fraudulent";
  status: SandboxDisputeStatus;
};

/** A coupon (docs.stripe.com/api/coupons/object): `percent_off` or `amount_off` + `currency`. */
export type SandboxCoupon = {
  id: string;
  object: "coupon";
  amount_off: number | null;
  created: number;
  currency: string | null;
  duration: "once";
  livemode: false;
  max_redemptions: null;
  metadata: Record<string, string>;
  name: string;
  /** Percent with at most 2 decimals (12.5 for 1,250 basis points). */
  percent_off: number | null;
  redeem_by: null;
  times_redeemed: 0;
  valid: true;
};

/**
 * A promotion code (docs.stripe.com/api/promotion_codes/object) in the pinned API version's
 * shape, where the coupon sits under `promotion`.
 */
export type SandboxPromotionCode = {
  id: string;
  object: "promotion_code";
  active: boolean;
  code: string;
  created: number;
  customer: null;
  expires_at: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Record<string, string>;
  promotion: { type: "coupon"; coupon: string };
  restrictions: {
    first_time_transaction: false;
    minimum_amount: null;
    minimum_amount_currency: null;
  };
  /** Always 0: Fanfare's checkout charges the net amount and never applies the code in Stripe. */
  times_redeemed: 0;
};

export type SandboxEventType =
  | "checkout.session.completed"
  | "checkout.session.expired"
  | "account.updated"
  | "charge.refunded"
  | "charge.dispute.created"
  | "charge.dispute.closed";

export type SandboxEventObject =
  SandboxCheckoutSession | SandboxAccount | SandboxCharge | SandboxDispute;

/** An event in Stripe's shape (docs.stripe.com/api/events/object). */
export type SandboxEvent = {
  id: string;
  object: "event";
  /** The connected account, on events about one (Connect events carry it). */
  account?: string;
  api_version: string;
  created: number;
  data: { object: SandboxEventObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  /** The API request that caused the event; nulls for events caused by a user or the bank. */
  request: { id: string | null; idempotency_key: string | null };
  type: SandboxEventType;
};

/** The outcome of one webhook delivery. `status` is the receiver's HTTP status, 0 if unreachable. */
export type SandboxDelivery = { status: number; eventId: string; deliveryError?: string };
