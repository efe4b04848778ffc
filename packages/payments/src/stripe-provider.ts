import Stripe from "stripe";

import { buildCheckoutSessionParams, parseCheckoutInput } from "./checkout-params";
import {
  buildCouponParams,
  buildPromotionCodeParams,
  couponIdempotencyKey,
  promotionCodeIdempotencyKey,
} from "./discount-coupon-params";
import { PaymentsError, StripeRequestError, WebhookSignatureError } from "./errors";
import { createStripeBillingMethods } from "./stripe-billing";
import {
  parseConnectAccountInput,
  parseDiscountCouponInput,
  parseId,
  parseOnboardingLinkInput,
  parsePromotionCodeActiveInput,
  parseRefundInput,
  parseReverseTransferInput,
  parseTransferGroup,
  parseTransferInput,
} from "./provider-input";
import type {
  CheckoutSession,
  ConnectAccountStatus,
  CreateAccountOnboardingLinkInput,
  CreateCheckoutSessionInput,
  CreateConnectAccountInput,
  CreatedRefund,
  CreatedTransfer,
  CreatedTransferReversal,
  CreateRefundInput,
  CreateTransferInput,
  DiscountCoupon,
  FoundTransfer,
  PaymentsProvider,
  ReverseTransferInput,
  SetPromotionCodeActiveInput,
  UpsertDiscountCouponInput,
} from "./types";
import { constructWebhookEventWithSecret } from "./webhook-signature";

/** The API version this package is written against: the one pinned by the installed stripe-node. */
export const STRIPE_API_VERSION = Stripe.API_VERSION;

/**
 * The controller properties of an Express account, which replace the deprecated `type: "express"`
 * (docs.stripe.com/connect/migrate-to-controller-properties): Express Dashboard, the platform pays
 * Stripe's fees and carries negative balances, Stripe collects the requirements.
 */
export const EXPRESS_ACCOUNT_CONTROLLER = {
  stripe_dashboard: { type: "express" },
  fees: { payer: "application" },
  losses: { payments: "application" },
  requirement_collection: "stripe",
} as const satisfies Stripe.AccountCreateParams.Controller;

/** The account's state as ConnectAccountStatus; both providers read Stripe's account shape. */
export function toConnectAccountStatus(account: {
  id: string;
  details_submitted?: boolean;
  charges_enabled?: boolean;
  payouts_enabled?: boolean;
  capabilities?: { transfers?: string } | null;
  requirements?: { currently_due?: string[] | null; disabled_reason?: string | null } | null;
  country?: string | null;
  external_accounts?: { data?: { fingerprint?: string | null }[] } | null;
}): ConnectAccountStatus {
  return {
    accountId: account.id,
    detailsSubmitted: account.details_submitted ?? false,
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    transfersEnabled: account.capabilities?.transfers === "active",
    requirementsDue: account.requirements?.currently_due ?? [],
    disabledReason: account.requirements?.disabled_reason ?? null,
    country: account.country ?? null,
    bankFingerprint: account.external_accounts?.data?.[0]?.fingerprint ?? null,
  };
}

