import type { PrismaClient } from "@fanfare/db";

import { paymentsEnv } from "./env";
import { createSandboxProvider } from "./sandbox-provider";
import { createStripeProvider } from "./stripe-provider";
import type { PaymentsProvider } from "./types";

export * from "./types";
export { PaymentsError, StripeRequestError, WebhookSignatureError } from "./errors";
export type { PaymentsErrorCode, WebhookSignatureFailure } from "./errors";
export { paymentsEnv } from "./env";
export { createStripeProvider, STRIPE_API_VERSION } from "./stripe-provider";
export {
  createSandboxProvider,
  createSandboxCheckoutSession,
  getSandboxCheckoutSession,
  completeSandboxCheckout,
  expireSandboxCheckout,
  getWebhookSecret,
} from "./sandbox-provider";
export type {
  SandboxCheckoutSession,
  SandboxCheckoutSessionWithLineItems,
  SandboxDelivery,
  SandboxEvent,
  SandboxEventType,
  SandboxLineItem,
} from "./sandbox-provider";
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
 * @throws Error from `paymentsEnv()` when a payments variable is malformed.
 */
export function getPayments(db: PrismaClient): PaymentsProvider {
  const env = paymentsEnv();
  if (!env.STRIPE_SECRET_KEY) return createSandboxProvider(db);
  const cacheKey = `${env.STRIPE_SECRET_KEY}\n${env.STRIPE_WEBHOOK_SECRET ?? ""}`;
  let provider = stripeProviders.get(cacheKey);
  if (!provider) {
    provider = createStripeProvider({
      secretKey: env.STRIPE_SECRET_KEY,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    });
    stripeProviders.set(cacheKey, provider);
  }
  return provider;
}
