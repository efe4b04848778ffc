import { describe, expect, test } from "vitest";

import { PaymentsError, WebhookSignatureError } from "./errors";
import {
  constructWebhookEventWithSecret,
  signWebhookPayload,
  WEBHOOK_TOLERANCE_SECONDS,
} from "./webhook-signature";

const secret = "whsec_test_signature_rules";
const payload = JSON.stringify(
  {
    id: "evt_test_1",
    object: "event",
    type: "checkout.session.completed",
    data: { object: { id: "cs_test_1" } },
  },
  null,
  2,
);
const secondsAgo = (s: number) => Math.floor(Date.now() / 1000) - s;

function rejection(fn: () => unknown): WebhookSignatureError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WebhookSignatureError);
    return e as WebhookSignatureError;
  }
  throw new Error("expected the webhook to be rejected");
}

describe("webhook signature (Stripe's scheme, 300 s tolerance)", () => {
  test("tolerance is Stripe's default of 300 seconds", () => {
    expect(WEBHOOK_TOLERANCE_SECONDS).toBe(300);
  });

  test("a payload signed now verifies and parses to the event", () => {
    const header = signWebhookPayload({ payload, secret });
    const event = constructWebhookEventWithSecret(payload, header, secret);
    expect(event.id).toBe("evt_test_1");
    expect(event.type).toBe("checkout.session.completed");
  });

  test("a Buffer body with the signed bytes verifies", () => {
    const header = signWebhookPayload({ payload, secret });
    expect(constructWebhookEventWithSecret(Buffer.from(payload, "utf8"), header, secret).id).toBe(
      "evt_test_1",
    );
  });

  test("a payload signed 299 s ago is accepted", () => {
    const header = signWebhookPayload({ payload, secret, timestamp: secondsAgo(299) });
    expect(constructWebhookEventWithSecret(payload, header, secret).id).toBe("evt_test_1");
  });

  test("a payload signed 301 s ago is rejected as outside the tolerance", () => {
    const header = signWebhookPayload({ payload, secret, timestamp: secondsAgo(301) });
    const e = rejection(() => constructWebhookEventWithSecret(payload, header, secret));
    expect(e.reason).toBe("timestamp_outside_tolerance");
    expect(e.message).toMatch(/30[12] s ago, beyond the 300 s tolerance/);
  });

  test("a one-byte change in the body is rejected as a bad signature", () => {
    const header = signWebhookPayload({ payload, secret });
    const tampered = payload.replace("evt_test_1", "evt_test_2");
    expect(tampered.length).toBe(payload.length);
    const e = rejection(() => constructWebhookEventWithSecret(tampered, header, secret));
    expect(e.reason).toBe("bad_signature");
  });

  test("a re-serialized body (same JSON, other whitespace) is rejected", () => {
    const header = signWebhookPayload({ payload, secret });
    const e = rejection(() =>
      constructWebhookEventWithSecret(JSON.stringify(JSON.parse(payload)), header, secret),
    );
    expect(e.reason).toBe("bad_signature");
  });

  test("a signature made with another secret is rejected", () => {
    const header = signWebhookPayload({ payload, secret: "whsec_someone_else" });
    expect(rejection(() => constructWebhookEventWithSecret(payload, header, secret)).reason).toBe(
      "bad_signature",
    );
  });

  test.each([
    ["null", null],
    ["empty", ""],
    ["blank", "   "],
  ])("a missing signature header (%s) is rejected", (_label, header) => {
    const e = rejection(() => constructWebhookEventWithSecret(payload, header, secret));
    expect(e.reason).toBe("missing_header");
    expect(e.message).toContain("stripe-signature header is missing");
    expect(e.code).toBe("WEBHOOK_SIGNATURE_INVALID");
  });

  test("a header without timestamp and v1 signature is rejected as malformed", () => {
    expect(
      rejection(() => constructWebhookEventWithSecret(payload, "garbage", secret)).reason,
    ).toBe("malformed_header");
  });

  test("verification without a secret is refused", () => {
    const header = signWebhookPayload({ payload, secret });
    expect(rejection(() => constructWebhookEventWithSecret(payload, header, "")).reason).toBe(
      "missing_secret",
    );
  });

  test("a correctly signed body that is not JSON is refused as an invalid payload", () => {
    const header = signWebhookPayload({ payload: "not json", secret });
    const call = () => constructWebhookEventWithSecret("not json", header, secret);
    expect(call).toThrow(PaymentsError);
    expect(call).toThrow(/not a JSON event/);
  });
});
