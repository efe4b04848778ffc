import type Stripe from "stripe";

/**
 * Stripe's types, re-exported so that no other package imports `stripe` (house style: this
 * package is its only importer). Types only: they carry no runtime code.
 */
export type { Stripe };
export type StripeEvent = Stripe.Event;
export type StripeEventType = Stripe.Event["type"];
export type StripeCheckoutSession = Stripe.Checkout.Session;
export type StripeCheckoutSessionCompletedEvent = Stripe.CheckoutSessionCompletedEvent;
export type StripeCheckoutSessionExpiredEvent = Stripe.CheckoutSessionExpiredEvent;
export type StripeCheckoutSessionAsyncPaymentSucceededEvent =
  Stripe.CheckoutSessionAsyncPaymentSucceededEvent;
export type StripeCheckoutSessionAsyncPaymentFailedEvent =
  Stripe.CheckoutSessionAsyncPaymentFailedEvent;
export type StripeChargeRefundedEvent = Stripe.ChargeRefundedEvent;
export type StripeChargeDisputeCreatedEvent = Stripe.ChargeDisputeCreatedEvent;
export type StripePaymentIntent = Stripe.PaymentIntent;
export type StripeCharge = Stripe.Charge;
export type StripeAccount = Stripe.Account;
export type StripeAccountUpdatedEvent = Stripe.AccountUpdatedEvent;
export type StripeChargeDisputeClosedEvent = Stripe.ChargeDisputeClosedEvent;
export type StripeDispute = Stripe.Dispute;
export type StripeRefund = Stripe.Refund;
export type StripeTransfer = Stripe.Transfer;
export type StripeSubscription = Stripe.Subscription;
export type StripeInvoice = Stripe.Invoice;
export type StripeInvoicePaidEvent = Stripe.InvoicePaidEvent;
export type StripeInvoicePaymentFailedEvent = Stripe.InvoicePaymentFailedEvent;
export type StripeCustomerSubscriptionCreatedEvent = Stripe.CustomerSubscriptionCreatedEvent;
export type StripeCustomerSubscriptionUpdatedEvent = Stripe.CustomerSubscriptionUpdatedEvent;
export type StripeCustomerSubscriptionDeletedEvent = Stripe.CustomerSubscriptionDeletedEvent;

export type CreateCheckoutSessionInput = {
  /** Our Sale id; becomes `client_reference_id` and `metadata.saleId` (at most 200 characters). */
  saleId: string;
  /** Price in cents: a positive integer, at least Stripe's minimum charge (50 for usd). */
  amountCents: number;
  /** ISO 4217 code, e.g. "usd" (sent lowercase, as Stripe requires). */
  currency: string;
  productName: string;
  productDescription?: string;
  imageUrl?: string;
  buyerEmail: string;
  /** May contain the literal `{CHECKOUT_SESSION_ID}`, which Stripe replaces with the session id. */
  successUrl: string;
  cancelUrl: string;
  /** Copied to the session and its PaymentIntent; Stripe allows 50 keys (40 chars) of 500 chars. */
  metadata: Record<string, string>;
  /** Deterministic, e.g. `checkout:<saleId>`; at most 255 characters. */
  idempotencyKey: string;
  /**
   * When the session expires; 30 minutes to 24 hours from now. Default: 31-32 minutes from now,
   * rounded to the minute. Stripe refuses a reused idempotency key whose parameters differ, and
   * `expires_at` is one of them: a caller that may retry the same key more than a minute later
   * must pass the same `expiresAt` each time (e.g. stored on the Sale).
   */
  expiresAt?: Date;
};

export type CheckoutSession = { id: string; url: string; expiresAt: Date };

export type CreateConnectAccountInput = {
  email: string;
  /** Who owns the account in Fanfare, e.g. `promoter:<id>`; stored as `metadata.ownerRef`. */
  ownerRef: string;
  /** ISO 3166-1 alpha-2, e.g. "US". Stripe's default is the platform's country. */
  country?: string;
  /** Deterministic, e.g. `connect-account:<promoterId>`; at most 255 characters. */
  idempotencyKey: string;
};

export type CreateAccountOnboardingLinkInput = {
  accountId: string;
  /** Where Stripe sends the user when the link expired or was already used: make a new link there. */
  refreshUrl: string;
  /** Where Stripe sends the user after onboarding (finished or not): check the status there. */
  returnUrl: string;
};

