import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { cents } from "@fanfare/db";
import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { verifyLedger } from "../ledger/verify-ledger";
import { getPayoutEligibility, releaseDueSales, requestPayout } from "../payouts/payouts";
import { refundSale } from "../refunds/refund-sale";
import { getPayments } from "@fanfare/payments";
import { recordClick } from "./clicks";
import { setPromoterStatus } from "./promoter-status";

const DAY = 86_400_000;

/**
 * The promoter lifecycle (issue 11 §2): suspension stops counting and attribution, holds the
 * pending commissions past their release date, blocks payouts and new links; reinstatement
 * releases the holds; termination is final.
 */
describe("promoter status", () => {
  let h: Harness;
  let adminId = "";
  beforeAll(async () => {
    h = await setupHarness();
    adminId = (await h.makeAdmin()).id;
  });
  afterAll(async () => {
    await h.close();
  });

  /** A promoter with a link on a new 1000-cent track at 20 % (200 cents of commission a sale). */
  async function promoterWithLink() {
    const artist = await h.makeUser({
      artistName: `Status Artist ${Math.random().toString(36).slice(2, 7)}`,
    });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const promoter = await h.makeUser();
    const profile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    });
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } }))
      .id;
    return { promoter, promoterId: profile.id, track, link, artistId };
  }

  const click = (p: Awaited<ReturnType<typeof promoterWithLink>>, visitor: string) =>
    recordClick(
      {
        slug: p.track.slug,
        code: p.link.code,
        method: "GET",
        ip: `203.0.113.${Math.floor(Math.random() * 200)}`,
        userAgent: `Mozilla/5.0 (X11; Linux x86_64) Firefox/${visitor}`,
        referer: null,
        landingPath: `/t/${p.track.slug}?ref=${p.link.code}`,
        sessionId: null,
      },
      h.db,
    );

  /** Starts checkout carrying the click's cookie; completes it unless `complete` is false. */
  async function buy(trackId: string, slug: string, clickId: string | null, complete = true) {
    const buyer = await h.callerFor(
      null,
      clickId ? { cookie: `ff_ref_${trackId}=${clickId}` } : {},
    );
    const checkout = await buyer.buyer.startCheckout({
      slug,
      buyerEmail: `b${Math.random().toString(36).slice(2)}@example.com`,
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    const done = () => completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    if (complete) await done();
    return { saleId: checkout.saleId, complete: done };
  }

  const balance = async (id: string) =>
    cents((await h.db.ledgerAccount.findUnique({ where: { id } }))?.balanceCents ?? 0);

  test("suspension stops counting and attribution, holds pending commissions past release, blocks payouts and new links; reinstatement releases them", async () => {
    const p = await promoterWithLink();
    const first = await click(p, "1");
    expect(first).toMatchObject({ recorded: true, counted: true });
    const { saleId } = await buy(p.track.id, p.track.slug, first.recorded ? first.clickId : null);
    // A second click before the suspension, kept by a buyer who checks out after it.
    const second = await click(p, "2");
    expect(second.recorded).toBe(true);

    const change = await setPromoterStatus(
      { promoterId: p.promoterId, status: "SUSPENDED", reason: "Clicks from one network" },
      { userId: adminId },
      h.db,
    );
    expect(change).toMatchObject({ from: "ACTIVE", to: "SUSPENDED", heldCommissions: 1 });
    const held = await h.db.commission.findUniqueOrThrow({ where: { saleId } });
    expect(held).toMatchObject({ status: "PENDING", holdReason: "PROMOTER_SUSPENDED" });
    expect(held.heldAt).not.toBeNull();
    // The promoter is told why, by email and on the dashboard.
    const email = await h.db.emailOutbox.findFirstOrThrow({
      where: { template: "promoter-status", to: p.promoter.email },
    });
    expect(email.subject).toBe("Your promoter account is suspended");
    // (A fresh caller: a request reads the user anew.)
    expect(await (await h.callerFor(p.promoter.id)).promoter.me()).toMatchObject({
      promoter: { status: "SUSPENDED", statusReason: "Clicks from one network" },
    });
    expect(
      await h.db.auditLog.findFirst({
        where: { action: "promoter.setStatus", subjectId: p.promoterId },
      }),
    ).toMatchObject({ actorId: adminId, before: { status: "ACTIVE" } });

    // Links keep showing the track but record nothing (no cookie, no count).
    expect(await click(p, "3")).toEqual({ recorded: false, reason: "promoter_inactive" });
    // A click from before the suspension attributes nothing now.
    const late = await buy(p.track.id, p.track.slug, second.recorded ? second.clickId : null);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: late.saleId } })).toMatchObject({
      promoterId: null,
      commissionCents: 0,
    });
    // No new links.
    const other = await h.makeUser({
      artistName: `Other ${Math.random().toString(36).slice(2, 7)}`,
    });
    const { track: otherTrack } = await h.makeTrack(other);
    await expect(
      p.promoter.caller.promoter.getOrCreateLink({ trackId: otherTrack.id }),
    ).rejects.toThrow(
      "New links are paused: your promoter account is suspended. Reason: Clicks from one network",
    );

    // Past the holding period the artist is paid; the held commission stays pending.
    const later = new Date(Date.now() + 15 * DAY);
    await releaseDueSales(h.db, { now: later });
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: saleId } });
    expect(sale.releasedAt).not.toBeNull();
    const lateSale = await h.db.sale.findUniqueOrThrow({ where: { id: late.saleId } });
    expect(await balance(`ARTIST_BALANCE:${p.artistId}`)).toBe(
      sale.artistCents + lateSale.artistCents,
    );
    expect(await balance(`PROMOTER_PENDING:${p.promoterId}`)).toBe(200);
    expect(await balance(`PROMOTER_BALANCE:${p.promoterId}`)).toBe(0);
    expect(await h.db.commission.findUniqueOrThrow({ where: { saleId } })).toMatchObject({
      status: "PENDING",
    });
    expect(await verifyLedger(h.db)).toEqual([]);
    // Payouts are blocked with the reason.
    const eligibility = await getPayoutEligibility(
      { payee: { type: "PROMOTER", id: p.promoterId }, now: later },
      h.db,
    );
    expect(eligibility.reason).toBe(
      "Payouts are paused: your promoter account is suspended. Reason: Clicks from one network",
    );
    await expect(
      requestPayout(
        { payee: { type: "PROMOTER", id: p.promoterId } },
        { db: h.db, payments: getPayments(h.db), now: () => later },
      ),
    ).rejects.toThrow("Payouts are paused");

    // Reinstated: the hold is lifted and, the sale being past its release date, it is payable.
    const back = await setPromoterStatus(
      { promoterId: p.promoterId, status: "ACTIVE", reason: "Reviewed: a shared office network" },
      { userId: adminId },
      h.db,
      later,
    );
    expect(back).toMatchObject({ releasedCommissions: 1, settledSales: 1 });
    expect(await h.db.commission.findUniqueOrThrow({ where: { saleId } })).toMatchObject({
      status: "PAYABLE",
      heldAt: null,
      holdReason: null,
    });
    expect(await balance(`PROMOTER_PENDING:${p.promoterId}`)).toBe(0);
    expect(await balance(`PROMOTER_BALANCE:${p.promoterId}`)).toBe(200);
    expect(await click(p, "4")).toMatchObject({ recorded: true, counted: true });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a sale whose checkout started before the suspension completes with its commission held", async () => {
    const p = await promoterWithLink();
    const c = await click(p, "race");
    const pending = await buy(p.track.id, p.track.slug, c.recorded ? c.clickId : null, false);
    await setPromoterStatus(
      { promoterId: p.promoterId, status: "SUSPENDED", reason: "Under review" },
      { userId: adminId },
      h.db,
    );
    await pending.complete();
    const commission = await h.db.commission.findUniqueOrThrow({
      where: { saleId: pending.saleId },
    });
    expect(commission).toMatchObject({ status: "PENDING", holdReason: "PROMOTER_SUSPENDED" });
    // Refunded while held: the commission is cancelled and the ledger stays consistent.
    await refundSale({ saleId: pending.saleId }, { db: h.db, payments: getPayments(h.db) });
    expect(
      await h.db.commission.findUniqueOrThrow({ where: { saleId: pending.saleId } }),
    ).toMatchObject({ status: "CANCELLED" });
    expect(await balance(`PROMOTER_PENDING:${p.promoterId}`)).toBe(0);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("termination is final, and the same status twice is refused", async () => {
    const p = await promoterWithLink();
    const input = { promoterId: p.promoterId, reason: "Fake reviews" };
    await setPromoterStatus({ ...input, status: "TERMINATED" }, { userId: adminId }, h.db);
    await expect(
      setPromoterStatus({ ...input, status: "TERMINATED" }, { userId: adminId }, h.db),
    ).rejects.toThrow(`Promoter ${p.promoterId} is already terminated.`);
    await expect(
      setPromoterStatus({ ...input, status: "ACTIVE" }, { userId: adminId }, h.db),
    ).rejects.toThrow("A terminated promoter cannot become active: termination is final.");
  });

  test("the console lists promoters by status and search, with their holds", async () => {
    const p = await promoterWithLink();
    const c = await click(p, "list");
    await buy(p.track.id, p.track.slug, c.recorded ? c.clickId : null);
    await setPromoterStatus(
      { promoterId: p.promoterId, status: "SUSPENDED", reason: "Listed for review" },
      { userId: adminId },
      h.db,
    );
    const caller = await h.callerFor(adminId);
    const page = await caller.admin.promoters.list({
      status: "SUSPENDED",
      query: p.promoter.email.toUpperCase(),
    });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      id: p.promoterId,
      status: "SUSPENDED",
      statusReason: "Listed for review",
      heldCommissions: 1,
      heldCents: 200,
      salesCount: 1,
    });
    const active = await caller.admin.promoters.list({ status: "ACTIVE", limit: 50 });
    expect(active.items.map((i) => i.id)).not.toContain(p.promoterId);
  });
});
