import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { renderEmail } from "@fanfare/email";
import { completeSandboxCheckout, createStripeProvider, getPayments } from "@fanfare/payments";
import { createStripeMock } from "@fanfare/payments/testing/stripe-mock";

import { attributionCookieName, recordClick } from "../affiliate/clicks";
import { handleProviderEvent } from "../checkout/handle-stripe-event";
import { apiEnv } from "../env";
import { startConnectOnboarding } from "../payouts/connect";
import { requestPayout } from "../payouts/payouts";
import { refundSale } from "../refunds/refund-sale";
import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";

// Payouts go to a Stripe mock over HTTP (msw), as in payouts.integration-test.ts; the sales
// themselves are paid and refunded through the offline sandbox.
const stripe = createStripeMock();
const server = setupServer(...stripe.handlers);
const stripePayments = createStripeProvider({
  secretKey: "sk_test_fanfare_mock",
  webhookSecret: "whsec_test_mock",
});
const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

describe("the emails a sale queues", () => {
  let h: Harness;
  let n = 0;
  beforeAll(async () => {
    server.listen({ onUnhandledRequest: "bypass" });
    h = await setupHarness();
  });
  afterAll(async () => {
    server.close();
    await h.close();
  });

  /** An attributed sale of 1,000 cents at 25 % commission, completed through the signed webhook. */
  const attributedSale = async () => {
    n++;
    const artist = await h.makeUser({ artistName: `Mail Artist ${n}` });
    const { track } = await h.makeTrack(artist, {
      priceCents: 1000,
      commissionBps: 2500,
      title: `Mail Track ${n}`,
    });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: `198.51.100.${n}`,
        userAgent: UA,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${link.code}`,
        sessionId: `s${n}`,
      },
      h.db,
    );
    if (!click.recorded) throw new Error("click not recorded");
    const buyer = await h.callerFor(null, {
      cookie: `${attributionCookieName(track.id)}=${click.clickId}`,
    });
    const buyerEmail = `buyer${n}@example.com`;
    const checkout = await buyer.buyer.startCheckout({ slug: track.slug, buyerEmail });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    const delivery = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(delivery.status).toBe(200);
    return {
      artist,
      promoter,
      track,
      saleId: checkout.saleId,
      buyerEmail,
      successUrl: delivery.successUrl,
    };
  };

  const mailTo = async (to: string, template: string) => {
    const rows = await h.db.emailOutbox.findMany({
      where: { to, template },
      orderBy: { createdAt: "asc" },
    });
    return Promise.all(
      rows.map(async (row) => ({ row, rendered: await renderEmail(row.template, row.props) })),
    );
  };

  test("completing a sale queues the buyer's receipt, the artist's sale notice and the promoter's commission, each rendering with its links on APP_URL", async () => {
    const s = await attributedSale();
    const appUrl = apiEnv().APP_URL.replace(/\/$/, "");
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: s.saleId } });

    const [receipt, ...moreReceipts] = await mailTo(s.buyerEmail, "receipt");
    expect(moreReceipts).toHaveLength(0);
    expect(receipt!.row.idempotencyKey).toBe(`receipt:${s.saleId}:1`);
    expect(receipt!.rendered.subject).toBe(`Your download: Mail Track ${n} by Mail Artist ${n}`);
    // Its own download link (not the checkout's token), on APP_URL, with the limit and expiry.
    expect(receipt!.rendered.text).toMatch(new RegExp(`${appUrl}/purchase/[A-Za-z0-9_-]{43}`));
    expect(receipt!.rendered.text).not.toContain(new URL(s.successUrl).pathname);
    expect(receipt!.rendered.text).toContain("$10.00");
    expect(receipt!.rendered.text).toContain(`${sale.downloadLimit} downloads`);

    const [artistMail, ...moreArtist] = await mailTo(s.artist.email, "artist-sale");
    expect(moreArtist).toHaveLength(0);
    expect(artistMail!.row.idempotencyKey).toBe(`artist-sale:${s.saleId}`);
    expect(artistMail!.rendered.text).toContain(`${appUrl}/dashboard/artist/earnings`);
    expect(artistMail!.rendered.text).toContain(`$${(sale.artistCents / 100).toFixed(2)}`);
    expect(artistMail!.rendered.text).toContain("through a promoter's link");

    const [commission, ...moreCommission] = await mailTo(s.promoter.email, "commission-earned");
    expect(moreCommission).toHaveLength(0);
    expect(commission!.row.idempotencyKey).toBe(`commission-earned:${s.saleId}`);
    expect(commission!.rendered.subject).toBe(`You earned $2.50 promoting "Mail Track ${n}"`);
    expect(commission!.rendered.text).toContain(`${appUrl}/dashboard/promoter/earnings`);
    // "available on <date>": the sale's own holdUntil.
    const day = new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(
      sale.holdUntil!,
    );
    expect(commission!.rendered.text).toContain(`available on ${day}`);
  });

  test("a partial then a full refund: the buyer gets a notice per refund and the promoter a reversal per change; replays queue nothing new", async () => {
    const s = await attributedSale();
    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    await refundSale({ saleId: s.saleId, amountCents: 400 }, { db: h.db, payments });

    let notices = await mailTo(s.buyerEmail, "refund-notice");
    expect(notices.map((m) => m.row.idempotencyKey)).toEqual([`refund-notice:${s.saleId}:400`]);
    expect(notices[0]!.rendered.subject).toBe(`Refund of $4.00 for "Mail Track ${n}"`);
    expect(notices[0]!.rendered.text).toContain("keeps working");
    expect(notices[0]!.rendered.text).toContain(`/t/${s.track.slug}`);

    let reversals = await mailTo(s.promoter.email, "commission-reversed");
    expect(reversals.map((m) => m.row.idempotencyKey)).toEqual([
      `commission-reversed:${s.saleId}:100`,
    ]);
    expect(reversals[0]!.rendered.subject).toBe(`Commission reversed: $1.00 on "Mail Track ${n}"`);
    expect(reversals[0]!.row.props).toMatchObject({
      reason: "refund",
      clawback: false,
      reversedCents: 100,
      totalReversedCents: 100,
    });

    await refundSale({ saleId: s.saleId }, { db: h.db, payments });
    notices = await mailTo(s.buyerEmail, "refund-notice");
    expect(notices.map((m) => m.row.idempotencyKey)).toEqual([
      `refund-notice:${s.saleId}:400`,
      `refund-notice:${s.saleId}:1000`,
    ]);
    expect(notices[1]!.row.props).toMatchObject({ refundedCents: 600, totalRefundedCents: 1000 });
    expect(notices[1]!.rendered.text).toContain("fully refunded");
    reversals = await mailTo(s.promoter.email, "commission-reversed");
    expect(reversals.map((m) => m.row.props)).toMatchObject([
      { reversedCents: 100 },
      { reversedCents: 150, totalReversedCents: 250 },
    ]);

    // The sandbox's charge.refunded webhooks (delivered to the harness endpoint) found nothing new.
    const count = await h.db.emailOutbox.count({
      where: { OR: [{ to: s.buyerEmail }, { to: s.promoter.email }] },
    });
    await refundSale({ saleId: s.saleId }, { db: h.db, payments }).catch(() => undefined);
    expect(
      await h.db.emailOutbox.count({
        where: { OR: [{ to: s.buyerEmail }, { to: s.promoter.email }] },
      }),
    ).toBe(count);
  });

  test("a refund after the commission was paid out tells the promoter it is clawed back from the next payout", async () => {
    const s = await attributedSale();
    const profile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: s.promoter.id },
    });
    const payee = { type: "PROMOTER" as const, id: profile.id };
    const { stripeAccountId } = await startConnectOnboarding(
      { payee, email: s.promoter.email },
      { db: h.db, payments: stripePayments },
    );
    await handleProviderEvent(
      {
        id: `evt_acct_${stripeAccountId}`,
        type: "account.updated",
        data: { object: stripe.completeOnboarding(stripeAccountId) },
      },
      h.db,
    );
    // After the 14-day hold the 250-cent commission is payable; a 10-cent minimum lets it go.
    process.env.PAYOUT_MINIMUM_CENTS = "10";
    try {
      const payout = await requestPayout(
        { payee },
        { db: h.db, payments: stripePayments, now: () => new Date(Date.now() + 15 * 86_400_000) },
      );
      expect(payout).toMatchObject({ status: "PAID", amountCents: 250 });
      const [sent] = await mailTo(s.promoter.email, "payout-sent");
      expect(sent!.row.idempotencyKey).toBe(`payout-sent:${payout.id}`);
      expect(sent!.rendered.subject).toBe("Your Fanfare payout of $2.50 is on its way");
    } finally {
      delete process.env.PAYOUT_MINIMUM_CENTS;
    }

    await refundSale(
      { saleId: s.saleId },
      { db: h.db, payments: getPayments(h.db, { webhookUrl: h.webhookUrl }) },
    );
    const [reversal, ...more] = await mailTo(s.promoter.email, "commission-reversed");
    expect(more).toHaveLength(0);
    expect(reversal!.row.props).toMatchObject({
      clawback: true,
      reason: "refund",
      reversedCents: 250,
      totalReversedCents: 250,
    });
    expect(reversal!.rendered.subject).toBe(
      `Clawback: $2.50 of paid commission on "Mail Track ${n}"`,
    );
    expect(reversal!.rendered.text).toContain("next payout is reduced");
    const [notice] = await mailTo(s.buyerEmail, "refund-notice");
    expect(notice!.rendered.text).toContain("fully refunded");
  });
});
