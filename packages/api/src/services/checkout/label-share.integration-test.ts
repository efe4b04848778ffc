/**
 * A label's share of its roster's sales (issue 16 §5), end to end on the real database: checkout
 * start records the LABEL share from the contract in force then (the label's rate of the artist's
 * share, rounded half up; the artist keeps the remainder), the sandbox's signed webhook completes
 * the sale, settlement posts the label's share to LABEL_PENDING and releases it to LABEL_BALANCE
 * after the holding period, a refund takes back its proportional part, and the label is paid out
 * through Connect like any payee. `ledger:verify` stays clean throughout.
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { cents } from "@fanfare/db";
import { completeSandboxCheckout, createStripeProvider, getPayments } from "@fanfare/payments";
import { createStripeMock } from "@fanfare/payments/testing/stripe-mock";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { verifyLedger } from "../ledger/verify-ledger";
import { startConnectOnboarding } from "../payouts/connect";
import { getEarnings } from "../payouts/earnings";
import type { Payee } from "../payouts/payee";
import { releaseDueSales, requestPayout, runPayoutBatch } from "../payouts/payouts";
import { refundSale } from "../refunds/refund-sale";
import { handleProviderEvent } from "./handle-stripe-event";

const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);
const connectPayments = createStripeProvider({
  secretKey: "sk_test_fanfare_mock",
  webhookSecret: "whsec_test_mock",
});
const DAY = 86_400_000;

describe("label share: recorded at checkout start, settled with the sale, paid out to the label", () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "bypass" });
    h = await setupHarness();
  });
  afterEach(() => stripe.reset());
  afterAll(async () => {
    server.close();
    await h.close();
  });

  /** A label, an artist with a 1000-cent track at 20 %, and a contract between them. */
  async function labelWithArtist(contract: {
    labelShareBps: number;
    status?: "active" | "ended" | "invited";
    startsAt?: Date;
    endsAt?: Date | null;
  }) {
    n++;
    const owner = await h.makeUser();
    const label = await h.db.labelProfile.create({
      data: { userId: owner.id, name: `Test Label ${n}`, slug: `test-label-${n}-${Date.now()}` },
    });
    const artistUser = await h.makeUser({ artistName: `Label Artist ${n} ${Date.now()}` });
    const artist = await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artistUser.id } });
    const { track } = await h.makeTrack(artistUser, { priceCents: 1000, commissionBps: 2000 });
    const status = contract.status ?? "active";
    const row = await h.db.labelContract.create({
      data: {
        labelId: label.id,
        artistId: artist.id,
        status,
        labelShareBps: contract.labelShareBps,
        startsAt: contract.startsAt ?? new Date(Date.now() - DAY),
        endsAt: contract.endsAt ?? null,
        respondedAt: status === "invited" ? null : new Date(),
        endedAt: status === "ended" ? new Date() : null,
      },
    });
    return { owner, label, artistUser, artist, track, contract: row };
  }

  /** Buys `track` without a promoter and pays in the sandbox. @returns the sale id. */
  async function buy(track: { slug: string }) {
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: `b${Math.random().toString(36).slice(2)}@example.com`,
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    const delivery = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(delivery.status).toBe(200);
    return checkout.saleId;
  }

  test("a sale under a contract in force records the label's 30 % of the artist's share and posts it to LABEL_PENDING", async () => {
    const { label, artist, track, contract } = await labelWithArtist({ labelShareBps: 3000 });
    const saleId = await buy(track);
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: saleId },
      include: { shares: { orderBy: { position: "asc" } } },
    });
    // $10.00 unattributed: fee 100, the artist's share 900 → label 270 (30 %), artist 630.
    expect(sale).toMatchObject({
      status: "COMPLETED",
      amountCents: 1000,
      platformFeeCents: 100,
      artistCents: 630,
      labelCents: 270,
      labelId: label.id,
      labelContractId: contract.id,
      labelShareBps: 3000,
    });
    expect(sale.shares.map((s) => [s.kind, s.payee, s.ownerId, s.amountCents])).toEqual([
      ["PLATFORM_FEE", "platform", null, 100],
      ["ARTIST", "artist", artist.id, 630],
      ["LABEL", "label", label.id, 270],
    ]);
    const entries = await h.db.ledgerEntry.findMany({ where: { saleId } });
    const byAccount = Object.fromEntries(entries.map((e) => [e.accountId, Number(e.amountCents)]));
    expect(byAccount).toMatchObject({
      BUYER_CLEARING: -1000,
      PLATFORM_REVENUE: 100,
      [`ARTIST_PENDING:${artist.id}`]: 630,
      [`LABEL_PENDING:${label.id}`]: 270,
    });
    // The track's artist total is what the artist keeps.
    const t = await h.db.track.findUniqueOrThrow({ where: { id: track.id } });
    expect(Number(t.artistCents)).toBe(630);
    expect(await verifyLedger(h.db)).toEqual([]);
    // ledger:verify reports a label share that pays another label than the sale names.
    await h.db.saleShare.update({
      where: { saleId_position: { saleId, position: 2 } },
      data: { ownerId: "someone-else" },
    });
    expect(await verifyLedger(h.db)).toContainEqual(
      expect.objectContaining({
        check: "sale-shares",
        subject: saleId,
        detail: "LABEL share pays someone-else, not the sale's",
      }),
    );
    await h.db.saleShare.update({
      where: { saleId_position: { saleId, position: 2 } },
      data: { ownerId: label.id },
    });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("no label share outside the contract's dates, before acceptance, or after it ended", async () => {
    for (const contract of [
      { labelShareBps: 3000, startsAt: new Date(Date.now() + DAY) },
      {
        labelShareBps: 3000,
        startsAt: new Date(Date.now() - 10 * DAY),
        endsAt: new Date(Date.now() - DAY),
      },
      { labelShareBps: 3000, status: "invited" as const },
      { labelShareBps: 3000, status: "ended" as const },
    ]) {
      const { track } = await labelWithArtist(contract);
      const sale = await h.db.sale.findUniqueOrThrow({
        where: { id: await buy(track) },
        include: { shares: true },
      });
      expect(sale).toMatchObject({ labelId: null, labelCents: 0, artistCents: 900 });
      expect(sale.shares.some((s) => s.payee === "label")).toBe(false);
    }
  });

  test("a sale keeps the label it was recorded with: ending the contract later changes nothing", async () => {
    const { label, track, contract } = await labelWithArtist({ labelShareBps: 5000 });
    const saleId = await buy(track);
    await h.db.labelContract.update({
      where: { id: contract.id },
      data: { status: "ended", endedAt: new Date() },
    });
    const after = await buy(track);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: saleId } })).toMatchObject({
      labelId: label.id,
      labelCents: 450,
      artistCents: 450,
    });
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: after } })).toMatchObject({
      labelId: null,
      labelCents: 0,
      artistCents: 900,
    });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a partial refund takes back the label's part in proportion; the release makes it payable; the label is paid out through Connect", async () => {
    const { owner, label, artist, track } = await labelWithArtist({ labelShareBps: 5000 });
    const first = await buy(track);
    await buy(track);
    // Each sale: fee 100, label 450 (50 % of 900), artist 450. Half of the first refunded: each
    // share gives back half (label 225, artist 225).
    await refundSale(
      { saleId: first, amountCents: 500 },
      { db: h.db, payments: getPayments(h.db, { webhookUrl: h.webhookUrl }) },
    );
    const refunded = await h.db.ledgerEntry.findMany({
      where: { saleId: first, kind: "REFUND" },
    });
    const back = Object.fromEntries(refunded.map((e) => [e.accountId, Number(e.amountCents)]));
    expect(back[`LABEL_PENDING:${label.id}`]).toBe(-225);
    expect(back[`ARTIST_PENDING:${artist.id}`]).toBe(-225);

    const payee: Payee = { type: "LABEL", id: label.id };
    const later = new Date(Date.now() + 15 * DAY);
    expect(await getEarnings({ payee }, h.db)).toMatchObject({
      pendingCents: 225 + 450,
      payableCents: 0,
    });
    expect(await releaseDueSales(h.db, { payee, now: later })).toBe(2);
    expect(await getEarnings({ payee, now: later }, h.db)).toMatchObject({
      pendingCents: 0,
      payableCents: 675,
    });

    // Connect onboarding, then the payout batch pays the label like any payee.
    const { stripeAccountId } = await startConnectOnboarding(
      { payee, email: owner.email },
      { db: h.db, payments: connectPayments },
    );
    const account = stripe.completeOnboarding(stripeAccountId);
    await handleProviderEvent(
      { id: `evt_acct_${stripeAccountId}`, type: "account.updated", data: { object: account } },
      h.db,
    );
    const batch = await runPayoutBatch({
      db: h.db,
      payments: connectPayments,
      now: () => later,
    });
    expect(batch.paid).toBeGreaterThanOrEqual(1);
    const payout = await h.db.payout.findFirstOrThrow({
      where: { payeeType: "LABEL", payeeId: label.id },
    });
    expect(payout).toMatchObject({
      status: "PAID",
      accountId: `LABEL_BALANCE:${label.id}`,
    });
    expect(cents(payout.amountCents)).toBe(675);
    expect((await getEarnings({ payee, now: later }, h.db)).payableCents).toBe(0);
    // A second request finds nothing to pay.
    await expect(
      requestPayout({ payee }, { db: h.db, payments: connectPayments, now: () => later }),
    ).rejects.toThrow();
    expect(await verifyLedger(h.db)).toEqual([]);
  });
});
