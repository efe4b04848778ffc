import Stripe from "stripe";

import { PaymentsError, WebhookSignatureError } from "./errors";

/** Stripe's default signature tolerance, in seconds (docs.stripe.com/webhooks#verify-events). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

// Signing and verifying are local HMAC computations: this client never makes a request.
const offlineStripe = new Stripe("sk_test_sandbox_offline");

function signedAtSeconds(header: string): number | undefined {
  const t = header.split(",").find((part) => part.startsWith("t="));
  const n = t ? Number.parseInt(t.slice(2), 10) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Verifies a `Stripe-Signature` header over the exact raw request body and parses the event, with
 * `stripe.webhooks.constructEvent(raw, header, secret, 300)` (docs.stripe.com/webhooks/signature).
 * Both providers use this one function.
 *
 * @param rawBody the body bytes as received; a re-serialized JSON body will not verify.
 * @param signatureHeader the `stripe-signature` header value, or null when absent.
 * @param secret the endpoint's signing secret (`whsec_...`).
 * @throws WebhookSignatureError (reason: missing_header, malformed_header, bad_signature,
 *   timestamp_outside_tolerance, missing_secret); PaymentsError WEBHOOK_PAYLOAD_INVALID when a
 *   correctly signed body is not JSON.
 */
export function constructWebhookEventWithSecret(
  rawBody: string | Buffer,
  signatureHeader: string | null | undefined,
  secret: string,
): Stripe.Event {
  if (!secret.trim()) {
    throw new WebhookSignatureError(
      "missing_secret",
      "Cannot verify webhook: no webhook signing secret is configured.",
    );
  }
  if (!signatureHeader?.trim()) {
    throw new WebhookSignatureError(
      "missing_header",
      "Webhook rejected: the stripe-signature header is missing.",
    );
  }
  try {
    return offlineStripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      WEBHOOK_TOLERANCE_SECONDS,
    );
  } catch (e) {
    if (!(e instanceof Stripe.errors.StripeSignatureVerificationError)) {
      // constructEvent verifies first, then JSON.parse: anything else is a bad (signed) body.
      throw new PaymentsError(
        "WEBHOOK_PAYLOAD_INVALID",
        "Webhook rejected: the signed body is not a JSON event.",
        { cause: e },
      );
    }
    const why = e.message;
    if (why.startsWith("Timestamp outside the tolerance zone")) {
      const signedAt = signedAtSeconds(signatureHeader);
      const age =
        signedAt === undefined ? "too long" : `${Math.floor(Date.now() / 1000) - signedAt} s`;
      throw new WebhookSignatureError(
        "timestamp_outside_tolerance",
        `Webhook rejected: signed ${age} ago, beyond the ${WEBHOOK_TOLERANCE_SECONDS} s tolerance (replayed or delayed delivery).`,
        { cause: e },
      );
    }
    if (why.startsWith("No signatures found matching")) {
      throw new WebhookSignatureError(
        "bad_signature",
        "Webhook rejected: the signature does not match the body and secret (body altered, re-serialized, or wrong secret).",
        { cause: e },
      );
    }
    throw new WebhookSignatureError(
      "malformed_header",
      `Webhook rejected: malformed stripe-signature header (${why}).`,
      { cause: e },
    );
  }
}

/**
 * Signs a payload as Stripe does, with `stripe.webhooks.generateTestHeaderString`
 * (`t=<seconds>,v1=<HMAC-SHA256 of "t.payload">`). Used by the sandbox to deliver events and by
 * tests to forge correctly signed ones.
 *
 * @param timestamp signing time in Unix seconds; default now.
 * @returns the value of the `stripe-signature` header.
 */
export function signWebhookPayload(opts: {
  payload: string;
  secret: string;
  timestamp?: number;
}): string {
  return offlineStripe.webhooks.generateTestHeaderString({
    payload: opts.payload,
    secret: opts.secret,
    ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
  });
}
