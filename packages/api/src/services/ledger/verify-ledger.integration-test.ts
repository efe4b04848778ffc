import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";
import { splitSaleAmount } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { handleProviderEvent } from "../checkout/handle-stripe-event";
import type { SaleShare } from "../money/shares";
import { reverseShares, shareRows, sharesOfSale } from "../money/shares";
import { releaseDueSales } from "../payouts/payouts";
import type { Discrepancy } from "./verify-ledger";
import { verifyLedger } from "./verify-ledger";

const DAY = 86_400_000;

/**
 * verifyLedger as SQL aggregates: clean books report nothing, and each kind of corruption (made
 * behind the immutability trigger's back, then undone) is reported under its check.
 */
describe("verifyLedger (SQL aggregates) reports every kind of corruption", () => {
  let h: Harness;
  const saleIds: string[] = [];
  let otherTrackId = "";
  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: "Verify Artist" });
    // 999 cents at 25 %: fee 100, commission 250, artist 649 (a partial refund rounds).
    const { track } = await h.makeTrack(artist, { priceCents: 999, commissionBps: 2500 });
    const other = await h.makeUser({ artistName: "Verify Other Artist" });
    otherTrackId = (await h.makeTrack(other, { priceCents: 500 })).track.id;
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    for (let i = 0; i < 3; i++) {
      const click = await h.db.clickEvent.create({
        data: {
          linkId: link.id,
          trackId: track.id,
          visitorHash: `v${i}`,
          landingPath: "/t/x",
          counted: true,
        },
      });
      const buyer = await h.callerFor(null, { cookie: `ff_ref_${track.id}=${click.id}` });
      const checkout = await buyer.buyer.startCheckout({
        slug: track.slug,
        buyerEmail: `verify${i}@example.com`,
      });
      const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
      await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
      saleIds.push(checkout.saleId);
    }
    // Sales 0 and 1 pass their hold (payable); sale 1 is then partly refunded (333 of 999 cents,
    // reversed from the payable balances); sale 2 stays pending.
    await h.db.sale.updateMany({
      where: { id: { in: saleIds.slice(0, 2) } },
      data: { holdUntil: new Date(Date.now() - DAY) },
    });
    expect(await releaseDueSales(h.db)).toBe(2);
    const refunded = await h.db.sale.findUniqueOrThrow({ where: { id: saleIds[1] } });
    await handleProviderEvent(
      {
        id: `evt_verify_refund`,
        type: "charge.refunded",
        created: 200,
        data: {
          object: {
            id: "ch_verify",
            object: "charge",
            amount: 999,
            amount_refunded: 333,
            payment_intent: refunded.stripePaymentIntentId,
          },
        },
      },
      h.db,
    );
  });
  afterAll(async () => {
    await h.close();
  });

  /** Runs statements with the entries' immutability trigger off (a corruption or its undoing). */
  async function behindTrigger(...sql: string[]) {
    await h.db.$executeRawUnsafe(
      `ALTER TABLE "LedgerEntry" DISABLE TRIGGER "LedgerEntry_immutable"`,
    );
    try {
      for (const s of sql) await h.db.$executeRawUnsafe(s);
    } finally {
      await h.db.$executeRawUnsafe(
        `ALTER TABLE "LedgerEntry" ENABLE TRIGGER "LedgerEntry_immutable"`,
      );
    }
  }

  /** Applies a corruption, returns what verifyLedger reports, undoes it and checks the books are clean again. */
  async function reported(corrupt: string[], undo: string[]): Promise<Discrepancy[]> {
    await behindTrigger(...corrupt);
    let found: Discrepancy[];
    try {
      found = await verifyLedger(h.db);
    } finally {
      await behindTrigger(...undo);
    }
    expect(await verifyLedger(h.db)).toEqual([]);
    return found;
  }

  const entryOf = (saleId: string, accountPrefix: string) =>
    h.db.ledgerEntry.findFirstOrThrow({
      where: { saleId, accountId: { startsWith: accountPrefix } },
      orderBy: { createdAt: "asc" },
    });

  test("clean books: nothing reported, with released, refunded and pending sales", async () => {
    const kinds = await h.db.ledgerEntry.groupBy({ by: ["kind"], _count: true });
    expect(kinds.map((k) => k.kind).sort()).toEqual(["REFUND", "RELEASE", "SALE"]);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a transaction that does not sum to zero", async () => {
    const e = await entryOf(saleIds[0]!, "PLATFORM_REVENUE");
    const found = await reported(
      [`UPDATE "LedgerEntry" SET "transactionId" = 'moved' WHERE "id" = '${e.id}'`],
      [`UPDATE "LedgerEntry" SET "transactionId" = '${e.transactionId}' WHERE "id" = '${e.id}'`],
    );
    expect(found).toEqual(
      expect.arrayContaining([
        {
          check: "transaction-balances",
          subject: e.transactionId,
          detail: `entries sum to ${-e.amountCents} cents`,
        },
        {
          check: "transaction-balances",
          subject: "moved",
          detail: `entries sum to ${e.amountCents} cents`,
        },
      ]),
    );
    expect(found.every((d) => d.check === "transaction-balances")).toBe(true);
  });

  test("an account balance that is not the sum of its entries, and books that do not balance", async () => {
    const found = await reported(
      [
        `UPDATE "LedgerAccount" SET "balanceCents" = "balanceCents" + 7 WHERE "id" = 'PLATFORM_REVENUE'`,
      ],
      [
        `UPDATE "LedgerAccount" SET "balanceCents" = "balanceCents" - 7 WHERE "id" = 'PLATFORM_REVENUE'`,
      ],
    );
    const platform = await h.db.ledgerAccount.findUniqueOrThrow({
      where: { id: "PLATFORM_REVENUE" },
    });
    expect(found).toEqual([
      {
        check: "account-balance",
        subject: "PLATFORM_REVENUE",
        detail: `balance ${platform.balanceCents + 7n} cents but entries sum to ${platform.balanceCents}`,
      },
      { check: "books-balance", subject: "all accounts", detail: "balances sum to 7 cents" },
    ]);
  });

  test("a broken balance chain: balance before ≠ the previous balance after", async () => {
    const first = await h.db.ledgerEntry.findFirstOrThrow({
      where: { accountId: "BUYER_CLEARING", sequence: 2 },
    });
    const found = await reported(
      [
        `UPDATE "LedgerEntry" SET "balanceBeforeCents" = "balanceBeforeCents" + 5, "balanceAfterCents" = "balanceAfterCents" + 5 WHERE "id" = '${first.id}'`,
      ],
      [
        `UPDATE "LedgerEntry" SET "balanceBeforeCents" = "balanceBeforeCents" - 5, "balanceAfterCents" = "balanceAfterCents" - 5 WHERE "id" = '${first.id}'`,
      ],
    );
    expect(found).toEqual([
      {
        check: "account-chain",
        subject: "BUYER_CLEARING",
        detail: `entry 2: balance before ${first.balanceBeforeCents + 5n}, previous after ${first.balanceBeforeCents}`,
      },
      {
        check: "account-chain",
        subject: "BUYER_CLEARING",
        detail: `entry 3: balance before ${first.balanceAfterCents}, previous after ${first.balanceAfterCents + 5n}`,
      },
    ]);
  });

  test("a gap in the sequence and an entry count that disagrees", async () => {
    const account = await h.db.ledgerAccount.findUniqueOrThrow({
      where: { id: "PLATFORM_REVENUE" },
    });
    const n = account.entryCount;
    const found = await reported(
      [
        `UPDATE "LedgerEntry" SET "sequence" = ${n + 1} WHERE "accountId" = 'PLATFORM_REVENUE' AND "sequence" = ${n}`,
        `UPDATE "LedgerAccount" SET "entryCount" = ${n + 1} WHERE "id" = 'PLATFORM_REVENUE'`,
      ],
      [
        `UPDATE "LedgerEntry" SET "sequence" = ${n} WHERE "accountId" = 'PLATFORM_REVENUE' AND "sequence" = ${n + 1}`,
        `UPDATE "LedgerAccount" SET "entryCount" = ${n} WHERE "id" = 'PLATFORM_REVENUE'`,
      ],
    );
    expect(found).toEqual([
      {
        check: "account-chain",
        subject: "PLATFORM_REVENUE",
        detail: `entryCount ${n + 1} but ${n} entries`,
      },
      {
        check: "account-chain",
        subject: "PLATFORM_REVENUE",
        detail: `entry ${n} has sequence ${n + 1}`,
      },
    ]);
  });

  test("sale positions: shares that disagree with the entries, a reversal never posted, pending money after release", async () => {
    const [released, refunded, pending] = saleIds as [string, string, string];
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: released } });
    // Fee and artist shares swapped by a cent in the recorded list (it still sums to the amount;
    // the sale's per-payee columns no longer agree with it).
    const share = (kind: string, delta: number) =>
      `UPDATE "SaleShare" SET "amountCents" = "amountCents" + ${delta} WHERE "saleId" = '${released}' AND "kind" = '${kind}'`;
    let found = await reported(
      [share("PLATFORM_FEE", 1), share("ARTIST", -1)],
      [share("PLATFORM_FEE", -1), share("ARTIST", 1)],
    );
    expect(found).toEqual([
      {
        check: "sale-shares",
        subject: released,
        detail: `platform shares ${sale.platformFeeCents + 1}, platformFeeCents ${sale.platformFeeCents}`,
      },
      {
        check: "sale-shares",
        subject: released,
        detail: `artist shares ${sale.artistCents - 1}, artistCents ${sale.artistCents}`,
      },
      {
        check: "sale-position",
        subject: released,
        detail: `platform ${sale.platformFeeCents}, expected ${sale.platformFeeCents + 1}`,
      },
      {
        check: "sale-position",
        subject: released,
        detail: `artist ${sale.artistCents}, expected ${sale.artistCents - 1}`,
      },
    ]);
    // Shares that do not sum to the amount, a second residual share, a sale without shares.
    found = await reported([share("PLATFORM_FEE", 5)], [share("PLATFORM_FEE", -5)]);
    expect(found.filter((d) => d.check === "sale-shares").map((d) => d.detail)).toEqual([
      `shares sum to ${sale.amountCents + 5}, amount ${sale.amountCents}`,
      `platform shares ${sale.platformFeeCents + 5}, platformFeeCents ${sale.platformFeeCents}`,
    ]);
    found = await reported(
      [`UPDATE "SaleShare" SET "residual" = false WHERE "saleId" = '${released}'`],
      [
        `UPDATE "SaleShare" SET "residual" = true WHERE "saleId" = '${released}' AND "kind" = 'ARTIST'`,
      ],
    );
    expect(found.map((d) => d.detail)).toContain("0 residual shares, expected 1");
    const kept = await h.db.saleShare.findMany({ where: { saleId: released } });
    const restore = kept.map(
      (k) =>
        `INSERT INTO "SaleShare" ("saleId", "position", "kind", "payee", "ownerId", "amountCents", "residual") VALUES ('${k.saleId}', ${k.position}, '${k.kind}', '${k.payee}', ${k.ownerId ? `'${k.ownerId}'` : "NULL"}, ${k.amountCents}, ${k.residual})`,
    );
    found = await reported([`DELETE FROM "SaleShare" WHERE "saleId" = '${released}'`], restore);
    expect(found[0]).toEqual({
      check: "sale-shares",
      subject: released,
      detail: "no recorded shares",
    });
    // A full refund recorded on the sale but never posted: every expected position moves.
    found = await reported(
      [
        `UPDATE "Sale" SET "reversedCents" = "amountCents", "refundedCents" = "amountCents" WHERE "id" = '${refunded}'`,
      ],
      [`UPDATE "Sale" SET "reversedCents" = 333, "refundedCents" = 333 WHERE "id" = '${refunded}'`],
    );
    expect(found.map((d) => [d.check, d.subject, d.detail.split(",")[0]])).toEqual([
      ["sale-position", refunded, "clearing -666"],
      ["sale-position", refunded, "platform 67"],
      ["sale-position", refunded, "artist 432"],
      ["sale-position", refunded, "promoter 167"],
      ["sale-status", refunded, "fully reversed but not REFUNDED"],
    ]);
    // A sale marked released whose artist and promoter money is still pending.
    found = await reported(
      [`UPDATE "Sale" SET "releasedAt" = now() WHERE "id" = '${pending}'`],
      [`UPDATE "Sale" SET "releasedAt" = NULL WHERE "id" = '${pending}'`],
    );
    expect(found).toEqual([
      {
        check: "sale-position",
        subject: pending,
        detail: "released sale still has pending artist money",
      },
      {
        check: "sale-position",
        subject: pending,
        detail: "released sale still has pending promoter money",
      },
    ]);
    // A pending sale with entries, and a sale whose entries sit on another artist's accounts.
    found = await reported(
      [`UPDATE "Sale" SET "status" = 'PENDING' WHERE "id" = '${pending}'`],
      [`UPDATE "Sale" SET "status" = 'COMPLETED' WHERE "id" = '${pending}'`],
    );
    expect(found).toEqual([
      { check: "sale-position", subject: pending, detail: "PENDING sale has ledger entries" },
    ]);
    const original = await h.db.sale.findUniqueOrThrow({ where: { id: pending } });
    const otherArtist = (await h.db.track.findUniqueOrThrow({ where: { id: otherTrackId } }))
      .artistId;
    const artistShare = await h.db.saleShare.findFirstOrThrow({
      where: { saleId: pending, kind: "ARTIST" },
    });
    found = await reported(
      [
        `UPDATE "SaleShare" SET "ownerId" = '${otherArtist}' WHERE "saleId" = '${pending}' AND "kind" = 'ARTIST'`,
      ],
      [
        `UPDATE "SaleShare" SET "ownerId" = '${artistShare.ownerId}' WHERE "saleId" = '${pending}' AND "kind" = 'ARTIST'`,
      ],
    );
    expect(found).toEqual([
      {
        check: "sale-position",
        subject: pending,
        detail:
          "1 entries on accounts other than the sale's clearing account and its shares' accounts",
      },
      {
        check: "sale-position",
        subject: pending,
        detail: `artist 0, expected ${original.artistCents}`,
      },
    ]);
  });

  test("commission statuses that disagree with the payout", async () => {
    const c = await h.db.commission.findUniqueOrThrow({ where: { saleId: saleIds[0] } });
    const found = await reported(
      [`UPDATE "Commission" SET "status" = 'PAID' WHERE "id" = '${c.id}'`],
      [`UPDATE "Commission" SET "status" = '${c.status}' WHERE "id" = '${c.id}'`],
    );
    expect(found).toEqual([
      { check: "commission-status", subject: c.id, detail: "PAID without a payout" },
    ]);
  });

  test("payouts: in transit without a ledger debit, PAID without a transfer", async () => {
    const promoter = await h.db.promoterProfile.findFirstOrThrow();
    const common = {
      payeeType: "PROMOTER" as const,
      payeeId: promoter.id,
      accountId: `PROMOTER_BALANCE:${promoter.id}`,
      connectAccountId: "acct_verify",
      amountCents: 120,
    };
    await h.db.payout.create({
      data: {
        ...common,
        id: "po_verify_a",
        status: "PROCESSING",
        idempotencyKey: "payout:po_verify_a",
      },
    });
    await h.db.payout.create({
      data: { ...common, id: "po_verify_b", status: "PAID", idempotencyKey: "payout:po_verify_b" },
    });
    try {
      expect(await verifyLedger(h.db)).toEqual([
        {
          check: "payouts-in-transit",
          subject: "PAYOUTS_IN_TRANSIT",
          detail: "holds 0 cents, payouts processing total 120",
        },
        {
          check: "payout",
          subject: "po_verify_a",
          detail: "no ledger entry took the payout from the balance",
        },
        { check: "payout", subject: "po_verify_b", detail: "PAID without a transfer id" },
        {
          check: "payout",
          subject: "po_verify_b",
          detail: "no ledger entry took the payout from the balance",
        },
      ]);
    } finally {
      await h.db.payout.deleteMany({ where: { id: { in: ["po_verify_a", "po_verify_b"] } } });
    }
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("the SQL reversal rule equals reverseShares (money/shares.ts) on 400 sales, rounding edges and lists of four shares included", async () => {
    // Sales with facts and no entries: each reports the positions settlement would post, which
    // must be exactly what the TypeScript rule computes from the same recorded list.
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 48_271) % 2_147_483_647), seed % n);
    const track = await h.db.track.findFirstOrThrow({ where: { id: otherTrackId } });
    const promoter = await h.db.promoterProfile.findFirstOrThrow();
    const recruiter = await h.makeUser();
    const second = await h.db.promoterProfile.upsert({
      where: { userId: recruiter.id },
      create: { userId: recruiter.id },
      update: {},
    });
    const sales = Array.from({ length: 400 }, (_, i) => {
      const amountCents = i < 40 ? 1 + (i % 20) : 1 + rand(i % 3 === 0 ? 100 : 100_000);
      const commissionBps = [0, 1000, 2000, 2500, 3333, 5000][i % 6]!;
      const split = splitSaleAmount({ amountCents, commissionBps, attributed: commissionBps > 0 });
      const reversedCents = i % 7 === 0 ? amountCents : rand(amountCents + 1);
      let shares: SaleShare[] = sharesOfSale({
        ...split,
        artistId: track.artistId,
        promoterId: commissionBps > 0 ? promoter.id : null,
      });
      // Every fifth attributed sale: the commission split between two promoters (a fourth share),
      // as a recruiter's share will be, to show the rule follows the list, not three columns.
      if (commissionBps > 0 && i % 5 === 0) {
        const part = Math.floor(split.commissionCents / 3);
        shares = [
          ...shares.slice(0, 2),
          { ...shares[2]!, cents: split.commissionCents - part },
          { kind: "COMMISSION", payee: "promoter", ownerId: second.id, cents: part },
        ];
      }
      return {
        id: `verify_sql_${String(i).padStart(3, "0")}`,
        ...split,
        commissionBps,
        reversedCents,
        shares,
      };
    });
    await h.db.sale.createMany({
      data: sales.map((s) => ({
        id: s.id,
        trackId: track.id,
        artistId: track.artistId,
        buyerEmail: "sql@example.com",
        amountCents: s.amountCents,
        currency: "usd",
        platformFeeCents: s.platformFeeCents,
        artistCents: s.artistCents,
        commissionCents: s.commissionCents,
        commissionBps: s.commissionBps,
        promoterId: s.commissionBps > 0 ? promoter.id : null,
        status: "REFUNDED" as const,
        reversedCents: s.reversedCents,
        downloadTokenHash: `hash_${s.id}`,
      })),
    });
    await h.db.saleShare.createMany({
      data: sales.flatMap((s) => shareRows(s.shares).map((row) => ({ ...row, saleId: s.id }))),
    });
    try {
      const found = await verifyLedger(h.db);
      const expected: Discrepancy[] = [];
      for (const s of sales) {
        const back = reverseShares(s.shares, s.amountCents, s.reversedCents);
        const net = new Map<string, [number, string]>();
        for (const [i, x] of s.shares.entries()) {
          const key = x.payee === "platform" ? "PLATFORM_REVENUE" : `${x.payee}:${x.ownerId}`;
          const order = x.payee === "platform" ? 1 : x.payee === "artist" ? 2 : 3;
          net.set(key, [(net.get(key)?.[0] ?? 0) + x.cents - back[i]!, `${order}${key}`]);
        }
        const add = (what: string, want: number) => {
          if (want !== 0)
            expected.push({
              check: "sale-position",
              subject: s.id,
              detail: `${what} 0, expected ${want}`,
            });
        };
        add("clearing", -(s.amountCents - s.reversedCents));
        for (const [key, [want]] of [...net.entries()].sort((x, y) => (x[1][1] < y[1][1] ? -1 : 1)))
          add(key === "PLATFORM_REVENUE" ? "platform" : key.split(":")[0]!, want);
      }
      expect(expected.length).toBeGreaterThan(500);
      expect(expected.some((d) => d.subject === "verify_sql_010")).toBe(true);
      expect(found).toEqual(expected);
    } finally {
      await h.db.sale.deleteMany({ where: { id: { startsWith: "verify_sql_" } } });
    }
  });
});