export type ConnectAccountStatus = {
  accountId: string;
  detailsSubmitted: boolean;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  /** Whether the `transfers` capability is active: transfers to the account are accepted. */
  transfersEnabled: boolean;
  /** `requirements.currently_due`: fields the user must provide now (e.g. "external_account"). */
  requirementsDue: string[];
  /** `requirements.disabled_reason`, e.g. "requirements.past_due"; null when not disabled. */
  disabledReason: string | null;
  /** `country`, ISO 3166-1 alpha-2 (e.g. "US"); null when Stripe did not say. */
  country: string | null;
  /**
   * The default payout bank account's `fingerprint` (the first of `external_accounts`): the
   * same bank account on two connected accounts has the same fingerprint. Null before onboarding.
   */
  bankFingerprint: string | null;
};

export type CreateTransferInput = {
  /** Positive integer, cents. */
  amountCents: number;
  /** ISO 4217, e.g. "usd" (sent lowercase). */
  currency: string;
  /** The connected account, `acct_...`. */
  destination: string;
  /** One group per payout (e.g. `payout:<id>`): `findTransferByGroup` finds the transfer by it. */
  transferGroup: string;
  /** Deterministic, e.g. `transfer:<payoutId>`; at most 255 characters. */
  idempotencyKey: string;
  /** At most 50 keys of 40 characters, values of 500. */
  metadata: Record<string, string>;
};

export type CreatedTransfer = { transferId: string; amountCents: number };

export type FoundTransfer = { transferId: string; amountCents: number; reversedCents: number };

export type ReverseTransferInput = {
  transferId: string;
  /** Positive integer, cents; at most the transfer's unreversed amount. */
  amountCents: number;
  idempotencyKey: string;
  metadata?: Record<string, string>;
};

export type CreatedTransferReversal = { reversalId: string; amountCents: number };

export type CreateRefundInput = {
  paymentIntentId: string;
  /** Positive integer, cents; at most the charge's unrefunded amount. */
  amountCents: number;
  idempotencyKey: string;
  metadata: Record<string, string>;
};

export type CreatedRefund = {
  refundId: string;
  /** This refund, cents. */
  amountCents: number;
  /** Stripe's refund status: "succeeded", "pending", "requires_action", "failed" or "canceled". */
  status: string;
  /** The charge's `amount_refunded` after this refund: cumulative over all its refunds, cents. */
  chargeAmountRefundedCents: number;
};

/** What a discount code takes off: a percentage in basis points, or an amount in cents. */
export type CouponDiscount =
  /** 1 to 10,000 basis points (0.01 % to 100 %); sent as `percent_off` with 2 decimals. */
  | { type: "percent"; percentOffBps: number }
  /** Positive integer cents in `currency` (ISO 4217, sent lowercase). */
  | { type: "amount"; amountOffCents: number; currency: string };

export type UpsertDiscountCouponInput = {
  /**
   * Our DiscountCode id: `metadata.discountCodeId` on both objects, and with the coupon's terms
   * (discount and duration) the idempotency keys `coupon:<id>:<terms>` and
   * `promotion-code:<id>:<terms>` (`couponTermsKey`).
   */
  discountCodeId: string;
  /** The customer-facing code, in Stripe's alphabet: letters, digits and dashes. */
  code: string;
  /** The coupon's name in the Dashboard and on receipts; at most 40 characters. */
  name: string;
  discount: CouponDiscount;
  /**
   * Which invoices of a subscription it applies to; default `{ type: "once" }` (the first, and
   * the only invoice of a purchase). Part of the coupon's parameters: it cannot change later.
   */
  duration?: CouponDuration;
  /** The promotion code's `max_redemptions`; omitted when null or absent (no limit). */
  maxRedemptions?: number | null;
  /** The promotion code's `expires_at` (Unix seconds, rounded down); must be in the future. */
  expiresAt?: Date | null;
};

export type DiscountCoupon = {
  /** The Coupon: what the discount gives (`percent_off` or `amount_off`). */
  couponId: string;
  /** The Promotion Code: the customer-facing code pointing at the coupon, `promo_...`. */
  promotionCodeId: string;
};

export type SetPromotionCodeActiveInput = { promotionCodeId: string; active: boolean };

/**
 * How long a coupon keeps applying to a subscription's invoices (docs.stripe.com/api/coupons/
 * create, `duration`): the first invoice only, every invoice created in the `months` months from
 * the subscription's start, or every invoice. One-off purchases only ever see one invoice.
 */
export type CouponDuration =
  { type: "once" } | { type: "repeating"; months: number } | { type: "forever" };

