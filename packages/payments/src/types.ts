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
};
