/**
 * The Stripe provider's catalog-subscription methods (Stripe Billing), kept apart from
 * stripe-provider.ts for size; `createStripeProvider` spreads them into the provider. Parameters
 * come from subscription-params.ts, shared with the sandbox; objects are read with
 * subscription-state.ts.
 */
import type Stripe from "stripe";

import { PaymentsError, StripeRequestError } from "./errors";
import { parseId } from "./provider-input";
import {
  buildPriceParams,
  buildProductParams,
  buildSubscriptionCheckoutParams,
  parseCancelSubscriptionInput,
  parsePortalSessionInput,
  parseRefundInvoiceInput,
  parseSubscriptionCheckoutInput,
  parseSubscriptionPriceInput,
  PORTAL_CONFIGURATION_PARAMS,
  PORTAL_CONFIGURATION_VERSION,
  priceIdempotencyKey,
  priceMatches,
  productIdempotencyKey,
  subscriptionPriceLookupKey,
  subscriptionProductId,
} from "./subscription-params";
import { toSubscriptionInvoice, toSubscriptionState } from "./subscription-state";
import type { CreatedRefund, CreateRefundInput, PaymentsProvider } from "./types";

/** Runs one Stripe call, turning its errors into StripeRequestError (the provider's `call`). */
type Call = <T>(action: string, request: () => Promise<T>) => Promise<T>;

type BillingMethods = Pick<
  PaymentsProvider,
  | "ensureSubscriptionPrice"
  | "createSubscriptionCheckout"
  | "getSubscription"
  | "cancelSubscription"
  | "createPortalSession"
  | "getInvoice"
  | "refundInvoice"
>;

const isStripeCode = (e: unknown, code: string) =>
  e instanceof StripeRequestError && e.stripeCode === code;

/**
 * The billing methods on one stripe-node client.
 * @param createRefund the provider's own `createRefund`, which `refundInvoice` goes through.
 */
