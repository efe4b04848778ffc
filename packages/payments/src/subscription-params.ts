/**
 * Catalog subscriptions: validation of the inputs and the Stripe parameters, built once for both
 * providers (the Stripe provider sends them; the sandbox hashes them for its idempotency check
 * and builds its objects from them), so that the two agree on what "the same request" is.
 * Sources: docs.stripe.com/api/products/create, docs.stripe.com/api/prices/create,
 * docs.stripe.com/api/checkout/sessions/create (mode `subscription`),
 * docs.stripe.com/api/customer_portal/configurations/create.
 */
import type Stripe from "stripe";
import { z } from "zod";

import { checkoutExpiresAtSeconds } from "./checkout-params";
import { parseOrThrow, ZCents, ZCurrency, ZId, ZIdempotencyKey, ZMetadata } from "./provider-input";
import type {
  CancelSubscriptionInput,
  CreatePortalSessionInput,
  CreateSubscriptionCheckoutInput,
  EnsureSubscriptionPriceInput,
  RefundInvoiceInput,
  SubscriptionInterval,
} from "./types";

/** Smallest charge in cents per currency (docs.stripe.com/currencies); as for one-off checkout. */
const MINIMUM_CHARGE_CENTS: Record<string, number> = { usd: 50 };

const ZSubscriptionPriceInput = z
  .object({
    artistId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,100}$/, "must be 1 to 100 letters, digits, '_' or '-'"),
    artistName: z.string().trim().min(1).max(200),
    interval: z.enum(["month", "year"]),
    unitAmountCents: ZCents,
    currency: ZCurrency,
  })
  .refine((v) => v.unitAmountCents >= (MINIMUM_CHARGE_CENTS[v.currency] ?? 1), {
    message: "is below Stripe's minimum charge for the currency (50 cents for usd)",
    path: ["unitAmountCents"],
  });

export type ValidSubscriptionPriceInput = z.output<typeof ZSubscriptionPriceInput>;

/** @throws PaymentsError INVALID_PAYMENTS_INPUT naming every failing field. */
export const parseSubscriptionPriceInput = (input: EnsureSubscriptionPriceInput) =>
  parseOrThrow(
    ZSubscriptionPriceInput,
    input,
    `set the ${input.interval} price of artist ${input.artistId}'s catalog subscription`,
  );

/** The artist's Product id, chosen by us (Stripe accepts an `id` on create): one per artist. */
export const subscriptionProductId = (artistId: string) => `fanfare_artist_${artistId}`;

/** The lookup key of the artist's current Price for an interval; moves to each new Price. */
export const subscriptionPriceLookupKey = (artistId: string, interval: SubscriptionInterval) =>
  `fanfare:artist:${artistId}:${interval}`;

/** The idempotency key of the Product's creation. */
export const productIdempotencyKey = (artistId: string) => `product:artist:${artistId}`;

/**
 * The idempotency key of a new Price: the amount, currency, interval and the Price it replaces
 * (the holder of the lookup key, or "none"), so that going back to an earlier amount makes a new
 * Price instead of replaying the first one (which is inactive by then).
 */
export const priceIdempotencyKey = (v: ValidSubscriptionPriceInput, replacing: string | null) =>
  `price:artist:${v.artistId}:${v.interval}:${v.currency}:${v.unitAmountCents}:after:${replacing ?? "none"}`;

/** The Product's name on Checkout, invoices and the portal. */
export const subscriptionProductName = (v: ValidSubscriptionPriceInput) =>
  `${v.artistName}: catalog subscription`;

/** `POST /v1/products`: our id, the name, `metadata.artistId`, a service. */
export function buildProductParams(v: ValidSubscriptionPriceInput): Stripe.ProductCreateParams {
  return {
    id: subscriptionProductId(v.artistId),
    name: subscriptionProductName(v),
    type: "service",
    metadata: { artistId: v.artistId },
  };
}

/**
 * `POST /v1/prices`: a licensed recurring price of `unit_amount` cents per `interval` (count 1)
 * on the artist's Product, taking over the interval's lookup key (`transfer_lookup_key`).
 */
export function buildPriceParams(v: ValidSubscriptionPriceInput): Stripe.PriceCreateParams {
  return {
    product: subscriptionProductId(v.artistId),
    currency: v.currency,
    unit_amount: v.unitAmountCents,
    recurring: { interval: v.interval, interval_count: 1 },
    lookup_key: subscriptionPriceLookupKey(v.artistId, v.interval),
    transfer_lookup_key: true,
    metadata: { artistId: v.artistId, interval: v.interval },
  };
}

/** The parts of a Price that decide whether it already sells what `v` asks for. */
export function priceMatches(
  price: {
    active: boolean;
    currency: string;
    unit_amount: number | null;
    recurring: { interval: string; interval_count: number } | null;
  },
  v: ValidSubscriptionPriceInput,
): boolean {
  return (
    price.active &&
    price.currency === v.currency &&
    price.unit_amount === v.unitAmountCents &&
    price.recurring?.interval === v.interval &&
    price.recurring.interval_count === 1
  );
}