/** The billing interval of a catalog subscription: one charge a month, or one a year. */
export type SubscriptionInterval = "month" | "year";

export type EnsureSubscriptionPriceInput = {
  /**
   * Our Artist id: the Product's id is `fanfare_artist_<artistId>` and its `metadata.artistId`.
   * Letters, digits, `_` and `-`, at most 100 characters.
   */
  artistId: string;
  /** Shown on Checkout and invoices as "<artistName>: catalog subscription". */
  artistName: string;
  interval: SubscriptionInterval;
  /** Positive integer, cents per interval; at least Stripe's minimum charge (50 for usd). */
  unitAmountCents: number;
  /** ISO 4217, e.g. "usd" (sent lowercase). */
  currency: string;
};

export type SubscriptionPrice = {
  productId: string;
  /** The active Price of this amount, currency and interval: what checkout sells. */
  priceId: string;
  /**
   * The Price this call deactivated (the artist's previous amount for the interval), or null.
   * Existing subscriptions keep paying their old Price, as in Stripe.
   */
  replacedPriceId: string | null;
};

export type CreateSubscriptionCheckoutInput = {
  /** A recurring `price_...` from `ensureSubscriptionPrice`. */
  priceId: string;
  /**
   * Our subscription's id: `client_reference_id`, and `metadata.catalogSubscriptionId` on the
   * session and on the Subscription, so every invoice carries it
   * (`invoice.parent.subscription_details.metadata`). At most 200 characters.
   */
  catalogSubscriptionId: string;
  customerEmail: string;
  /** May contain the literal `{CHECKOUT_SESSION_ID}`, which Stripe replaces with the session id. */
  successUrl: string;
  cancelUrl: string;
  /**
   * Attribution and anything else to trace invoices back (50 keys of 40 characters, values of
   * 500, `catalogSubscriptionId` included). Copied to the session and `subscription_data.metadata`.
   */
  metadata: Record<string, string>;
  /**
   * A coupon from `upsertDiscountCoupon`, applied by Stripe to the invoices its duration covers
   * (`discounts[0][coupon]`). Without it, promotion codes are not offered on the page.
   */
  discountCouponId?: string;
  /** Deterministic, e.g. `subscription-checkout:<catalogSubscriptionId>`; at most 255 characters. */
  idempotencyKey: string;
  /** As for `CreateCheckoutSessionInput.expiresAt`: 30 minutes to 24 hours; default 31-32 min. */
  expiresAt?: Date;
};

/**
 * Stripe's subscription statuses (docs.stripe.com/billing/subscriptions/overview#subscription-
 * statuses). The sandbox uses `active`, `past_due` (a renewal failed; one retry is left) and
 * `canceled`; Stripe may also report the others.
 */
export type SubscriptionStatus =
  | "active"
  | "past_due"
  | "canceled"
  | "unpaid"
  | "incomplete"
  | "incomplete_expired"
  | "trialing"
  | "paused";

/** A subscription as both providers report it (from Stripe's `subscription` object). */
export type SubscriptionState = {
  subscriptionId: string;
  customerId: string;
  status: SubscriptionStatus;
  /** The Price of its one item. */
  priceId: string;
  /** True when it ends at `currentPeriodEnd` (cancelled, not yet ended). */
  cancelAtPeriodEnd: boolean;
  /** The item's `current_period_start`/`_end` (they moved from the subscription in 2025). */
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  /** When the cancellation was requested; null when never. */
  canceledAt: Date | null;
  /** When it ended (status `canceled`); null while it runs. */
  endedAt: Date | null;
  /** The `metadata` given at checkout (`catalogSubscriptionId` and attribution). */
  metadata: Record<string, string>;
  latestInvoiceId: string | null;
  /**
   * When it started (Stripe's `start_date`): its first billing period's start, from which the
   * recurring commission's months are counted.
   */
  startedAt: Date;
};

export type CancelSubscriptionInput = {
  subscriptionId: string;
  /**
   * True: it keeps running until `currentPeriodEnd`, then ends (`customer.subscription.updated`
   * now, `customer.subscription.deleted` then). False: it ends now
   * (`customer.subscription.deleted`), without refund or proration.
   */
  atPeriodEnd: boolean;
};

export type CreatePortalSessionInput = {
  /** `cus_...`: the `customer` of the subscription's `checkout.session.completed`. */
  customerId: string;
  /** Where the page's "back" link goes. */
  returnUrl: string;
};

