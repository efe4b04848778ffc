import { describe, expect, test } from "vitest";

import { isRetryableStripeFailure, StripeRequestError } from "./errors";

describe("StripeRequestError.retryable: whether the request may have taken effect", () => {
  test.each([
    {
      label: "no response (network)",
      statusCode: undefined,
      type: "api_connection_error",
      code: undefined,
      retryable: true,
    },
    {
      label: "500 api_error",
      statusCode: 500,
      type: "api_error",
      code: undefined,
      retryable: true,
    },
    { label: "503", statusCode: 503, type: "api_error", code: undefined, retryable: true },
    {
      label: "429 rate limit",
      statusCode: 429,
      type: "invalid_request_error",
      code: "rate_limit",
      retryable: true,
    },
    {
      label: "409 key in use",
      statusCode: 409,
      type: "idempotency_error",
      code: "idempotency_key_in_use",
      retryable: true,
    },
    {
      label: "lock_timeout",
      statusCode: 400,
      type: "invalid_request_error",
      code: "lock_timeout",
      retryable: true,
    },
    {
      label: "balance_insufficient",
      statusCode: 400,
      type: "invalid_request_error",
      code: "balance_insufficient",
      retryable: false,
    },
    {
      label: "card declined",
      statusCode: 402,
      type: "card_error",
      code: "card_declined",
      retryable: false,
    },
    {
      label: "idempotency_error",
      statusCode: 400,
      type: "idempotency_error",
      code: undefined,
      retryable: false,
    },
    {
      label: "account_invalid",
      statusCode: 403,
      type: "invalid_request_error",
      code: "account_invalid",
      retryable: false,
    },
    {
      label: "resource_missing",
      statusCode: 404,
      type: "invalid_request_error",
      code: "resource_missing",
      retryable: false,
    },
    {
      label: "authentication",
      statusCode: 401,
      type: "invalid_request_error",
      code: undefined,
      retryable: false,
    },
  ])("$label -> retryable $retryable", ({ statusCode, type, code, retryable }) => {
    const failure = { stripeType: type, stripeCode: code, statusCode };
    expect(isRetryableStripeFailure(failure)).toBe(retryable);
    expect(new StripeRequestError("x", failure).retryable).toBe(retryable);
  });

  test("an explicit retryable overrides the rule", () => {
    expect(
      new StripeRequestError("x", { stripeType: "api_error", statusCode: 500, retryable: false })
        .retryable,
    ).toBe(false);
  });
});
