import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { StripeRequestError, WebhookSignatureError } from "./errors";
import { createStripeProvider } from "./stripe-provider";
import { createStripeMock } from "./testing/stripe-mock";
import type { CreateTransferInput } from "./types";
import { signWebhookPayload } from "./webhook-signature";

const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);

// No SDK retries unless a test wants them: failures surface at once.
const provider = createStripeProvider({ secretKey: "sk_test_fanfare", maxNetworkRetries: 0 });
const retryingProvider = createStripeProvider({ secretKey: "sk_test_fanfare" });

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => stripe.reset());
afterAll(() => server.close());

const lastRequest = () => {
  const r = stripe.state.requests.at(-1);
  if (!r) throw new Error("no request reached the Stripe mock");
  return r;
};

async function onboardedAccount(ownerRef = "promoter:p1") {
  const { accountId } = await provider.createConnectAccount({
    email: "fan@example.com",
    ownerRef,
    idempotencyKey: `connect-account:${ownerRef}`,
  });
  stripe.completeOnboarding(accountId);
  return accountId;
}

function transferInput(destination: string, overrides: Partial<CreateTransferInput> = {}) {
  return {
    amountCents: 1250,
    currency: "usd",
    destination,
    transferGroup: "payout:po_1",
    idempotencyKey: "transfer:po_1",
    metadata: { payoutId: "po_1" },
    ...overrides,
  } satisfies CreateTransferInput;
}

async function rejection(promise: Promise<unknown>): Promise<StripeRequestError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StripeRequestError);
  return e as StripeRequestError;
}

