import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { StripeRequestError } from "./errors";
import { getPayments } from "./index";
import {
  completeSandboxOnboarding,
  getSandboxConnectAccount,
  getSandboxTransfer,
  getSandboxTransferMode,
  payOutSandboxBalance,
  sandboxDefaultAccountNumber,
  setSandboxTransferMode,
} from "./sandbox-connect";
import { createSandboxProvider } from "./sandbox-provider";
import { startWebhookReceiver } from "./testing/webhook-receiver";
import type { WebhookReceiver } from "./testing/webhook-receiver";
import type { CreateTransferInput, PaymentsProvider, StripeAccountUpdatedEvent } from "./types";

const savedEnv = { ...process.env };
let db: PrismaClient;
let close: () => Promise<void>;
let receiver: WebhookReceiver;
let payments: PaymentsProvider;

beforeAll(async () => {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  process.env.APP_URL = "http://localhost:3000";
  ({ db, close } = await createTestDb());
  receiver = await startWebhookReceiver();
  payments = createSandboxProvider(db, { webhookUrl: receiver.url });
});

afterEach(async () => {
  receiver.received.length = 0;
  await setSandboxTransferMode(db, "succeed");
});

afterAll(async () => {
  await receiver.close();
  await close();
  process.env = savedEnv;
});

let n = 0;
async function newAccount(opts: { onboarded?: boolean } = {}) {
  const ownerRef = `promoter:p${++n}`;
  const { accountId } = await payments.createConnectAccount({
    email: `fan${n}@example.com`,
    ownerRef,
    idempotencyKey: `connect-account:${ownerRef}`,
  });
  if (opts.onboarded ?? true) {
    await completeSandboxOnboarding(db, { accountId, webhookUrl: receiver.url });
    receiver.received.length = 0;
  }
  return accountId;
}