/** A subscription invoice as both providers report it (from Stripe's `invoice` object). */
export type SubscriptionInvoice = {
  invoiceId: string;
  /** `parent.subscription_details.subscription`; null for an invoice of no subscription. */
  subscriptionId: string | null;
  customerId: string | null;
  /** `parent.subscription_details.metadata`: the subscription's metadata when it was finalized. */
  metadata: Record<string, string>;
  /** `subscription_create` (the first), `subscription_cycle` (a renewal), or another reason. */
  billingReason: string | null;
  /** `paid`, `open` (a payment failed and may be retried), `void`, `uncollectible`, `draft`. */
  status: string | null;
  currency: string;
  /** Before discounts, cents. */
  subtotalCents: number;
  /** Sum of `total_discount_amounts`, cents. */
  discountCents: number;
  /** What the customer owes, cents: subtotal minus discount (no taxes are configured). */
  totalCents: number;
  amountPaidCents: number;
  /** Times payment was attempted. */
  attemptCount: number;
  /** When an unpaid invoice's payment is tried again; null when paid or no retry is left. */
  nextPaymentAttempt: Date | null;
  /**
   * The service period the invoice pays for: its subscription line's `period` (the invoice's
   * own `period_start`/`period_end` are Stripe's usage period, the previous one on renewals).
   */
  servicePeriodStart: Date;
  servicePeriodEnd: Date;
  priceId: string | null;
  /**
   * The PaymentIntent that paid it (refund it with `createRefund`, or `refundInvoice`). Null when
   * nothing was charged (a 100 % discount), or when read from an event: events do not include
   * `payments`; `getInvoice` expands it.
   */
  paymentIntentId: string | null;
};

export type RefundInvoiceInput = {
  invoiceId: string;
  /** Positive integer, cents; default the invoice's whole `amount_paid`. */
  amountCents?: number;
  /** Deterministic, e.g. `refund:<invoiceId>:<n>`; at most 255 characters. */
  idempotencyKey: string;
  metadata: Record<string, string>;
};

