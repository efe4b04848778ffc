import type Stripe from "stripe";
import { z } from "zod";

import { PaymentsError } from "./errors";
import type { CreateCheckoutSessionInput } from "./types";

/**
 * Smallest amount Stripe charges, in cents, per presentment currency (docs.stripe.com/currencies,
 * "Minimum and maximum charge amounts"). Only currencies we sell in are listed; others are left
 * to Stripe to refuse.
 */
const MINIMUM_CHARGE_CENTS: Record<string, number> = { usd: 50 };
/** Largest amount Stripe accepts: 8 digits of minor units ($999,999.99). */
const MAXIMUM_CHARGE_CENTS = 99_999_999;

/** Stripe's documented bounds for `expires_at`: 30 minutes to 24 hours after creation. */
export const CHECKOUT_MIN_LIFETIME_SECONDS = 30 * 60;
export const CHECKOUT_MAX_LIFETIME_SECONDS = 24 * 60 * 60;

const ZCheckoutInput = z.object({
  saleId: z.string().min(1).max(200, "client_reference_id allows at most 200 characters"),
  amountCents: z
    .number()
    .int("must be an integer number of cents")
    .positive("must be above 0 cents"),
  currency: z
    .string()
    .regex(/^[a-zA-Z]{3}$/, "must be a three-letter ISO code")
    .transform((c) => c.toLowerCase()),
  productName: z.string().trim().min(1),
  productDescription: z.string().trim().min(1).optional(),
  imageUrl: z.url().optional(),
  buyerEmail: z.email(),
  successUrl: z.url(),
  cancelUrl: z.url(),
  metadata: z.record(
    z.string().min(1).max(40, "metadata keys allow at most 40 characters"),
    z.string().max(500, "metadata values allow at most 500 characters"),
  ),
  idempotencyKey: z.string().min(1).max(255, "idempotency keys allow at most 255 characters"),
  expiresAt: z.date().optional(),
});

export type ValidCheckoutInput = z.output<typeof ZCheckoutInput>;

/**
 * Validates a checkout request against our rules and Stripe's documented limits, so that the
 * sandbox refuses what Stripe would refuse.
 * @throws PaymentsError INVALID_CHECKOUT_INPUT naming the sale and every failing field.
 */
export function parseCheckoutInput(input: CreateCheckoutSessionInput): ValidCheckoutInput {
  const parsed = ZCheckoutInput.safeParse(input);
  const fail = (why: string): never => {
    throw new PaymentsError(
      "INVALID_CHECKOUT_INPUT",
      `Cannot create checkout session for sale ${input.saleId}: ${why}`,
    );
  };
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "input"} ${i.message}`);
    return fail(issues.join("; "));
  }
  const v = parsed.data;
  const minimum = MINIMUM_CHARGE_CENTS[v.currency];
  if (minimum !== undefined && v.amountCents < minimum) {
    fail(
      `${v.amountCents} cents is below Stripe's ${minimum}-cent minimum charge for ${v.currency}.`,
    );
  }
  if (v.amountCents > MAXIMUM_CHARGE_CENTS) {
    fail(`${v.amountCents} cents is above Stripe's ${MAXIMUM_CHARGE_CENTS}-cent maximum charge.`);
  }
  const reserved = v.metadata.saleId;
  if (reserved !== undefined && reserved !== v.saleId) {
    fail(`metadata.saleId "${reserved}" differs from saleId; it is set from saleId.`);
  }
  if (Object.keys({ ...v.metadata, saleId: v.saleId }).length > 50) {
    fail("Stripe allows at most 50 metadata keys (saleId included).");
  }
  return v;
}

/**
 * `expires_at` in Unix seconds. The default is the start of the current minute plus 32 minutes,
 * so 31 to 32 minutes from now: identical for repeated calls within one minute (Stripe compares
 * a reused idempotency key's parameters), and always at least 60 s above Stripe's 30-minute
 * minimum, for clock skew and the SDK's network retries.
 */
export function checkoutExpiresAtSeconds(
  input: Pick<ValidCheckoutInput, "expiresAt">,
  now: Date,
): number {
  if (input.expiresAt) return Math.floor(input.expiresAt.getTime() / 1000);
  const minute = Math.floor(now.getTime() / 60_000) * 60;
  return minute + CHECKOUT_MIN_LIFETIME_SECONDS + 120;
}

/** `metadata` with `saleId` added and keys sorted, so equal inputs give equal parameters. */
function checkoutMetadata(v: ValidCheckoutInput): Record<string, string> {
  const all: Record<string, string> = { ...v.metadata, saleId: v.saleId };
  return Object.fromEntries(
    Object.keys(all)
      .sort()
      .map((k) => [k, all[k] as string]),
  );
}

/**
 * The parameters of `POST /v1/checkout/sessions` for one track purchase
 * (docs.stripe.com/api/checkout/sessions/create): one line item priced inline in cents, the
 * buyer's email, our sale id as `client_reference_id`, the metadata on the session and on its
 * PaymentIntent. The sandbox builds its session from the same parameters.
 */
export function buildCheckoutSessionParams(
  v: ValidCheckoutInput,
  now: Date,
): Stripe.Checkout.SessionCreateParams {
  const metadata = checkoutMetadata(v);
  return {
    mode: "payment",
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: v.currency,
          unit_amount: v.amountCents,
          product_data: {
            name: v.productName,
            ...(v.productDescription ? { description: v.productDescription } : {}),
            ...(v.imageUrl ? { images: [v.imageUrl] } : {}),
          },
        },
      },
    ],
    customer_email: v.buyerEmail,
    client_reference_id: v.saleId,
    metadata,
    payment_intent_data: { metadata },
    // Discounts are Fanfare's own codes, applied to the price before checkout.
    allow_promotion_codes: false,
    expires_at: checkoutExpiresAtSeconds(v, now),
    success_url: v.successUrl,
    cancel_url: v.cancelUrl,
  };
}