function transferInput(destination: string, overrides: Partial<CreateTransferInput> = {}) {
  const payout = `po_${++n}`;
  return {
    amountCents: 1000,
    currency: "usd",
    destination,
    transferGroup: `payout:${payout}`,
    idempotencyKey: `transfer:${payout}`,
    metadata: { payoutId: payout },
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

describe("sandbox Connect accounts", () => {
  test("a new account is an Express acct_sandbox_ with payouts disabled and requirements due", async () => {
    const accountId = await newAccount({ onboarded: false });
    expect(accountId).toMatch(/^acct_sandbox_[0-9A-Za-z]{16}$/);
    const status = await payments.getConnectAccountStatus(accountId);
    expect(status).toMatchObject({
      accountId,
      detailsSubmitted: false,
      chargesEnabled: false,
      payoutsEnabled: false,
      transfersEnabled: false,
      disabledReason: "requirements.past_due",
    });
    expect(status.requirementsDue).toContain("external_account");
    expect((await getSandboxConnectAccount(db, accountId))?.account).toMatchObject({
      object: "account",
      type: "express",
      controller: { stripe_dashboard: { type: "express" } },
      metadata: { ownerRef: `promoter:p${n}` },
    });
  });

  test("the same key returns the same account; with other parameters it is an idempotency_error", async () => {
    const input = { email: "a@example.com", ownerRef: "promoter:same", idempotencyKey: "ca:same" };
    const first = await payments.createConnectAccount(input);
    expect(await payments.createConnectAccount({ ...input })).toEqual(first);
    const e = await rejection(payments.createConnectAccount({ ...input, email: "b@example.com" }));
    expect(e).toMatchObject({ stripeType: "idempotency_error", retryable: false });
  });

  test("the onboarding link points at the sandbox page with return and refresh URLs, expiring in 300 s", async () => {
    const accountId = await newAccount({ onboarded: false });
    const link = await payments.createAccountOnboardingLink({
      accountId,
      refreshUrl: "http://localhost:3000/promoter/payouts?refresh=1",
      returnUrl: "http://localhost:3000/promoter/payouts",
    });
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe(
      `http://localhost:3000/sandbox/connect/${accountId}`,
    );
    expect(url.searchParams.get("return")).toBe("http://localhost:3000/promoter/payouts");
    expect(url.searchParams.get("refresh")).toBe(
      "http://localhost:3000/promoter/payouts?refresh=1",
    );
    const lifetime = link.expiresAt.getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(290_000);
    expect(lifetime).toBeLessThanOrEqual(300_000);
  });

  test("completing onboarding enables the account and posts a correctly signed account.updated event", async () => {
    const accountId = await newAccount({ onboarded: false });
    const delivery = await completeSandboxOnboarding(db, { accountId, webhookUrl: receiver.url });
    expect(delivery).toMatchObject({
      status: 200,
      eventId: expect.stringMatching(/^evt_sandbox_/),
    });

    expect(receiver.received).toHaveLength(1);
    const [d] = receiver.received;
    const event = (await payments.constructWebhookEvent(
      d!.body,
      d!.signature,
    )) as StripeAccountUpdatedEvent;
    expect(event).toMatchObject({
      id: delivery.eventId,
      object: "event",
      type: "account.updated",
      account: accountId,
      livemode: false,
      data: {
        object: {
          id: accountId,
          object: "account",
          details_submitted: true,
          charges_enabled: true,
          payouts_enabled: true,
          requirements: { currently_due: [] },
          metadata: { ownerRef: `promoter:p${n}` },
        },
        previous_attributes: { details_submitted: false, payouts_enabled: false },
      },
    });
    expect(await payments.getConnectAccountStatus(accountId)).toEqual({
      accountId,
      detailsSubmitted: true,
      chargesEnabled: true,
      payoutsEnabled: true,
      transfersEnabled: true,
      requirementsDue: [],
      disabledReason: null,
      country: "US",
      bankFingerprint: expect.stringMatching(/^[\w-]{16}$/) as string,
    });
  });

  test("completing onboarding again redelivers the same event", async () => {
    const accountId = await newAccount({ onboarded: false });
    const first = await completeSandboxOnboarding(db, { accountId, webhookUrl: receiver.url });
    const again = await completeSandboxOnboarding(db, { accountId, webhookUrl: receiver.url });
    expect(again.eventId).toBe(first.eventId);
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
  });

  test("onboarding reports the country and the bank account's fingerprint: the same bank gives the same one", async () => {
    const fresh = await newAccount({ onboarded: false });
    expect(await payments.getConnectAccountStatus(fresh)).toMatchObject({
      country: "US",
      bankFingerprint: null,
    });
    const a = await newAccount();
    const b = await newAccount();
    const [sa, sb] = await Promise.all([
      payments.getConnectAccountStatus(a),
      payments.getConnectAccountStatus(b),
    ]);
    expect(sa.bankFingerprint).toMatch(/^[\w-]{16}$/);
    // The form's default account numbers differ per account, so defaults never collide.
    expect(sandboxDefaultAccountNumber(a)).not.toBe(sandboxDefaultAccountNumber(b));
    expect(sb.bankFingerprint).not.toBe(sa.bankFingerprint);
    // Typing another account's bank details reproduces its fingerprint.
    const c = await newAccount({ onboarded: false });
    const delivery = await completeSandboxOnboarding(db, {
      accountId: c,
      webhookUrl: receiver.url,
      bankAccount: { routingNumber: "110000000", accountNumber: sandboxDefaultAccountNumber(a) },
    });
    expect((await payments.getConnectAccountStatus(c)).bankFingerprint).toBe(sa.bankFingerprint);
    const sent = JSON.parse(
      receiver.received.find((r) => r.body.includes(delivery.eventId))!.body,
    ) as StripeAccountUpdatedEvent;
    expect(sent.data.object.external_accounts?.data[0]).toMatchObject({
      object: "bank_account",
      last4: sandboxDefaultAccountNumber(a).slice(-4),
      fingerprint: sa.bankFingerprint,
    });
  });

  test("onboarding an unknown account is refused", async () => {
    await expect(
      completeSandboxOnboarding(db, { accountId: "acct_sandbox_nope", webhookUrl: receiver.url }),
    ).rejects.toMatchObject({ code: "CONNECT_ACCOUNT_NOT_FOUND" });
  });

  test("the login link points at the sandbox dashboard", async () => {
    const accountId = await newAccount();
    expect(await payments.createConnectLoginLink(accountId)).toEqual({
      url: `http://localhost:3000/sandbox/connect/${accountId}/dashboard`,
    });
  });

  test("an unknown account is refused as Stripe refuses it: account_invalid, not retryable", async () => {
    for (const call of [
      payments.getConnectAccountStatus("acct_sandbox_unknown"),
      payments.createConnectLoginLink("acct_sandbox_unknown"),
      payments.createAccountOnboardingLink({
        accountId: "acct_sandbox_unknown",
        refreshUrl: "http://localhost:3000/r",
        returnUrl: "http://localhost:3000/r",
      }),
    ]) {
      expect(await rejection(call)).toMatchObject({
        stripeCode: "account_invalid",
        statusCode: 403,
        retryable: false,
      });
    }
  });

  test("getPayments passes the webhook URL to the sandbox", () => {
    expect(getPayments(db, { webhookUrl: receiver.url }).mode).toBe("sandbox");
  });
});

describe("sandbox transfers", () => {
  test("a transfer is stored as tr_sandbox_ with transfer_group, amount and amount_reversed, and adds to the balance", async () => {
    const destination = await newAccount();
    const input = transferInput(destination, { amountCents: 1250 });
    const created = await payments.createTransfer(input);
    expect(created).toEqual({
      transferId: expect.stringMatching(/^tr_sandbox_/),
      amountCents: 1250,
    });
    expect(await getSandboxTransfer(db, created.transferId)).toMatchObject({
      object: "transfer",
      amount: 1250,
      amount_reversed: 0,
      currency: "usd",
      destination,
      transfer_group: input.transferGroup,
      metadata: input.metadata,
    });
    expect((await getSandboxConnectAccount(db, destination))?.balanceCents).toBe(1250);
  });

  test("the same key and parameters return the same transfer; other parameters are an idempotency_error", async () => {
    const destination = await newAccount();
    const input = transferInput(destination);
    const first = await payments.createTransfer(input);
    expect(await payments.createTransfer({ ...input, metadata: { ...input.metadata } })).toEqual(
      first,
    );
    const e = await rejection(payments.createTransfer({ ...input, amountCents: 999 }));
    expect(e).toMatchObject({ stripeType: "idempotency_error", statusCode: 400, retryable: false });
    expect((await getSandboxConnectAccount(db, destination))?.balanceCents).toBe(1000);
  });

  test("ten concurrent calls with one key make exactly one transfer", async () => {
    const destination = await newAccount();
    const input = transferInput(destination);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => createSandboxProvider(db).createTransfer(input)),
    );
    expect(new Set(results.map((r) => r.transferId)).size).toBe(1);
    const rows = await db.sandboxObject.findMany({
      where: { kind: "transfer", data: { path: ["transfer", "destination"], equals: destination } },
    });
    expect(rows).toHaveLength(1);
    expect((await getSandboxConnectAccount(db, destination))?.balanceCents).toBe(1000);
  });

  test("in fail mode a transfer is refused with account_invalid, not retryable, and nothing moves", async () => {
    const destination = await newAccount();
    expect(await getSandboxTransferMode(db)).toBe("succeed");
    await setSandboxTransferMode(db, "fail");
    expect(await getSandboxTransferMode(db)).toBe("fail");
    const input = transferInput(destination);
    const e = await rejection(payments.createTransfer(input));
    expect(e).toMatchObject({
      stripeType: "invalid_request_error",
      stripeCode: "account_invalid",
      retryable: false,
    });
    expect(e.message).toContain(destination);
    expect(await payments.findTransferByGroup(input.transferGroup)).toBeNull();
    expect((await getSandboxConnectAccount(db, destination))?.balanceCents).toBe(0);
  });

  test("a refusal is saved under its key, as in Stripe: the same key fails again after fail mode ends; a new key succeeds", async () => {
    const destination = await newAccount();
    await setSandboxTransferMode(db, "fail");
    const input = transferInput(destination);
    await rejection(payments.createTransfer(input));
    await setSandboxTransferMode(db, "succeed");
    expect((await rejection(payments.createTransfer(input))).stripeCode).toBe("account_invalid");
    const retried = await payments.createTransfer({
      ...input,
      idempotencyKey: `${input.idempotencyKey}:attempt-2`,
    });
    expect(retried.amountCents).toBe(1000);
  });

  test("a transfer to an account that has not finished onboarding is refused, not retryable", async () => {
    const destination = await newAccount({ onboarded: false });
    expect(await rejection(payments.createTransfer(transferInput(destination)))).toMatchObject({
      stripeCode: "insufficient_capabilities_for_transfer",
      retryable: false,
    });
  });

  test("a transfer to an unknown account is refused as resource_missing and saves nothing", async () => {
    const input = transferInput("acct_sandbox_missing");
    expect(await rejection(payments.createTransfer(input))).toMatchObject({
      stripeCode: "resource_missing",
      statusCode: 404,
    });
    const row = await db.sandboxObject.findUnique({
      where: { id: `idempotency_key:${input.idempotencyKey}` },
    });
    expect(row).toBeNull();
  });

  test("findTransferByGroup finds the group's transfer with its reversed cents; null for an unknown group", async () => {
    const destination = await newAccount();
    const input = transferInput(destination);
    const { transferId } = await payments.createTransfer(input);
    await payments.reverseTransfer({ transferId, amountCents: 400, idempotencyKey: `rev:${n}` });
    expect(await payments.findTransferByGroup(input.transferGroup)).toEqual({
      transferId,
      amountCents: 1000,
      reversedCents: 400,
    });
    expect(await payments.findTransferByGroup("payout:never")).toBeNull();
  });

  test("a key reused on another endpoint is an idempotency_error", async () => {
    const destination = await newAccount();
    const input = transferInput(destination);
    const { transferId } = await payments.createTransfer(input);
    const e = await rejection(
      payments.reverseTransfer({
        transferId,
        amountCents: 1,
        idempotencyKey: input.idempotencyKey,
      }),
    );
    expect(e).toMatchObject({ stripeType: "idempotency_error" });
    expect(e.message).toContain("same endpoint");
  });
});