/** Turns stripe-node's errors into ours, so callers never import `stripe` to inspect them. */
function toStripeRequestError(e: unknown, action: string): unknown {
  if (!(e instanceof Stripe.errors.StripeError)) return e;
  if (e instanceof Stripe.errors.StripeConnectionError) {
    return new StripeRequestError(
      `${action}: could not reach Stripe (${e.message}); the request may or may not have taken effect.`,
      { stripeType: "api_connection_error" },
      { cause: e },
    );
  }
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
 * @param opts.connectWebhookSecret the Connect endpoint's `whsec_...`: events of connected
 *   accounts (`account.updated`) are signed with it (docs.stripe.com/connect/webhooks).
 * @param opts.maxNetworkRetries how often stripe-node resends a request that got no answer, a
 *   409 or a 5xx, with the same idempotency key (default 2; tests pass 0).
 */
export function createStripeProvider(opts: {
  secretKey: string;
  webhookSecret?: string;
  connectWebhookSecret?: string;
  maxNetworkRetries?: number;
}): PaymentsProvider {
  const stripe = new Stripe(opts.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    maxNetworkRetries: opts.maxNetworkRetries ?? 2,
  });

  /** Runs one Stripe call, turning its errors into StripeRequestError. */
  async function call<T>(action: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (e) {
      throw toStripeRequestError(e, action);
    }
  }

  const provider: PaymentsProvider = {
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

    /**
     * Verifies `stripe-signature` over the raw body with STRIPE_WEBHOOK_SECRET, then, when that
     * signature does not match and a Connect secret is set, with the Connect endpoint's secret
     * (docs.stripe.com/webhooks/signature, 300 s tolerance).
     * @throws PaymentsError CONFIGURATION_MISSING; WebhookSignatureError; WEBHOOK_PAYLOAD_INVALID.
     */
    async constructWebhookEvent(rawBody, signatureHeader) {
      if (!opts.webhookSecret) {
        throw new PaymentsError(
          "CONFIGURATION_MISSING",
          "Cannot verify Stripe webhook: STRIPE_WEBHOOK_SECRET is not set while STRIPE_SECRET_KEY is.",
        );
      }
      try {
        return constructWebhookEventWithSecret(rawBody, signatureHeader, opts.webhookSecret);
      } catch (e) {
        // Not signed by the platform endpoint: maybe by the Connect endpoint.
        const connectSecret = opts.connectWebhookSecret;
        const otherSignature = e instanceof WebhookSignatureError && e.reason === "bad_signature";
        if (!connectSecret || !otherSignature) throw e;
        return constructWebhookEventWithSecret(rawBody, signatureHeader, connectSecret);
      }
    },

    /**
     * `POST /v1/accounts` (docs.stripe.com/connect/express-accounts, docs.stripe.com/api/accounts/
     * create) with the Express controller properties, `capabilities[transfers][requested]=true`
     * (Fanfare only transfers to promoters), `email`, `country` when given, and
     * `metadata[ownerRef]`; `idempotencyKey` as the `Idempotency-Key` header.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError.
     */
    async createConnectAccount(input: CreateConnectAccountInput): Promise<{ accountId: string }> {
      const v = parseConnectAccountInput(input);
      const account = await call(`Cannot create connected account for ${v.ownerRef}`, () =>
        stripe.accounts.create(
          {
            controller: EXPRESS_ACCOUNT_CONTROLLER,
            capabilities: { transfers: { requested: true } },
            email: v.email,
            ...(v.country ? { country: v.country } : {}),
            metadata: { ownerRef: v.ownerRef },
          },
          { idempotencyKey: v.idempotencyKey },
        ),
      );
      return { accountId: account.id };
    },

    /**
     * `POST /v1/account_links` with `type=account_onboarding` (docs.stripe.com/api/account_links/
     * create): a single-use URL that expires a few minutes after creation; on expiry or reuse,
     * Stripe sends the user to `refreshUrl`, where a new link must be made.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (e.g. `account_invalid`).
     */
    async createAccountOnboardingLink(
      input: CreateAccountOnboardingLinkInput,
    ): Promise<{ url: string; expiresAt: Date }> {
      const v = parseOnboardingLinkInput(input);
      const link = await call(`Cannot create onboarding link for ${v.accountId}`, () =>
        stripe.accountLinks.create({
          account: v.accountId,
          type: "account_onboarding",
          refresh_url: v.refreshUrl,
          return_url: v.returnUrl,
        }),
      );
      return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
    },

    /**
     * `GET /v1/accounts/:id` (docs.stripe.com/api/accounts/retrieve): `details_submitted`,
     * `charges_enabled`, `payouts_enabled`, `capabilities.transfers`, `requirements.currently_due`
     * and `requirements.disabled_reason`. Webhooks (`account.updated`) say when to call it.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError.
     */
    async getConnectAccountStatus(accountId: string): Promise<ConnectAccountStatus> {
      const id = parseId("acct", accountId, "read connected account status");
      const account = await call(`Cannot read connected account ${id}`, () =>
        stripe.accounts.retrieve(id),
      );
      return toConnectAccountStatus({
        ...account,
        capabilities: { transfers: account.capabilities?.transfers },
      });
    },

    /**
     * `POST /v1/accounts/:id/login_links` (docs.stripe.com/api/accounts/login_link/create): a
     * single-use link to the Express Dashboard.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError.
     */
    async createConnectLoginLink(accountId: string): Promise<{ url: string }> {
      const id = parseId("acct", accountId, "create dashboard login link");
      const link = await call(`Cannot create dashboard login link for ${id}`, () =>
        stripe.accounts.createLoginLink(id),
      );
      return { url: link.url };
    },

    /**
     * `POST /v1/transfers` (docs.stripe.com/connect/separate-charges-and-transfers,
     * docs.stripe.com/api/transfers/create): `amount` in cents, `currency`, `destination`,
     * `transfer_group`, `metadata`; `idempotencyKey` as the `Idempotency-Key` header, so a resent
     * request returns the first transfer instead of paying twice (for 24 h at least).
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError: non-retryable for
     *   `balance_insufficient` (platform balance short), `idempotency_error`, an invalid
     *   destination; retryable (outcome unknown) for network errors, 5xx, 409 and 429.
     */
    async createTransfer(input: CreateTransferInput): Promise<CreatedTransfer> {
      const v = parseTransferInput(input);
      const transfer = await call(
        `Cannot create transfer of ${v.amountCents} cents to ${v.destination} (group ${v.transferGroup})`,
        () =>
          stripe.transfers.create(
            {
              amount: v.amountCents,
              currency: v.currency,
              destination: v.destination,
              transfer_group: v.transferGroup,
              metadata: v.metadata,
            },
            { idempotencyKey: v.idempotencyKey },
          ),
      );
      return { transferId: transfer.id, amountCents: transfer.amount };
    },

    /**
     * `GET /v1/transfers?transfer_group=...` (docs.stripe.com/api/transfers/list): the one
     * transfer of the group, with `amount` and `amount_reversed` in cents, or null.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; PaymentsError TRANSFER_GROUP_AMBIGUOUS when
     *   the group holds several transfers (money may have been sent twice: a person must look);
     *   StripeRequestError.
     */
    async findTransferByGroup(transferGroup: string): Promise<FoundTransfer | null> {
      const group = parseTransferGroup(transferGroup);
      const list = await call(`Cannot list transfers of group ${group}`, () =>
        stripe.transfers.list({ transfer_group: group, limit: 10 }),
      );
      return singleTransferOfGroup(group, list.data);
    },

    /**
     * `POST /v1/transfers/:id/reversals` (docs.stripe.com/api/transfer_reversals/create): takes
     * `amount` cents back from the connected account; `idempotencyKey` as `Idempotency-Key`.
     * Stripe reverses a separate transfer only if the destination account's balance covers it.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError: non-retryable
     *   `balance_insufficient` when the account has no balance left (the platform carries the
     *   debt), or an amount above the unreversed remainder; retryable as for createTransfer.
     */
    async reverseTransfer(input: ReverseTransferInput): Promise<CreatedTransferReversal> {
      const v = parseReverseTransferInput(input);
      const reversal = await call(
        `Cannot reverse ${v.amountCents} cents of transfer ${v.transferId}`,
        () =>
          stripe.transfers.createReversal(
            v.transferId,
            { amount: v.amountCents, ...(v.metadata ? { metadata: v.metadata } : {}) },
            { idempotencyKey: v.idempotencyKey },
          ),
      );
      return { reversalId: reversal.id, amountCents: reversal.amount };
    },

    /**
     * `POST /v1/refunds` (docs.stripe.com/api/refunds/create) with `payment_intent`, `amount` in
     * cents, `metadata` and `expand[]=charge`, so that the charge's cumulative `amount_refunded`
     * comes back in the same response; `idempotencyKey` as `Idempotency-Key`. Several partial
     * refunds are allowed until the charge is fully refunded.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError: non-retryable
     *   `charge_already_refunded`, `amount_too_large` (above the unrefunded amount),
     *   `charge_disputed`; retryable as for createTransfer.
     */
    async createRefund(input: CreateRefundInput): Promise<CreatedRefund> {
      const v = parseRefundInput(input);
      const action = `Cannot refund ${v.amountCents} cents of payment ${v.paymentIntentId}`;
      const refund = await call(action, () =>
        stripe.refunds.create(
          {
            payment_intent: v.paymentIntentId,
            amount: v.amountCents,
            metadata: v.metadata,
            expand: ["charge"],
          },
          { idempotencyKey: v.idempotencyKey },
        ),
      );
      let charge = refund.charge;
      if (typeof charge === "string") {
        const chargeId = charge;
        charge = await call(action, () => stripe.charges.retrieve(chargeId));
      }
      if (!charge) {
        throw new PaymentsError("STRIPE_ERROR", `Refund ${refund.id} has no charge.`);
      }
      return {
        refundId: refund.id,
        amountCents: refund.amount,
        status: refund.status ?? "pending",
        chargeAmountRefundedCents: charge.amount_refunded,
      };
    },

    /**
     * `POST /v1/coupons` (docs.stripe.com/api/coupons/create) then `POST /v1/promotion_codes`
     * (docs.stripe.com/api/promotion_codes/create) with the parameters of
     * `buildCouponParams` / `buildPromotionCodeParams`, under the idempotency keys
     * `coupon:<discountCodeId>:<terms>` and `promotion-code:<discountCodeId>:<terms>`
     * (`couponTermsKey`: discount and duration; docs.stripe.com/api/idempotent_requests): a call
     * that failed between the two requests, sent again within 24 h, gets the first coupon back and
     * creates the promotion code once; a call with other terms makes another coupon.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (e.g. a code already used
     *   by another active promotion code, `idempotency_error` when the code's limits changed
     *   between two attempts).
     */
    async upsertDiscountCoupon(input: UpsertDiscountCouponInput): Promise<DiscountCoupon> {
      const v = parseDiscountCouponInput(input);
      const action = `Cannot mirror discount code ${v.discountCodeId} (${v.code}) in Stripe`;
      const coupon = await call(action, () =>
        stripe.coupons.create(buildCouponParams(v), {
          idempotencyKey: couponIdempotencyKey(v),
        }),
      );
      const promotionCode = await call(action, () =>
        stripe.promotionCodes.create(buildPromotionCodeParams(v, coupon.id), {
          idempotencyKey: promotionCodeIdempotencyKey(v),
        }),
      );
      return { couponId: coupon.id, promotionCodeId: promotionCode.id };
    },

    /**
     * `POST /v1/promotion_codes/:id` with `active` (docs.stripe.com/api/promotion_codes/update).
     * No idempotency key is needed: setting a state twice leaves the same state.
     * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError (`resource_missing`, 404,
     *   for an unknown promotion code).
     */
    async setPromotionCodeActive(
      input: SetPromotionCodeActiveInput,
    ): Promise<{ promotionCodeId: string; active: boolean }> {
      const v = parsePromotionCodeActiveInput(input);
      const promotionCode = await call(
        `Cannot ${v.active ? "activate" : "deactivate"} promotion code ${v.promotionCodeId}`,
        () => stripe.promotionCodes.update(v.promotionCodeId, { active: v.active }),
      );
      return { promotionCodeId: promotionCode.id, active: promotionCode.active };
    },

    // Catalog subscriptions: stripe-billing.ts.
    ...createStripeBillingMethods(stripe, call, (input) => provider.createRefund(input)),
  };
  return provider;
}

/**
 * The single transfer of a group, or null.
 * @throws PaymentsError TRANSFER_GROUP_AMBIGUOUS when there are several.
 */
export function singleTransferOfGroup(
  transferGroup: string,
  transfers: { id: string; amount: number; amount_reversed: number }[],
): FoundTransfer | null {
  if (transfers.length > 1) {
    throw new PaymentsError(
      "TRANSFER_GROUP_AMBIGUOUS",
      `Transfer group ${transferGroup} holds ${transfers.length} transfers (${transfers.map((t) => t.id).join(", ")}); expected at most one.`,
    );
  }
  const [t] = transfers;
  return t ? { transferId: t.id, amountCents: t.amount, reversedCents: t.amount_reversed } : null;
}
