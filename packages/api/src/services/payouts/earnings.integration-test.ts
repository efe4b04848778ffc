import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { attributionCookieName, recordClick } from "../affiliate/clicks";
import { postLedgerTransaction } from "../ledger/post-transaction";
import { verifyLedger } from "../ledger/verify-ledger";
import { listLedger } from "./earnings";
import { releaseDueSales } from "./payouts";

const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

/**
 * The ledger says when pending money becomes payable (issue 10, defect 7): each pending entry of
 * a sale still inside its holding period carries the sale's own release date (Sale.holdUntil,
 * fixed at completion), for the promoter and the artist alike; once released, none.
 */
describe("listLedger: availableOn for pending entries", () => {
  let h: Harness;
  const saved = process.env.COMMISSION_HOLD_DAYS;
  beforeAll(async () => {
    process.env.COMMISSION_HOLD_DAYS = "14";
    h = await setupHarness();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.COMMISSION_HOLD_DAYS;
    else process.env.COMMISSION_HOLD_DAYS = saved;
    await h.close();
  });

  test("a held sale's pending entries show its holdUntil; after release no entry does", async () => {
    const artist = await h.makeUser({ artistName: "Held Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2500 });
    const promoter = await h.makeUser();
    const promoterId = (await promoter.caller.promoter.me()).promoter.id;
    const artistId = (await h.db.artistProfile.findFirstOrThrow({ where: { userId: artist.id } }))
      .id;
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: "198.51.100.40",
        userAgent: UA,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${link.code}`,
        sessionId: null,
      },
      h.db,
    );
    if (!click.recorded) throw new Error("click not recorded");
    const buyer = await h.callerFor(null, {
      cookie: `${attributionCookieName(track.id)}=${click.clickId}`,
    });
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "held-buyer@example.com",
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    expect(
      (await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl })).status,
    ).toBe(200);
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    expect(sale.holdUntil!.getTime()).toBeGreaterThan(Date.now() + 13 * 86_400_000);

    for (const payee of [
      { type: "PROMOTER" as const, id: promoterId },
      { type: "ARTIST" as const, id: artistId },
    ]) {
      const { items } = await listLedger({ payee }, h.db);
      const entry = items.find((e) => e.saleId === sale.id);
      expect(entry, payee.type).toMatchObject({ account: "pending", availableOn: sale.holdUntil });
    }

    await releaseDueSales(h.db, { now: new Date(sale.holdUntil!.getTime() + 1000) });
    const { items } = await listLedger({ payee: { type: "PROMOTER", id: promoterId } }, h.db);
    const forSale = items.filter((e) => e.saleId === sale.id);
    expect(forSale.map((e) => e.kind).sort()).toEqual(["RELEASE", "RELEASE", "SALE"]);
    expect(forSale.every((e) => e.availableOn === null)).toBe(true);

    // One account at a time, in posting order, in words (issue 10, defect 5).
    const payee = { type: "PROMOTER" as const, id: promoterId };
    const held = await listLedger({ payee, page: { account: "pending" } }, h.db);
    expect(held.items.map((e) => [e.kind, e.balanceBeforeCents, e.balanceAfterCents])).toEqual([
      ["RELEASE", 250, 0],
      ["SALE", 0, 250],
    ]);
    const payable = await listLedger({ payee, page: { account: "payable" } }, h.db);
    expect(payable.items.map((e) => [e.account, e.kind, e.description])).toEqual([
      ["payable", "RELEASE", `Holding period over for "${track.title}": now payable`],
    ]);
    expect(held.items[1]!.description).toBe(`Sale of "${track.title}"`);
    for (const e of [...held.items, ...payable.items]) expect(e.description).not.toContain(sale.id);
  });

  test("entries posted in the same millisecond list in posting order: each balance before is the balance after of the row below", async () => {
    const promoter = await h.makeUser();
    const promoterId = (await promoter.caller.promoter.me()).promoter.id;
    const at = new Date(Date.UTC(2026, 10, 20, 12, 0, 0));
    const amounts = [500, -120, 300, -80, 45];
    for (const [i, amountCents] of amounts.entries())
      await h.db.$transaction((tx) =>
        postLedgerTransaction(tx, {
          transactionId: `same-ms-${promoterId}-${i}`,
          kind: "ADJUSTMENT",
          description: `Adjustment ${i + 1}`,
          at,
          lines: [
            { type: "PROMOTER_BALANCE", ownerId: promoterId, amountCents },
            { type: "BUYER_CLEARING", amountCents: -amountCents },
          ],
        }),
      );
    const payee = { type: "PROMOTER" as const, id: promoterId };
    const first = await listLedger({ payee, page: { account: "payable", limit: 3 } }, h.db);
    const rest = await listLedger(
      { payee, page: { account: "payable", limit: 3, cursor: first.nextCursor } },
      h.db,
    );
    expect(rest.nextCursor).toBeNull();
    const rows = [...first.items, ...rest.items];
    expect(rows.map((e) => e.description)).toEqual(
      ["5", "4", "3", "2", "1"].map((n) => `Adjustment ${n}`),
    );
    expect(rows.map((e) => e.amountCents)).toEqual([...amounts].reverse());
    for (let i = 0; i + 1 < rows.length; i++)
      expect(rows[i]!.balanceBeforeCents).toBe(rows[i + 1]!.balanceAfterCents);
    expect(rows[0]!.balanceAfterCents).toBe(amounts.reduce((a, b) => a + b, 0));
    expect(rows.at(-1)!.balanceBeforeCents).toBe(0);
  });
});

/**
 * Balances are BIGINT (issue 9 §3): a payee's account passes $21,474,836.47 (2^31 − 1 cents) and
 * every figure still comes back through the API as an exact integer-cent number.
 */
describe("earnings past 2^31 cents", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  test("a promoter holding $30,000,000.07 sees it to the cent in earnings, ledger and eligibility; the books verify", async () => {
    const promoter = await h.makeUser();
    const promoterId = (await promoter.caller.promoter.me()).promoter.id;
    const big = 3_000_000_007;
    for (const [i, amountCents] of [big - 7, 7].entries())
      await h.db.$transaction((tx) =>
        postLedgerTransaction(tx, {
          transactionId: `big-${i}`,
          kind: "ADJUSTMENT",
          description: "Test: a very large balance",
          at: new Date(Date.UTC(2026, 10, 1 + i)),
          lines: [
            { type: "PROMOTER_BALANCE", ownerId: promoterId, amountCents },
            { type: "BUYER_CLEARING", amountCents: -amountCents },
          ],
        }),
      );
    const earnings = await promoter.caller.promoter.earnings();
    expect(earnings.payableCents).toBe(big);
    const ledger = await promoter.caller.promoter.ledger();
    expect(ledger.items.map((e) => [e.amountCents, e.balanceAfterCents])).toEqual([
      [7, big],
      [big - 7, big - 7],
    ]);
    expect((await promoter.caller.promoter.payoutEligibility()).payableCents).toBe(big);
    expect(await verifyLedger(h.db)).toEqual([]);
  });
});