describe("sandbox transfer reversals", () => {
  test("a partial then a full reversal take from the account's balance and mark the transfer reversed", async () => {
    const destination = await newAccount();
    const { transferId } = await payments.createTransfer(transferInput(destination));
    const first = await payments.reverseTransfer({
      transferId,
      amountCents: 300,
      idempotencyKey: `rev:${n}:1`,
      metadata: { refundId: "r1" },
    });
    expect(first).toEqual({ reversalId: expect.stringMatching(/^trr_sandbox_/), amountCents: 300 });
    await payments.reverseTransfer({ transferId, amountCents: 700, idempotencyKey: `rev:${n}:2` });
    expect(await getSandboxTransfer(db, transferId)).toMatchObject({
      amount_reversed: 1000,
      reversed: true,
      reversals: { total_count: 2 },
    });
    expect((await getSandboxConnectAccount(db, destination))?.balanceCents).toBe(0);
  });

  test("a reversal is refused with balance_insufficient, not retryable, once the balance was paid out", async () => {
    const destination = await newAccount();
    const { transferId } = await payments.createTransfer(transferInput(destination));
    expect(await payOutSandboxBalance(db, { accountId: destination, amountCents: 800 })).toEqual({
      balanceCents: 200,
      paidOutCents: 800,
    });
    const e = await rejection(
      payments.reverseTransfer({ transferId, amountCents: 500, idempotencyKey: `rev:${n}` }),
    );
    expect(e).toMatchObject({
      stripeType: "invalid_request_error",
      stripeCode: "balance_insufficient",
      retryable: false,
    });
    expect(e.message).toContain("200 cents");
    expect((await getSandboxTransfer(db, transferId))?.amount_reversed).toBe(0);
    // What the balance covers can still be taken back.
    await payments.reverseTransfer({ transferId, amountCents: 200, idempotencyKey: `rev:${n}:b` });
  });

  test("reversing more than the transfer's unreversed remainder is refused", async () => {
    const destination = await newAccount();
    const { transferId } = await payments.createTransfer(transferInput(destination));
    await payments.reverseTransfer({ transferId, amountCents: 600, idempotencyKey: `rev:${n}:1` });
    expect(
      await rejection(
        payments.reverseTransfer({ transferId, amountCents: 600, idempotencyKey: `rev:${n}:2` }),
      ),
    ).toMatchObject({ stripeCode: "amount_too_large", retryable: false });
  });

  test("concurrent reversals never take an account's balance below zero", async () => {
    const destination = await newAccount();
    const a = await payments.createTransfer(transferInput(destination, { amountCents: 600 }));
    const b = await payments.createTransfer(transferInput(destination, { amountCents: 600 }));
    await payOutSandboxBalance(db, { accountId: destination, amountCents: 300 });
    // Balance 900: of six reversals of 300 (three per transfer), exactly three can succeed.
    const outcomes = await Promise.allSettled(
      [a, b, a, b, a, b].map((t, i) =>
        payments.reverseTransfer({
          transferId: t.transferId,
          amountCents: 300,
          idempotencyKey: `rev:${n}:${i}`,
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    expect((await getSandboxConnectAccount(db, destination))?.balanceCents).toBe(0);
  });

  test("a reversal of an unknown transfer is resource_missing", async () => {
    expect(
      await rejection(
        payments.reverseTransfer({
          transferId: "tr_sandbox_missing",
          amountCents: 1,
          idempotencyKey: "rev:missing",
        }),
      ),
    ).toMatchObject({ stripeCode: "resource_missing", statusCode: 404 });
  });
});