describe("Stripe provider: Connect Express accounts", () => {
  test("createConnectAccount sends the Express controller, the transfers capability, email, country, metadata.ownerRef and the idempotency key", async () => {
    const { accountId } = await provider.createConnectAccount({
      email: "fan@example.com",
      ownerRef: "promoter:p42",
      country: "us",
      idempotencyKey: "connect-account:p42",
    });
    expect(accountId).toMatch(/^acct_mock_/);
    const { form, idempotencyKey, method, path } = lastRequest();
    expect([method, path]).toEqual(["POST", "/v1/accounts"]);
    expect(idempotencyKey).toBe("connect-account:p42");
    expect(Object.fromEntries(form)).toEqual({
      "controller[stripe_dashboard][type]": "express",
      "controller[fees][payer]": "application",
      "controller[losses][payments]": "application",
      "controller[requirement_collection]": "stripe",
      "capabilities[transfers][requested]": "true",
      email: "fan@example.com",
      country: "US",
      "metadata[ownerRef]": "promoter:p42",
    });
  });

  test("a replayed account key returns the first account and creates no second one", async () => {
    const input = { email: "fan@example.com", ownerRef: "promoter:p7", idempotencyKey: "ca:p7" };
    const first = await provider.createConnectAccount(input);
    const again = await provider.createConnectAccount(input);
    expect(again).toEqual(first);
    expect(stripe.state.accounts.size).toBe(1);
    expect(lastRequest().replayed).toBe(true);
  });

  test("a new account has payouts disabled and requirements due; onboarding enables it", async () => {
    const { accountId } = await provider.createConnectAccount({
      email: "fan@example.com",
      ownerRef: "promoter:p1",
      idempotencyKey: "ca:p1",
    });
    const before = await provider.getConnectAccountStatus(accountId);
    expect(before).toMatchObject({
      accountId,
      detailsSubmitted: false,
      chargesEnabled: false,
      payoutsEnabled: false,
      transfersEnabled: false,
      disabledReason: "requirements.past_due",
    });
    expect(before.requirementsDue).toContain("external_account");
    expect(lastRequest()).toMatchObject({ method: "GET", path: `/v1/accounts/${accountId}` });

    stripe.completeOnboarding(accountId);
    // The country and the payout bank's fingerprint come from the account Stripe returns.
    expect(await provider.getConnectAccountStatus(accountId)).toEqual({
      accountId,
      detailsSubmitted: true,
      chargesEnabled: true,
      payoutsEnabled: true,
      transfersEnabled: true,
      requirementsDue: [],
      disabledReason: null,
      country: "US",
      bankFingerprint: `fp_${accountId.slice(-12)}`,
    });
  });

  test("the onboarding link is an account_onboarding Account Link with both URLs, expiring in minutes", async () => {
    const accountId = await onboardedAccount();
    const link = await provider.createAccountOnboardingLink({
      accountId,
      refreshUrl: "https://fanfare.example/connect/refresh",
      returnUrl: "https://fanfare.example/connect/return",
    });
    expect(link.url).toMatch(/^https:\/\/connect\.stripe\.com\/setup\//);
    const lifetime = link.expiresAt.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(300_000);
    expect(Object.fromEntries(lastRequest().form)).toEqual({
      account: accountId,
      type: "account_onboarding",
      refresh_url: "https://fanfare.example/connect/refresh",
      return_url: "https://fanfare.example/connect/return",
    });
  });

  test("the login link comes from POST /v1/accounts/:id/login_links", async () => {
    const accountId = await onboardedAccount();
    const { url } = await provider.createConnectLoginLink(accountId);
    expect(url).toMatch(/^https:\/\/connect\.stripe\.com\/express\//);
    expect(lastRequest()).toMatchObject({
      method: "POST",
      path: `/v1/accounts/${accountId}/login_links`,
    });
  });

  test("an account the platform cannot reach is refused with account_invalid, not retryable", async () => {
    const e = await rejection(provider.getConnectAccountStatus("acct_unknown"));
    expect(e).toMatchObject({
      stripeType: "invalid_request_error",
      stripeCode: "account_invalid",
      statusCode: 403,
      retryable: false,
    });
  });
});

describe("Stripe provider: transfers", () => {
  test("createTransfer sends amount in cents, currency, destination, transfer_group, metadata and the idempotency key", async () => {
    const destination = await onboardedAccount();
    const created = await provider.createTransfer(transferInput(destination));
    expect(created).toEqual({ transferId: expect.stringMatching(/^tr_mock_/), amountCents: 1250 });
    const { form, idempotencyKey, path } = lastRequest();
    expect(path).toBe("/v1/transfers");
    expect(idempotencyKey).toBe("transfer:po_1");
    expect(Object.fromEntries(form)).toEqual({
      amount: "1250",
      currency: "usd",
      destination,
      transfer_group: "payout:po_1",
      "metadata[payoutId]": "po_1",
    });
  });

  test("ten concurrent createTransfer calls with one key make one transfer; all return it", async () => {
    const destination = await onboardedAccount();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => provider.createTransfer(transferInput(destination))),
    );
    expect(stripe.state.transfers.size).toBe(1);
    const [transfer] = stripe.state.transfers.values();
    expect(results.every((r) => r.transferId === transfer?.id)).toBe(true);
    const transferRequests = stripe.state.requests.filter((r) => r.path === "/v1/transfers");
    expect(transferRequests.filter((r) => r.replayed)).toHaveLength(9);
    expect(stripe.state.balances.get(destination)?.availableCents).toBe(1250);
  });

  test("the same key with a different amount is refused with idempotency_error, not retryable", async () => {
    const destination = await onboardedAccount();
    await provider.createTransfer(transferInput(destination));
    const e = await rejection(
      provider.createTransfer(transferInput(destination, { amountCents: 999 })),
    );
    expect(e).toMatchObject({ stripeType: "idempotency_error", statusCode: 400, retryable: false });
    expect(stripe.state.transfers.size).toBe(1);
  });

  test("a 500 from Stripe is retryable: the transfer may have happened", async () => {
    const destination = await onboardedAccount();
    stripe.failNext("transfers", { status: 500, type: "api_error" });
    const e = await rejection(provider.createTransfer(transferInput(destination)));
    expect(e).toMatchObject({ stripeType: "api_error", statusCode: 500, retryable: true });
    expect(e.message).toContain("payout:po_1");
  });

  test("Stripe replays a saved 500 to a retry with the same key; findTransferByGroup then finds the transfer that did happen", async () => {
    const destination = await onboardedAccount();
    stripe.failNext("transfers", { status: 500, type: "api_error", applied: true });
    const first = await rejection(provider.createTransfer(transferInput(destination)));
    expect(first.retryable).toBe(true);
    const again = await rejection(provider.createTransfer(transferInput(destination)));
    expect(again.statusCode).toBe(500);
    expect(lastRequest().replayed).toBe(true);

    const found = await provider.findTransferByGroup("payout:po_1");
    expect(found).toEqual({
      transferId: [...stripe.state.transfers.keys()][0],
      amountCents: 1250,
      reversedCents: 0,
    });
  });

  test("stripe-node resends an unsaved 500 with the same idempotency key, and the transfer is made once", async () => {
    const destination = await onboardedAccount();
    stripe.failNext("transfers", { status: 500, type: "api_error", saved: false });
    const created = await retryingProvider.createTransfer(transferInput(destination));
    const attempts = stripe.state.requests.filter((r) => r.path === "/v1/transfers");
    expect(attempts.map((r) => [r.status, r.idempotencyKey])).toEqual([
      [500, "transfer:po_1"],
      [200, "transfer:po_1"],
    ]);
    expect(stripe.state.transfers.size).toBe(1);
    expect(created.amountCents).toBe(1250);
  });

  test("no response at all (connection dropped) is retryable", async () => {
    const destination = await onboardedAccount();
    stripe.failNext("transfers", { status: 0, type: "network" });
    const e = await rejection(provider.createTransfer(transferInput(destination)));
    expect(e).toMatchObject({ stripeType: "api_connection_error", retryable: true });
    expect(e.statusCode).toBeUndefined();
  });

  test("when the answer to a transfer that happened is lost, the SDK's resend with the same key gets that transfer back", async () => {
    const destination = await onboardedAccount();
    stripe.failNext("transfers", { status: 0, type: "network", applied: true });
    const created = await retryingProvider.createTransfer(transferInput(destination));
    expect(stripe.state.transfers.size).toBe(1);
    expect(created.transferId).toBe([...stripe.state.transfers.keys()][0]);
    expect(lastRequest()).toMatchObject({ idempotencyKey: "transfer:po_1", replayed: true });
  });

  test.each([
    { status: 429, type: "invalid_request_error", code: "rate_limit" },
    { status: 409, type: "idempotency_error", code: "idempotency_key_in_use" },
    { status: 400, type: "invalid_request_error", code: "lock_timeout" },
    { status: 503, type: "api_error", code: undefined },
  ])("$status $code is retryable", async (failure) => {
    const destination = await onboardedAccount();
    stripe.failNext("transfers", failure);
    expect((await rejection(provider.createTransfer(transferInput(destination)))).retryable).toBe(
      true,
    );
  });

  test("a transfer refused for insufficient platform funds is balance_insufficient, not retryable", async () => {
    const destination = await onboardedAccount();
    stripe.state.platformBalanceCents = 1000;
    const e = await rejection(provider.createTransfer(transferInput(destination)));
    expect(e).toMatchObject({
      stripeType: "invalid_request_error",
      stripeCode: "balance_insufficient",
      statusCode: 400,
      retryable: false,
    });
    expect(stripe.state.transfers.size).toBe(0);
  });

  test("a transfer to an account whose onboarding is unfinished is refused, not retryable", async () => {
    const { accountId } = await provider.createConnectAccount({
      email: "fan@example.com",
      ownerRef: "promoter:new",
      idempotencyKey: "ca:new",
    });
    const e = await rejection(provider.createTransfer(transferInput(accountId)));
    expect(e).toMatchObject({
      stripeCode: "insufficient_capabilities_for_transfer",
      retryable: false,
    });
  });

  test("findTransferByGroup queries transfer_group and returns amount and reversed cents; null for an unknown group", async () => {
    const destination = await onboardedAccount();
    const { transferId } = await provider.createTransfer(transferInput(destination));
    await provider.reverseTransfer({ transferId, amountCents: 250, idempotencyKey: "rev:1" });

    expect(await provider.findTransferByGroup("payout:po_1")).toEqual({
      transferId,
      amountCents: 1250,
      reversedCents: 250,
    });
    const { method, path, params } = lastRequest();
    expect([method, path]).toEqual(["GET", "/v1/transfers"]);
    expect(params).toMatchObject({ transfer_group: "payout:po_1" });
    expect(await provider.findTransferByGroup("payout:none")).toBeNull();
  });

  test("two transfers in one group are reported as ambiguous instead of picking one", async () => {
    const destination = await onboardedAccount();
    await provider.createTransfer(transferInput(destination));
    await provider.createTransfer(
      transferInput(destination, { idempotencyKey: "transfer:po_1:b" }),
    );
    await expect(provider.findTransferByGroup("payout:po_1")).rejects.toMatchObject({
      code: "TRANSFER_GROUP_AMBIGUOUS",
    });
  });

  test("invalid input is refused before any request", async () => {
    await expect(
      provider.createTransfer(transferInput("acct_x", { amountCents: 12.5 })),
    ).rejects.toMatchObject({ code: "INVALID_PAYMENTS_INPUT" });
    await expect(
      provider.createTransfer(transferInput("acct_x", { idempotencyKey: "" })),
    ).rejects.toMatchObject({ code: "INVALID_PAYMENTS_INPUT" });
    expect(stripe.state.requests).toHaveLength(0);
  });
});