export function createStripeBillingMethods(
  stripe: Stripe,
  call: Call,
  createRefund: (input: CreateRefundInput) => Promise<CreatedRefund>,
): BillingMethods {
  // The portal configuration's id, once found or created: it never changes for a version.
  let portalConfigurationId: string | null = null;

  /**
   * The configuration marked `metadata.fanfarePortal` = PORTAL_CONFIGURATION_VERSION, found among
   * the active ones (`GET /v1/billing_portal/configurations`) or created once
   * (`POST /v1/billing_portal/configurations`, key `portal-configuration:<version>`).
   */
  async function getPortalConfigurationId(action: string): Promise<string> {
    if (portalConfigurationId) return portalConfigurationId;
    const list = await call(action, () =>
      stripe.billingPortal.configurations.list({ active: true, is_default: false, limit: 100 }),
    );
    const found = list.data.find((c) => c.metadata?.fanfarePortal === PORTAL_CONFIGURATION_VERSION);
    const configuration =
      found ??
      (await call(action, () =>
        stripe.billingPortal.configurations.create(PORTAL_CONFIGURATION_PARAMS, {
          idempotencyKey: `portal-configuration:${PORTAL_CONFIGURATION_VERSION}`,
        }),
      ));
    portalConfigurationId = configuration.id;
    return configuration.id;
  }

  return {
    /**
     * `GET /v1/products/:id` with our id (`fanfare_artist_<artistId>`), `POST /v1/products` when
     * it is missing (docs.stripe.com/api/products/create accepts an `id`; key
     * `product:artist:<artistId>`; `resource_already_exists` from a concurrent creator is fine),
     * `POST /v1/products/:id` when the name changed; then `GET /v1/prices?product=&active=true`:
     * the interval's Price of this amount and currency is kept, else `POST /v1/prices`
     * (`transfer_lookup_key`, key `priceIdempotencyKey`) makes it; every other active Price of
     * the interval gets `POST /v1/prices/:id active=false` (docs.stripe.com/products-prices/
     * manage-prices: prices cannot be edited, only archived). A call interrupted half-way
     * converges when called again.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError.
     */
    async ensureSubscriptionPrice(input) {
      const v = parseSubscriptionPriceInput(input);
      const productParams = buildProductParams(v);
      const productId = subscriptionProductId(v.artistId);
      const lookupKey = subscriptionPriceLookupKey(v.artistId, v.interval);
      const action = `Cannot set the ${v.interval} price of artist ${v.artistId}'s catalog subscription`;
      const existing = await call(action, () => stripe.products.retrieve(productId)).catch(
        (e: unknown) => {
          if (isStripeCode(e, "resource_missing")) return null;
          throw e;
        },
      );
      if (!existing) {
        await call(action, () =>
          stripe.products.create(productParams, {
            idempotencyKey: productIdempotencyKey(v.artistId),
          }),
        ).catch((e: unknown) => {
          if (!isStripeCode(e, "resource_already_exists")) throw e;
        });
      } else if (existing.name !== productParams.name || !existing.active) {
        await call(action, () =>
          stripe.products.update(productId, { name: productParams.name, active: true }),
        );
      }

      const list = await call(action, () =>
        stripe.prices.list({ product: productId, active: true, type: "recurring", limit: 100 }),
      );
      const prices = list.data.filter((p) => p.recurring?.interval === v.interval);
      const holder = prices.find((p) => p.lookup_key === lookupKey) ?? null;
      let current =
        (holder && priceMatches(holder, v) ? holder : null) ??
        prices.find((p) => priceMatches(p, v)) ??
        null;
      if (!current) {
        current = await call(action, () =>
          stripe.prices.create(buildPriceParams(v), {
            idempotencyKey: priceIdempotencyKey(v, holder?.id ?? null),
          }),
        );
      } else if (current.lookup_key !== lookupKey) {
        const id = current.id;
        current = await call(action, () =>
          stripe.prices.update(id, { lookup_key: lookupKey, transfer_lookup_key: true }),
        );
      }
      const currentId = current.id;
      const others = prices.filter((p) => p.id !== currentId);
      for (const other of others) {
        await call(action, () => stripe.prices.update(other.id, { active: false }));
      }
      const replaced = holder && holder.id !== currentId ? holder : (others[0] ?? null);
      return { productId, priceId: currentId, replacedPriceId: replaced?.id ?? null };
    },

    /**
     * `POST /v1/checkout/sessions` in `subscription` mode with `buildSubscriptionCheckoutParams`
     * (docs.stripe.com/payments/checkout/build-subscriptions), `idempotencyKey` as the
     * `Idempotency-Key` header.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; STRIPE_ERROR when Stripe returns no URL;
     *   StripeRequestError (an inactive price, an unknown coupon, `idempotency_error`).
     */
    async createSubscriptionCheckout(input) {
      const v = parseSubscriptionCheckoutInput(input);
      const params = buildSubscriptionCheckoutParams(v, new Date());
      const session = await call(
        `Cannot create subscription checkout for ${v.catalogSubscriptionId}`,
        () => stripe.checkout.sessions.create(params, { idempotencyKey: v.idempotencyKey }),
      );
      if (!session.url) {
        throw new PaymentsError(
          "STRIPE_ERROR",
          `Checkout session ${session.id} for subscription ${v.catalogSubscriptionId} has no hosted URL.`,
        );
      }
      return { id: session.id, url: session.url, expiresAt: new Date(session.expires_at * 1000) };
    },

    /**
     * `GET /v1/subscriptions/:id` (docs.stripe.com/api/subscriptions/retrieve).
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (`resource_missing`).
     */
    async getSubscription(subscriptionId) {
      const id = parseId("sub", subscriptionId, "read subscription");
      const subscription = await call(`Cannot read subscription ${id}`, () =>
        stripe.subscriptions.retrieve(id),
      );
      return toSubscriptionState(subscription);
    },

    /**
     * `GET /v1/subscriptions/:id`, then, unless it has ended (or already ends at the period's end
     * and that is asked), `POST /v1/subscriptions/:id` with `cancel_at_period_end=true`
     * (docs.stripe.com/billing/subscriptions/cancel#cancel-at-end-of-cycle) or
     * `DELETE /v1/subscriptions/:id` (docs.stripe.com/api/subscriptions/cancel: now, no
     * proration by default). Both are safe to repeat without an idempotency key.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (`resource_missing`).
     */
    async cancelSubscription(input) {
      const v = parseCancelSubscriptionInput(input);
      const action = `Cannot cancel subscription ${v.subscriptionId}`;
      const subscription = await call(action, () =>
        stripe.subscriptions.retrieve(v.subscriptionId),
      );
      const ended =
        subscription.status === "canceled" || subscription.status === "incomplete_expired";
      if (ended || (v.atPeriodEnd && subscription.cancel_at_period_end)) {
        return toSubscriptionState(subscription);
      }
      const updated = v.atPeriodEnd
        ? await call(action, () =>
            stripe.subscriptions.update(v.subscriptionId, { cancel_at_period_end: true }),
          )
        : await call(action, () => stripe.subscriptions.cancel(v.subscriptionId));
      return toSubscriptionState(updated);
    },

    /**
     * `POST /v1/billing_portal/sessions` (docs.stripe.com/api/customer_portal/sessions/create)
     * with `customer`, `return_url` and our configuration (`PORTAL_CONFIGURATION_PARAMS`: cancel
     * at the period's end, update the payment method, invoice history; no plan changes), found or
     * created on the first call and remembered by this provider.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (`resource_missing` for
     *   an unknown customer).
     */
    async createPortalSession(input) {
      const v = parsePortalSessionInput(input);
      const action = `Cannot open the customer portal for ${v.customerId}`;
      const configuration = await getPortalConfigurationId(action);
      const session = await call(action, () =>
        stripe.billingPortal.sessions.create({
          customer: v.customerId,
          return_url: v.returnUrl,
          configuration,
        }),
      );
      return { id: session.id, url: session.url };
    },

    /**
     * `GET /v1/invoices/:id?expand[]=payments` (docs.stripe.com/api/invoices/retrieve; the
     * PaymentIntent is in `payments` since 2025-03-31.basil).
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (`resource_missing`).
     */
    async getInvoice(invoiceId) {
      const id = parseId("in", invoiceId, "read invoice");
      const invoice = await call(`Cannot read invoice ${id}`, () =>
        stripe.invoices.retrieve(id, { expand: ["payments"] }),
      );
      return toSubscriptionInvoice(invoice);
    },

    /**
     * `GET /v1/invoices/:id?expand[]=payments` for the PaymentIntent that paid it, then the
     * provider's `createRefund` on it (default amount: the invoice's `amount_paid`).
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; INVOICE_NOT_PAID; StripeRequestError.
     */
    async refundInvoice(input) {
      const v = parseRefundInvoiceInput(input);
      const invoice = toSubscriptionInvoice(
        await call(`Cannot refund invoice ${v.invoiceId}`, () =>
          stripe.invoices.retrieve(v.invoiceId, { expand: ["payments"] }),
        ),
      );
      if (invoice.status !== "paid" || !invoice.paymentIntentId) {
        throw new PaymentsError(
          "INVOICE_NOT_PAID",
          `Cannot refund invoice ${v.invoiceId}: it has no paid payment (status ${invoice.status}, ${invoice.amountPaidCents} cents paid).`,
        );
      }
      const refund = await createRefund({
        paymentIntentId: invoice.paymentIntentId,
        amountCents: v.amountCents ?? invoice.amountPaidCents,
        idempotencyKey: v.idempotencyKey,
        metadata: v.metadata,
      });
      return { ...refund, paymentIntentId: invoice.paymentIntentId };
    },
  };
}
