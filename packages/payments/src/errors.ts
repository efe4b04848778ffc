/**
 * Errors thrown by @fanfare/payments. Callers map `code` to their own error table (packages/api
 * maps them onto AppError codes) instead of importing `stripe` to inspect its error classes.
 */
export type PaymentsErrorCode =
  | "INVALID_CHECKOUT_INPUT"
  | "IDEMPOTENCY_KEY_REUSED"
  | "CHECKOUT_SESSION_NOT_FOUND"
  | "CHECKOUT_SESSION_EXPIRED"
  | "CHECKOUT_SESSION_NOT_OPEN"
  | "WEBHOOK_SIGNATURE_INVALID"
  | "WEBHOOK_PAYLOAD_INVALID"
  | "CONFIGURATION_MISSING"
  | "STRIPE_ERROR"
  | "INVALID_PAYMENTS_INPUT"
  | "TRANSFER_GROUP_AMBIGUOUS"
  | "CONNECT_ACCOUNT_NOT_FOUND"
  | "PAYMENT_INTENT_NOT_FOUND"
  | "CHARGE_ALREADY_DISPUTED"
  | "DISPUTE_NOT_FOUND"
  | "DISPUTE_ALREADY_CLOSED"
  | "SANDBOX_EVENT_NOT_FOUND"
  | "INVOICE_NOT_PAID"
  | "SUBSCRIPTION_NOT_FOUND"
  | "CUSTOMER_NOT_FOUND"
  | "SANDBOX_CLOCK_BACKWARDS";

export class PaymentsError extends Error {
  readonly code: PaymentsErrorCode;

  constructor(code: PaymentsErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PaymentsError";
    this.code = code;
  }
}

/** Why a webhook signature was refused. */
export type WebhookSignatureFailure =
  | "missing_header"
  | "malformed_header"
  | "bad_signature"
  | "timestamp_outside_tolerance"
  | "missing_secret";

/** A webhook whose `Stripe-Signature` header is missing or does not verify; answer it with 400. */
export class WebhookSignatureError extends PaymentsError {
  readonly reason: WebhookSignatureFailure;

  constructor(reason: WebhookSignatureFailure, message: string, options?: { cause?: unknown }) {
    super("WEBHOOK_SIGNATURE_INVALID", message, options);
    this.name = "WebhookSignatureError";
    this.reason = reason;
  }
}

/** What decides `StripeRequestError.retryable`. */
export type StripeFailure = { stripeType: string; stripeCode?: string; statusCode?: number };

/**
 * Whether a failed Stripe request may have taken effect, or may succeed when sent again with the
 * same idempotency key: no response at all (network), 5xx, 429, 409 (a concurrent request with the
 * same key), and Stripe's `lock_timeout` / `rate_limit` codes. Everything else (4xx: invalid
 * request, card errors, `balance_insufficient`, `idempotency_error`, ...) is a definite refusal:
 * nothing happened. Source: docs.stripe.com/error-low-level (content, network and server errors)
 * and stripe-node's own retry rule (`RequestSender._shouldRetry`).
 */
export function isRetryableStripeFailure(failure: StripeFailure): boolean {
  const { statusCode, stripeCode } = failure;
  if (stripeCode === "lock_timeout" || stripeCode === "rate_limit") return true;
  if (statusCode === undefined || statusCode === 0) return true;
  return statusCode >= 500 || statusCode === 429 || statusCode === 409;
}

/**
 * A request Stripe answered with an error (or that could not reach Stripe after the SDK's
 * retries). `stripeType` is Stripe's error type (`invalid_request_error`, `idempotency_error`,
 * `api_error`, ...); `stripeCode` its `code`, when given.
 *
 * `retryable` tells a caller moving money what it knows: false means Stripe refused and nothing
 * happened (e.g. `balance_insufficient`); true means the outcome is unknown (the request may have
 * taken effect), so retry with the same idempotency key, or reconcile (`findTransferByGroup`)
 * before trying anything new. Stripe replays a saved 500 for the same key for 24 h.
 */
export class StripeRequestError extends PaymentsError {
  readonly stripeType: string;
  readonly stripeCode: string | undefined;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;

  constructor(
    message: string,
    details: StripeFailure & { requestId?: string; retryable?: boolean },
    options?: { cause?: unknown },
  ) {
    super("STRIPE_ERROR", message, options);
    this.name = "StripeRequestError";
    this.stripeType = details.stripeType;
    this.stripeCode = details.stripeCode;
    this.statusCode = details.statusCode;
    this.requestId = details.requestId;
    this.retryable = details.retryable ?? isRetryableStripeFailure(details);
  }
}