describe("Stripe provider: transfer reversals", () => {
  test("reverseTransfer sends amount, metadata and the idempotency key to /v1/transfers/:id/reversals", async () => {
    const destination = await onboardedAccount();
    const { transferId } = await provider.createTransfer(transferInput(destination));
    const reversal = await provider.reverseTransfer({
      transferId,
      amountCents: 500,
      idempotencyKey: "reversal:refund_1",
      metadata: { refundId: "refund_1" },
    });
    expect(reversal).toEqual({
      reversalId: expect.stringMatching(/^trr_mock_/),
      amountCents: 500,
    });
    const { form, idempotencyKey, path } = lastRequest();
    expect(path).toBe(`/v1/transfers/${transferId}/reversals`);
    expect(idempotencyKey).toBe("reversal:refund_1");
    expect(Object.fromEntries(form)).toEqual({ amount: "500", "metadata[refundId]": "refund_1" });
  });

  test("a reversal the connected account's balance cannot cover is balance_insufficient, not retryable", async () => {
    const destination = await onboardedAccount();
    const { transferId } = await provider.createTransfer(transferInput(destination));
    stripe.payOut(destination);
    const e = await rejection(
      provider.reverseTransfer({ transferId, amountCents: 500, idempotencyKey: "rev:paid-out" }),
    );
    expect(e).toMatchObject({ stripeCode: "balance_insufficient", retryable: false });
    expect(stripe.state.transfers.get(transferId)?.amount_reversed).toBe(0);
  });
});

