import { describe, expect, test } from "vitest";

import {
  buildCheckoutSessionParams,
  checkoutExpiresAtSeconds,
  parseCheckoutInput,
} from "./checkout-params";
import { PaymentsError } from "./errors";
import type { CreateCheckoutSessionInput } from "./types";

const base: CreateCheckoutSessionInput = {
  saleId: "sale_1",
  amountCents: 1500,
  currency: "USD",
  productName: "Night Drive (single)",
  buyerEmail: "buyer@example.com",
  successUrl: "http://localhost:3000/thanks?session_id={CHECKOUT_SESSION_ID}",
  cancelUrl: "http://localhost:3000/t/night-drive",
  metadata: { trackId: "trk_1", linkId: "lnk_1" },
  idempotencyKey: "checkout:sale_1",
};

function refusal(input: CreateCheckoutSessionInput): PaymentsError {
  try {
    parseCheckoutInput(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PaymentsError);
    expect((e as PaymentsError).code).toBe("INVALID_CHECKOUT_INPUT");
    return e as PaymentsError;
  }
  throw new Error("expected the input to be refused");
}

describe("checkout amount in cents (Stripe's usd limits: 50 to 99,999,999 cents)", () => {
  test.each([
    ["0 cents", 0, false],
    ["-100 cents", -100, false],
    ["12.5 cents (not an integer)", 12.5, false],
    ["49 cents (below the 50-cent minimum)", 49, false],
    ["50 cents (the minimum)", 50, true],
    ["1500 cents", 1500, true],
    ["99,999,999 cents (the maximum)", 99_999_999, true],
    ["100,000,000 cents", 100_000_000, false],
  ])("%s accepted: %s", (_label, amountCents, accepted) => {
    const input = { ...base, amountCents };
    if (accepted) expect(parseCheckoutInput(input).amountCents).toBe(amountCents);
    else expect(refusal(input).message).toContain("sale_1");
  });
});

describe("checkout input", () => {
  test("the refusal names the sale and the field", () => {
    expect(refusal({ ...base, buyerEmail: "nope" }).message).toMatch(/sale sale_1: buyerEmail/);
  });

  test("a success URL with the {CHECKOUT_SESSION_ID} placeholder is accepted", () => {
    expect(parseCheckoutInput(base).successUrl).toContain("{CHECKOUT_SESSION_ID}");
  });

  test("metadata.saleId that differs from saleId is refused", () => {
    expect(refusal({ ...base, metadata: { saleId: "other" } }).message).toContain(
      "metadata.saleId",
    );
  });

  test("more than 50 metadata keys (saleId included) is refused", () => {
    const metadata = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
    expect(refusal({ ...base, metadata }).message).toContain("50 metadata keys");
  });

  test("an idempotency key over 255 characters is refused", () => {
    refusal({ ...base, idempotencyKey: "k".repeat(256) });
  });
});

describe("checkout session parameters", () => {
  const now = new Date("2026-11-20T12:00:30Z");

  test("one line item priced in cents, sale id as client_reference_id and metadata.saleId on session and PaymentIntent", () => {
    const params = buildCheckoutSessionParams(parseCheckoutInput(base), now);
    expect(params.mode).toBe("payment");
    expect(params.line_items).toEqual([
      {
        quantity: 1,
        price_data: {
          currency: "usd",
          unit_amount: 1500,
          product_data: { name: "Night Drive (single)" },
        },
      },
    ]);
    expect(params.client_reference_id).toBe("sale_1");
    expect(params.customer_email).toBe("buyer@example.com");
    expect(params.metadata).toEqual({ linkId: "lnk_1", saleId: "sale_1", trackId: "trk_1" });
    expect(params.payment_intent_data?.metadata).toEqual(params.metadata);
    expect(params.allow_promotion_codes).toBe(false);
  });

  test("metadata order does not change the parameters (Stripe compares a reused key's parameters)", () => {
    const a = buildCheckoutSessionParams(parseCheckoutInput(base), now);
    const b = buildCheckoutSessionParams(
      parseCheckoutInput({ ...base, metadata: { linkId: "lnk_1", trackId: "trk_1" } }),
      now,
    );
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  test("default expiry is 32 minutes after the start of the current minute: equal within a minute, at least 31 minutes away", () => {
    const t = checkoutExpiresAtSeconds({}, now);
    expect(t).toBe(Date.parse("2026-11-20T12:32:00Z") / 1000);
    const endOfMinute = new Date("2026-11-20T12:00:59.999Z");
    expect(checkoutExpiresAtSeconds({}, endOfMinute)).toBe(t);
    expect(t - endOfMinute.getTime() / 1000).toBeGreaterThan(31 * 60);
  });

  test("an explicit expiresAt is sent as given, in Unix seconds", () => {
    const expiresAt = new Date("2026-11-20T13:00:00Z");
    expect(checkoutExpiresAtSeconds({ expiresAt }, now)).toBe(expiresAt.getTime() / 1000);
  });
});
