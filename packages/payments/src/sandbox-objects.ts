/**
 * The Stripe objects the sandbox stores and sends in events, with the fields of Stripe's shapes
 * that we set (docs.stripe.com/api: accounts, transfers, transfer_reversals, payment_intents,
 * charges, refunds, disputes, coupons, promotion_codes, products, prices, customers,
 * subscriptions, invoices, billing_portal sessions, events). Amounts are cents; times are Unix
 * seconds.
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
  duration: "once" | "repeating" | "forever";
  /** For `repeating`: how many months from the subscription's start it applies. */
  duration_in_months: number | null;
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

/** A Product (docs.stripe.com/api/products/object): one per artist's catalog subscription. */
export type SandboxProduct = {
  id: string;
  object: "product";
  active: boolean;
  created: number;
  description: null;
  livemode: false;
  metadata: Record<string, string>;
  name: string;
  type: "service";
  updated: number;
};

/** A recurring Price (docs.stripe.com/api/prices/object). Immutable but for `active` and `lookup_key`. */
export type SandboxPrice = {
  id: string;
  object: "price";
  active: boolean;
  billing_scheme: "per_unit";
  created: number;
  currency: string;
  livemode: false;
  lookup_key: string | null;
  metadata: Record<string, string>;
  nickname: null;
  product: string;
  recurring: {
    interval: "month" | "year";
    interval_count: 1;
    meter: null;
    trial_period_days: null;
    usage_type: "licensed";
  };
  tax_behavior: "unspecified";
  type: "recurring";
  /** Cents per interval. */
  unit_amount: number;
};

/** A Customer (docs.stripe.com/api/customers/object), made by a subscription checkout. */
export type SandboxCustomer = {
  id: string;
  object: "customer";
  created: number;
  email: string;
  livemode: false;
  metadata: Record<string, string>;
  name: string | null;
};

/** A Discount (docs.stripe.com/api/discounts/object): a coupon applied to a subscription. */
export type SandboxDiscount = {
  id: string;
  object: "discount";
  checkout_session: string | null;
  customer: string;
  /** For `repeating` coupons: when it stops applying; null for `once` and `forever`. */
  end: number | null;
  invoice: null;
  invoice_item: null;
  promotion_code: null;
  source: { coupon: string; type: "coupon" };
  start: number;
  subscription: string;
  subscription_item: null;
};

export type SandboxSubscriptionItem = {
  id: string;
  object: "subscription_item";
  created: number;
  /** The period being served (and already invoiced), in the pinned API version's place. */
  current_period_end: number;
  current_period_start: number;
  discounts: never[];
  metadata: Record<string, string>;
  price: SandboxPrice;
  quantity: 1;
  subscription: string;
};

/** The statuses the sandbox uses (Stripe has more: see SubscriptionStatus). */
export type SandboxSubscriptionStatus = "active" | "past_due" | "canceled";

/** A Subscription (docs.stripe.com/api/subscriptions/object) in the pinned API version's shape. */
export type SandboxSubscription = {
  id: string;
  object: "subscription";
  billing_cycle_anchor: number;
  /** When it will end, for a cancellation at the period's end; null otherwise. */
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  cancellation_details: {
    comment: null;
    feedback: null;
    reason: "cancellation_requested" | "payment_failed" | null;
  };
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  /** The ids of its discounts (Stripe lists them unexpanded). */
  discounts: string[];
  ended_at: number | null;
  items: StripeList<SandboxSubscriptionItem>;
  latest_invoice: string | null;
  livemode: false;
  metadata: Record<string, string>;
  start_date: number;
  status: SandboxSubscriptionStatus;
  test_clock: null;
};

export type SandboxDiscountAmount = { amount: number; discount: string };

/** An invoice line for the subscription's item (docs.stripe.com/api/invoice-line-item/object). */
export type SandboxInvoiceLine = {
  id: string;
  object: "line_item";
  /** Cents, before discounts. */
  amount: number;
  currency: string;
  description: string;
  discount_amounts: SandboxDiscountAmount[];
  discountable: true;
  discounts: never[];
  invoice: string;
  livemode: false;
  metadata: Record<string, string>;
  parent: {
    invoice_item_details: null;
    subscription_item_details: {
      invoice_item: null;
      proration: false;
      proration_details: { credited_items: null };
      subscription: string;
      subscription_item: string;
    };
    type: "subscription_item_details";
  };
  /** The service period this line pays for. */
  period: { end: number; start: number };
  pricing: {
    price_details: { price: string; product: string };
    type: "price_details";
    unit_amount_decimal: string;
  };
  quantity: 1;
  subtotal: number;
  taxes: never[];
};

/**
 * An Invoice (docs.stripe.com/api/invoices/object) in the pinned API version's shape: the
 * subscription and its metadata under `parent.subscription_details`; `payments` only when
 * expanded (never in events); `discounts` as ids with `total_discount_amounts`.
 */
export type SandboxInvoice = {
  id: string;
  object: "invoice";
  amount_due: number;
  amount_overpaid: 0;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  attempted: boolean;
  billing_reason: "subscription_create" | "subscription_cycle";
  collection_method: "charge_automatically";
  created: number;
  currency: string;
  customer: string;
  customer_email: string;
  customer_name: string | null;
  discounts: string[];
  lines: StripeList<SandboxInvoiceLine>;
  livemode: false;
  metadata: Record<string, string>;
  /** When the next (and, in the sandbox, last) payment attempt happens; null when none. */
  next_payment_attempt: number | null;
  number: string;
  parent: {
    quote_details: null;
    subscription_details: { metadata: Record<string, string>; subscription: string };
    type: "subscription_details";
  };
  /** Stripe's usage period: equal to `created` on the first invoice, the previous period later. */
  period_end: number;
  period_start: number;
  status: "open" | "paid";
  status_transitions: {
    finalized_at: number;
    marked_uncollectible_at: null;
    paid_at: number | null;
    voided_at: null;
  };
  subtotal: number;
  subtotal_excluding_tax: number;
  test_clock: null;
  total: number;
  total_discount_amounts: SandboxDiscountAmount[];
  total_excluding_tax: number;
};

/** An InvoicePayment (docs.stripe.com/api/invoice-payment/object), for `expand[]=payments`. */
export type SandboxInvoicePayment = {
  id: string;
  object: "invoice_payment";
  amount_paid: number | null;
  amount_requested: number;
  created: number;
  currency: string;
  invoice: string;
  is_default: true;
  livemode: false;
  payment: { payment_intent: string; type: "payment_intent" };
  status: "paid" | "open";
  status_transitions: { canceled_at: null; paid_at: number | null };
};

/** A customer portal session (docs.stripe.com/api/customer_portal/sessions/object). */
export type SandboxPortalSession = {
  id: string;
  object: "billing_portal.session";
  configuration: string;
  created: number;
  customer: string;
  livemode: false;
  return_url: string;
  /** The sandbox portal page: `${APP_URL}/sandbox/portal/<id>`. */
  url: string;
};

export type SandboxEventType =
  | "checkout.session.completed"
  | "checkout.session.expired"
  | "account.updated"
  | "charge.refunded"
  | "charge.dispute.created"
  | "charge.dispute.closed"
  | "customer.subscription.created"
  | "customer.subscription.updated"
  | "customer.subscription.deleted"
  | "invoice.paid"
  | "invoice.payment_failed";

export type SandboxEventObject =
  | SandboxCheckoutSession
  | SandboxAccount
  | SandboxCharge
  | SandboxDispute
  | SandboxSubscription
  | SandboxInvoice;

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