describe("Stripe provider: refunds", () => {
  test("createRefund sends payment_intent, amount, metadata, expand charge and the idempotency key", async () => {
    const { paymentIntentId } = stripe.createPayment({ amountCents: 1500 });
    const refund = await provider.createRefund({
      paymentIntentId,
      amountCents: 500,
      idempotencyKey: "refund:sale_1:1",
      metadata: { saleId: "sale_1" },
    });
    expect(refund).toEqual({
      refundId: expect.stringMatching(/^re_mock_/),
      amountCents: 500,
      status: "succeeded",
      chargeAmountRefundedCents: 500,
    });
    const { form, idempotencyKey, path } = lastRequest();
    expect(path).toBe("/v1/refunds");
    expect(idempotencyKey).toBe("refund:sale_1:1");
    expect(Object.fromEntries(form)).toEqual({
      payment_intent: paymentIntentId,
      amount: "500",
      "metadata[saleId]": "sale_1",
      "expand[0]": "charge",
    });
  });

  test("a partial then the remaining refund report the charge's cumulative amount_refunded; a third is refused", async () => {
    const { paymentIntentId, chargeId } = stripe.createPayment({ amountCents: 1500 });
    const refund = (amountCents: number, n: number) =>
      provider.createRefund({
        paymentIntentId,
        amountCents,
        idempotencyKey: `refund:${n}`,
        metadata: {},
      });
    expect((await refund(500, 1)).chargeAmountRefundedCents).toBe(500);
    expect((await refund(1000, 2)).chargeAmountRefundedCents).toBe(1500);
    expect(stripe.state.charges.get(chargeId)).toMatchObject({
      amount_refunded: 1500,
      refunded: true,
    });
    const e = await rejection(refund(1, 3));
    expect(e).toMatchObject({ stripeCode: "charge_already_refunded", retryable: false });
  });

  test("refunding more than the unrefunded amount is amount_too_large, not retryable", async () => {
    const { paymentIntentId } = stripe.createPayment({ amountCents: 1500 });
    const e = await rejection(
      provider.createRefund({
        paymentIntentId,
        amountCents: 1501,
        idempotencyKey: "refund:too-much",
        metadata: {},
      }),
    );
    expect(e).toMatchObject({ stripeCode: "amount_too_large", statusCode: 400, retryable: false });
    expect(e.message).toContain("greater than unrefunded amount");
  });

  test("a replayed refund key returns the first refund with the charge as it was then", async () => {
    const { paymentIntentId } = stripe.createPayment({ amountCents: 1500 });
    const input = { paymentIntentId, amountCents: 300, idempotencyKey: "refund:r", metadata: {} };
    const first = await provider.createRefund(input);
    const again = await provider.createRefund(input);
    expect(again).toEqual(first);
    expect(stripe.state.refunds.size).toBe(1);
  });
});

describe("Stripe provider: Connect webhooks", () => {
  const payload = JSON.stringify({ id: "evt_connect_1", object: "event", type: "account.updated" });
  const withConnect = createStripeProvider({
    secretKey: "sk_test_fanfare",
    webhookSecret: "whsec_platform",
    connectWebhookSecret: "whsec_connect",
  });

  test("an event signed by the Connect endpoint verifies with STRIPE_CONNECT_WEBHOOK_SECRET", async () => {
    const header = signWebhookPayload({ payload, secret: "whsec_connect" });
    expect((await withConnect.constructWebhookEvent(payload, header)).id).toBe("evt_connect_1");
    const platform = signWebhookPayload({ payload, secret: "whsec_platform" });
    expect((await withConnect.constructWebhookEvent(payload, platform)).id).toBe("evt_connect_1");
  });

  test("an event signed with neither secret is still refused", async () => {
    const header = signWebhookPayload({ payload, secret: "whsec_other" });
    await expect(withConnect.constructWebhookEvent(payload, header)).rejects.toBeInstanceOf(
      WebhookSignatureError,
    );
  });
});