const ZSubscriptionCheckoutInput = z
  .object({
    priceId: ZId("price"),
    catalogSubscriptionId: z
      .string()
      .min(1)
      .max(200, "client_reference_id allows at most 200 characters"),
    customerEmail: z.email(),
    successUrl: z.url(),
    cancelUrl: z.url(),
    metadata: ZMetadata,
    discountCouponId: z.string().min(1).max(200).optional(),
    idempotencyKey: ZIdempotencyKey,
    expiresAt: z.date().optional(),
  })
  .refine(
    (v) =>
      v.metadata.catalogSubscriptionId === undefined ||
      v.metadata.catalogSubscriptionId === v.catalogSubscriptionId,
    {
      message: "catalogSubscriptionId differs from the top-level one; it is set from it",
      path: ["metadata"],
    },
  )
  .refine(
    (v) => Object.keys({ ...v.metadata, catalogSubscriptionId: "" }).length <= 50,
    "Stripe allows at most 50 metadata keys (catalogSubscriptionId included)",
  );

export type ValidSubscriptionCheckoutInput = z.output<typeof ZSubscriptionCheckoutInput>;

/** @throws PaymentsError INVALID_PAYMENTS_INPUT naming every failing field. */
export const parseSubscriptionCheckoutInput = (input: CreateSubscriptionCheckoutInput) =>
  parseOrThrow(
    ZSubscriptionCheckoutInput,
    input,
    `create subscription checkout for ${input.catalogSubscriptionId}`,
  );

/**
 * `POST /v1/checkout/sessions` in `subscription` mode: the Price, quantity 1; the email; our id as
 * `client_reference_id`; the metadata (keys sorted, `catalogSubscriptionId` added) on the session
 * and in `subscription_data.metadata`, so the Subscription and every invoice carry it; the coupon
 * as `discounts`, or else `allow_promotion_codes: false` (Stripe takes one or the other); the same
 * `expires_at` rule as one-off checkout.
 */
export function buildSubscriptionCheckoutParams(
  v: ValidSubscriptionCheckoutInput,
  now: Date,
): Stripe.Checkout.SessionCreateParams {
  const all: Record<string, string> = {
    ...v.metadata,
    catalogSubscriptionId: v.catalogSubscriptionId,
  };
  const metadata = Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((k) => [k, all[k] as string]),
  );
  return {
    mode: "subscription",
    line_items: [{ price: v.priceId, quantity: 1 }],
    customer_email: v.customerEmail,
    client_reference_id: v.catalogSubscriptionId,
    metadata,
    subscription_data: { metadata },
    ...(v.discountCouponId
      ? { discounts: [{ coupon: v.discountCouponId }] }
      : { allow_promotion_codes: false }),
    expires_at: checkoutExpiresAtSeconds(v, now),
    success_url: v.successUrl,
    cancel_url: v.cancelUrl,
  };
}

const ZCancelSubscriptionInput = z.object({ subscriptionId: ZId("sub"), atPeriodEnd: z.boolean() });

/** @throws PaymentsError INVALID_PAYMENTS_INPUT. */
export const parseCancelSubscriptionInput = (input: CancelSubscriptionInput) =>
  parseOrThrow(ZCancelSubscriptionInput, input, `cancel subscription ${input.subscriptionId}`);

const ZPortalSessionInput = z.object({ customerId: ZId("cus"), returnUrl: z.url() });

/** @throws PaymentsError INVALID_PAYMENTS_INPUT. */
export const parsePortalSessionInput = (input: CreatePortalSessionInput) =>
  parseOrThrow(ZPortalSessionInput, input, `open the customer portal for ${input.customerId}`);

const ZRefundInvoiceInput = z.object({
  invoiceId: ZId("in"),
  amountCents: ZCents.optional(),
  idempotencyKey: ZIdempotencyKey,
  metadata: ZMetadata,
});

/** @throws PaymentsError INVALID_PAYMENTS_INPUT naming every failing field. */
export const parseRefundInvoiceInput = (input: RefundInvoiceInput) =>
  parseOrThrow(ZRefundInvoiceInput, input, `refund invoice ${input.invoiceId}`);

/**
 * Marks the portal configuration this package creates; a new version (other features) makes a
 * new configuration instead of reusing the old one.
 */
export const PORTAL_CONFIGURATION_VERSION = "catalog-subscriptions-v1";

/**
 * `POST /v1/billing_portal/configurations`: the customer may cancel (at the period's end, no
 * proration) and update the payment method, and see invoices; no plan switches or quantity
 * changes (no prorations the sandbox could not emulate), no customer detail edits.
 */
export const PORTAL_CONFIGURATION_PARAMS = {
  features: {
    customer_update: { enabled: false },
    invoice_history: { enabled: true },
    payment_method_update: { enabled: true },
    subscription_cancel: { enabled: true, mode: "at_period_end", proration_behavior: "none" },
    subscription_update: { enabled: false },
  },
  metadata: { fanfarePortal: PORTAL_CONFIGURATION_VERSION },
} as const satisfies Stripe.BillingPortal.ConfigurationCreateParams;
