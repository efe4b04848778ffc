import Stripe from "stripe";

import { buildCheckoutSessionParams, parseCheckoutInput } from "./checkout-params";
import { PaymentsError, StripeRequestError } from "./errors";
import type { CheckoutSession, CreateCheckoutSessionInput, PaymentsProvider } from "./types";
import { constructWebhookEventWithSecret } from "./webhook-signature";

/** The API version this package is written against: the one pinned by the installed stripe-node. */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

/** Turns stripe-node's errors into ours, so callers never import `stripe` to inspect them. */
function toStripeRequestError(e: unknown, action: string): unknown {
  if (!(e instanceof Stripe.errors.StripeError)) return e;
  return new StripeRequestError(
    `${action}: Stripe answered ${e.statusCode ?? "without a status"} ${e.rawType ?? e.type}${e.code ? ` (${e.code})` : ""}: ${e.message}`,
    {
      stripeType: e.rawType ?? e.type,
      stripeCode: e.code,
      statusCode: e.statusCode,
      requestId: e.requestId,
    },
    { cause: e },
  );
}

/**
 * Payments through real Stripe.
 *
 * @param opts.secretKey `sk_...` or `rk_...`.
 * @param opts.webhookSecret the endpoint's `whsec_...`; without it, `constructWebhookEvent`
 *   throws PaymentsError CONFIGURATION_MISSING.
 */
export function createStripeProvider(opts: {
  secretKey: string;
  webhookSecret?: string;
}): PaymentsProvider {
  const stripe = new Stripe(opts.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: 2,
  });

  return {
    mode: "stripe",

    /**
     * Creates a Checkout Session in payment mode for one track (docs.stripe.com/api/checkout/
     * sessions/create), sending `input.idempotencyKey` as the `Idempotency-Key` header
     * (docs.stripe.com/api/idempotent_requests: Stripe replays the first response for 24 h and
     * refuses the key with different parameters). Amounts are cents.
     * @throws PaymentsError INVALID_CHECKOUT_INPUT before any request; StripeRequestError when
     *   Stripe refuses (e.g. `idempotency_error`) or cannot be reached after 2 retries.
     */
    async createCheckoutSession(input: CreateCheckoutSessionInput): Promise<CheckoutSession> {
      const valid = parseCheckoutInput(input);
      const params = buildCheckoutSessionParams(valid, new Date());
      let session: Stripe.Checkout.Session;
      try {
        session = await stripe.checkout.sessions.create(params, {
          idempotencyKey: valid.idempotencyKey,
        });
      } catch (e) {
        throw toStripeRequestError(e, `Cannot create checkout session for sale ${valid.saleId}`);
      }
      if (!session.url) {
        throw new PaymentsError(
          "STRIPE_ERROR",
          `Checkout session ${session.id} for sale ${valid.saleId} has no hosted URL.`,
        );
      }
      return { id: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
    },

    async constructWebhookEvent(rawBody, signatureHeader) {
      if (!opts.webhookSecret) {
        throw new PaymentsError(
          "CONFIGURATION_MISSING",
          "Cannot verify Stripe webhook: STRIPE_WEBHOOK_SECRET is not set while STRIPE_SECRET_KEY is.",
        );
      }
      return constructWebhookEventWithSecret(rawBody, signatureHeader, opts.webhookSecret);
    },
  };
}
