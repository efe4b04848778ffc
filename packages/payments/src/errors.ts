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
  | "STRIPE_ERROR";

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

/**
 * A request Stripe answered with an error (or that could not reach Stripe after the SDK's
 * retries). `stripeType` is Stripe's error type (`invalid_request_error`, `idempotency_error`,
 * `api_error`, ...); `stripeCode` its `code`, when given.
 */
export class StripeRequestError extends PaymentsError {
  readonly stripeType: string;
  readonly stripeCode: string | undefined;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;

  constructor(
    message: string,
    details: { stripeType: string; stripeCode?: string; statusCode?: number; requestId?: string },
    options?: { cause?: unknown },
  ) {
    super("STRIPE_ERROR", message, options);
    this.name = "StripeRequestError";
    this.stripeType = details.stripeType;
    this.stripeCode = details.stripeCode;
    this.statusCode = details.statusCode;
    this.requestId = details.requestId;
  }
}