export type PaymentsProvider = {
  mode: "stripe" | "sandbox";
  /**
   * Creates a hosted Checkout Session (Stripe mode) or its offline stand-in (sandbox), idempotent
   * on `input.idempotencyKey`.
   * @throws PaymentsError INVALID_CHECKOUT_INPUT, IDEMPOTENCY_KEY_REUSED; StripeRequestError.
   */
  createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession>;
  /** Verifies Stripe's signature over the exact raw body (tolerance 300 s) and parses the event. */
  constructWebhookEvent(
    rawBody: string | Buffer,
    signatureHeader: string | null,
  ): Promise<Stripe.Event>;

  // Every method below validates its input first (PaymentsError INVALID_PAYMENTS_INPUT, before
  // any request) and throws StripeRequestError when Stripe refuses or cannot be reached; its
  // `retryable` says whether the request may have taken effect. Both providers follow the same
  // Stripe documents, named on each method of createStripeProvider.

  /**
   * Creates an Express connected account (docs.stripe.com/connect/express-accounts) with the
   * `transfers` capability requested, idempotent on `idempotencyKey`. Payouts start disabled
   * until the user completes onboarding.
   */
  createConnectAccount(input: CreateConnectAccountInput): Promise<{ accountId: string }>;
  /** A single-use onboarding URL (Account Link, type `account_onboarding`); expires in minutes. */
  createAccountOnboardingLink(
    input: CreateAccountOnboardingLinkInput,
  ): Promise<{ url: string; expiresAt: Date }>;
  /** The account's onboarding and capability state, read from Stripe (not cached). */
  getConnectAccountStatus(accountId: string): Promise<ConnectAccountStatus>;
  /** A single-use link to the Express Dashboard, for an onboarded account. */
  createConnectLoginLink(accountId: string): Promise<{ url: string }>;
  /**
   * Moves `amountCents` from the platform balance to a connected account (separate charges and
   * transfers), idempotent on `idempotencyKey`. Refused with `balance_insufficient` when the
   * platform balance is short.
   */
  createTransfer(input: CreateTransferInput): Promise<CreatedTransfer>;
  /**
   * The transfer of a group, for reconciliation once idempotency keys may have expired (24 h);
   * null when none exists.
   * @throws PaymentsError TRANSFER_GROUP_AMBIGUOUS when the group holds more than one transfer.
   */
  findTransferByGroup(transferGroup: string): Promise<FoundTransfer | null>;
  /**
   * Takes back part or all of a transfer, idempotent on `idempotencyKey`. Refused
   * (`balance_insufficient`, non-retryable) when the connected account's balance is short: the
   * platform then carries the debt.
   */
  reverseTransfer(input: ReverseTransferInput): Promise<CreatedTransferReversal>;
  /**
   * Refunds part or all of a payment, idempotent on `idempotencyKey`; `charge.refunded` follows
   * as a webhook. Refused with `charge_already_refunded` or `amount_too_large` past the charge.
   */
  createRefund(input: CreateRefundInput): Promise<CreatedRefund>;
  /**
   * Mirrors a discount code in Stripe so it shows in the Dashboard: a Coupon
   * (docs.stripe.com/api/coupons/create: `percent_off` or `amount_off` + `currency`,
   * `duration`, `name`, `metadata.discountCodeId`) and a Promotion Code pointing at it
   * (docs.stripe.com/api/promotion_codes/create: `code`, `max_redemptions`, `expires_at`,
   * `metadata`), each idempotent on a key made of `discountCodeId` and the coupon's terms
   * (`coupon:<id>:<terms>`, `promotion-code:<id>:<terms>`, `couponTermsKey`), so calling it again
   * returns the same two objects, and calling it with another discount or duration makes two new
   * ones (the caller deactivates the promotion code it no longer wants). One-off checkout never
   * applies them: it charges the net amount Fanfare computed.
   */
  upsertDiscountCoupon(input: UpsertDiscountCouponInput): Promise<DiscountCoupon>;
  /**
   * Activates or deactivates a promotion code (docs.stripe.com/api/promotion_codes/update,
   * `active`); setting the state it already has changes nothing. Refused with
   * `resource_missing` (404) for an unknown id.
   */
  setPromotionCodeActive(
    input: SetPromotionCodeActiveInput,
  ): Promise<{ promotionCodeId: string; active: boolean }>;

  // Catalog subscriptions (Stripe Billing). Both providers follow docs.stripe.com/billing and
  // send the same events: `checkout.session.completed` (mode `subscription`, with `customer` and
  // `subscription`), `customer.subscription.created|updated|deleted`, `invoice.paid`,
  // `invoice.payment_failed`, and `charge.refunded` after a refund.

  /**
   * The Product of the artist's catalog (`fanfare_artist_<artistId>`, `metadata.artistId`) and
   * its active recurring Price for this interval, amount and currency, creating what is missing.
   * Prices are immutable: a new amount or currency makes a new Price (taking over the lookup key
   * `fanfare:artist:<artistId>:<interval>`) and deactivates the interval's other active Prices.
   * Idempotent: calling it again with the same input returns the same ids and changes nothing.
   */
  ensureSubscriptionPrice(input: EnsureSubscriptionPriceInput): Promise<SubscriptionPrice>;
  /**
   * A hosted Checkout Session in `subscription` mode for one Price, idempotent on
   * `input.idempotencyKey`; the sandbox's page is `${APP_URL}/sandbox/checkout/<id>`.
   */
  createSubscriptionCheckout(input: CreateSubscriptionCheckoutInput): Promise<CheckoutSession>;
  /** The subscription's current state, read from Stripe. */
  getSubscription(subscriptionId: string): Promise<SubscriptionState>;
  /**
   * Cancels now or at the period's end. Cancelling a subscription that has ended, or asking
   * again for the end of the period, changes nothing and returns its state.
   */
  cancelSubscription(input: CancelSubscriptionInput): Promise<SubscriptionState>;
  /**
   * A customer portal page where the customer can cancel (at the period's end) and change the
   * payment method, nothing else: no plan switches, so no prorations. Stripe: a billing portal
   * session on a configuration created once; sandbox: `${APP_URL}/sandbox/portal/<id>`.
   */
  createPortalSession(input: CreatePortalSessionInput): Promise<{ id: string; url: string }>;
  /** An invoice with the PaymentIntent that paid it (`expand[]=payments`). */
  getInvoice(invoiceId: string): Promise<SubscriptionInvoice>;
  /**
   * Refunds an invoice's payment (its PaymentIntent, as `createRefund`), idempotent on
   * `idempotencyKey`; `charge.refunded` follows as for a purchase.
   * @throws PaymentsError INVOICE_NOT_PAID when the invoice has no paid payment (unpaid, or 0).
   */
  refundInvoice(input: RefundInvoiceInput): Promise<CreatedRefund & { paymentIntentId: string }>;
};
