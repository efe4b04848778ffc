import type { PrismaClient } from "@fanfare/db";

import { paymentsEnv } from "./env";
import { createSandboxProvider } from "./sandbox-provider";
import { createStripeProvider } from "./stripe-provider";
import type { PaymentsProvider } from "./types";

export * from "./types";
export {
  isRetryableStripeFailure,
  PaymentsError,
  StripeRequestError,
  WebhookSignatureError,
} from "./errors";
export type { PaymentsErrorCode, StripeFailure, WebhookSignatureFailure } from "./errors";
export { paymentsEnv } from "./env";
export { createStripeProvider, STRIPE_API_VERSION } from "./stripe-provider";
export {
  createSandboxProvider,
  createSandboxCheckoutSession,
  defaultSandboxWebhookUrl,
  getSandboxCheckoutSession,
  completeSandboxCheckout,
  expireSandboxCheckout,
  getWebhookSecret,
} from "./sandbox-provider";
export type {
  SandboxCheckoutSession,
  SandboxCheckoutSessionWithLineItems,
  SandboxLineItem,
} from "./sandbox-provider";
export {
  completeSandboxOnboarding,
  getSandboxConnectAccount,
  getSandboxTransfer,
  getSandboxTransferMode,
  payOutSandboxBalance,
  sandboxBankFingerprint,
  sandboxDefaultAccountNumber,
  SANDBOX_ROUTING_NUMBER,
  setSandboxTransferMode,
} from "./sandbox-connect";
export type { SandboxTransferMode } from "./sandbox-connect";
export {
  closeSandboxDispute,
  createSandboxDispute,
  getSandboxDispute,
  getSandboxPayment,
} from "./sandbox-payments";
export { getSandboxCoupon, getSandboxPromotionCode } from "./sandbox-discounts";
export {
  getSandboxCustomer,
  getSandboxPortalSession,
  getSandboxSubscription,
  listSandboxSubscriptionsOfCustomer,
  setSandboxPaymentFails,
} from "./sandbox-billing";
export { advanceSandboxClock, renewSandboxSubscriptionNow } from "./sandbox-clock";
export type { SandboxClockResult } from "./sandbox-clock";
export { getSandboxInvoice, SANDBOX_RETRY_AFTER_SECONDS } from "./sandbox-invoices";
export { toSubscriptionInvoice, toSubscriptionState } from "./subscription-state";
export type { InvoiceLike, SubscriptionLike } from "./subscription-state";
export {
  addBillingIntervals,
  billingIntervalsBetween,
  discountAppliesToInvoice,
  discountEndSeconds,
  invoiceDiscountCents,
} from "./billing-rules";
export type { CouponTerms } from "./billing-rules";
export { listSandboxEvents, redeliverSandboxEvent } from "./sandbox-store";
export type { SandboxEventSummary } from "./sandbox-store";
export type {
  SandboxAccount,
  SandboxCharge,
  SandboxCoupon,
  SandboxCustomer,
  SandboxDelivery,
  SandboxDiscount,
  SandboxInvoice,
  SandboxInvoiceLine,
  SandboxInvoicePayment,
  SandboxPortalSession,
  SandboxPrice,
  SandboxProduct,
  SandboxSubscription,
  SandboxSubscriptionItem,
  SandboxSubscriptionStatus,
  SandboxDispute,
  SandboxDisputeStatus,
  SandboxEvent,
  SandboxEventObject,
  SandboxEventType,
  SandboxPaymentIntent,
  SandboxPromotionCode,
  SandboxRefund,
  SandboxTransfer,
  SandboxTransferReversal,
} from "./sandbox-objects";
export {
  constructWebhookEventWithSecret,
  signWebhookPayload,
  WEBHOOK_TOLERANCE_SECONDS,
} from "./webhook-signature";

// One Stripe client per key and secret: it holds an HTTP agent worth reusing across requests.
const stripeProviders = new Map<string, PaymentsProvider>();

/**
 * The payments provider for this process: real Stripe when `STRIPE_SECRET_KEY` is set, the
 * offline sandbox (state in `db`) otherwise. Cheap: call it per request.
 * @param opts.webhookUrl sandbox only: where events caused by API calls (`charge.refunded`, a
 *   cancellation's `customer.subscription.*`) are POSTed; default `${APP_URL}/api/webhooks/stripe`. Stripe uses the endpoints configured in
 *   its Dashboard.
 * @throws Error from `paymentsEnv()` when a payments variable is malformed.
 */
export function getPayments(
  db: PrismaClient,
  opts: { webhookUrl?: string } = {},
): PaymentsProvider {
  const env = paymentsEnv();
  if (!env.STRIPE_SECRET_KEY) return createSandboxProvider(db, opts);
  const cacheKey = [
    env.STRIPE_SECRET_KEY,
    env.STRIPE_WEBHOOK_SECRET ?? "",
    env.STRIPE_CONNECT_WEBHOOK_SECRET ?? "",
  ].join("\n");
  let provider = stripeProviders.get(cacheKey);
  if (!provider) {
    provider = createStripeProvider({
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      connectWebhookSecret: env.STRIPE_CONNECT_WEBHOOK_SECRET,
    });
    stripeProviders.set(cacheKey, provider);
  }
  return provider;
}
