import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { diffMigrationsToSchema } from "./migrate";
import type { TestDb } from "./testing";
import { createTestDb } from "./testing";

describe("migrations", () => {
  test("the schema and the migrations agree (run `pnpm db:migrate:new <name>` when this fails)", async () => {
    const { drift, sql } = await diffMigrationsToSchema();
    expect(sql.trim() === "" || sql.includes("empty migration") ? "" : sql).toBe("");
    expect(drift).toBe(false);
  });

  describe("on a migrated database", () => {
    let t: TestDb;
    beforeAll(async () => {
      t = await createTestDb();
      await t.db.ledgerAccount.createMany({
        data: [
          { id: "PLATFORM_REVENUE", type: "PLATFORM_REVENUE" },
          { id: "BUYER_CLEARING", type: "BUYER_CLEARING" },
          { id: "PROMOTER_BALANCE:p1", type: "PROMOTER_BALANCE", ownerId: "p1" },
          { id: "PAYOUTS_IN_TRANSIT", type: "PAYOUTS_IN_TRANSIT" },
        ],
      });
    });
    afterAll(async () => {
      await t.close();
    });

    type Line = {
      accountId: string;
      sequence: number;
      amountCents: number;
      before: number;
      kind?: string;
    };
    /** Writes the entries of one ledger transaction in one database transaction. */
    const post = (transactionId: string, lines: Line[]) =>
      t.db.$transaction(async (tx) => {
        const entries = [];
        for (const l of lines) {
          entries.push(
            await tx.ledgerEntry.create({
              data: {
                transactionId,
                accountId: l.accountId,
                sequence: l.sequence,
                amountCents: l.amountCents,
                balanceBeforeCents: l.before,
                balanceAfterCents: l.before + l.amountCents,
                kind: l.kind ?? "ADJUSTMENT",
                description: "test",
              },
            }),
          );
        }
        return entries;
      });

    // The tests below build one ledger in order, each starting where the previous one left it.
    test("refuses to update or delete a ledger entry", async () => {
      const [entry] = await post("tx_1", [
        { accountId: "PLATFORM_REVENUE", sequence: 1, amountCents: 100, before: 0 },
        { accountId: "BUYER_CLEARING", sequence: 1, amountCents: -100, before: 0 },
      ]);
      await expect(
        t.db.ledgerEntry.update({ where: { id: entry!.id }, data: { amountCents: 5 } }),
      ).rejects.toThrow(/immutable/);
      await expect(t.db.ledgerEntry.delete({ where: { id: entry!.id } })).rejects.toThrow(
        /immutable/,
      );
    });

    test("refuses a ledger entry whose balances do not add up", async () => {
      await expect(
        t.db.ledgerEntry.create({
          data: {
            transactionId: "tx_2",
            accountId: "PLATFORM_REVENUE",
            sequence: 2,
            amountCents: 100,
            balanceBeforeCents: 100,
            balanceAfterCents: 199,
            kind: "ADJUSTMENT",
            description: "bad",
          },
        }),
      ).rejects.toThrow(/LedgerEntry_balance_check/);
    });

    test("refuses, at commit, a ledger transaction whose entries do not sum to zero; nothing of it stays", async () => {
      await expect(
        post("tx_3", [
          { accountId: "PLATFORM_REVENUE", sequence: 2, amountCents: 100, before: 100 },
          { accountId: "BUYER_CLEARING", sequence: 2, amountCents: -99, before: -100 },
        ]),
      ).rejects.toThrow(/does not balance: its entries sum to 1 cents/);
      expect(await t.db.ledgerEntry.count({ where: { transactionId: "tx_3" } })).toBe(0);
    });

    test("refuses an entry that does not start where the account's previous entry ended, or skips a sequence", async () => {
      await expect(
        post("tx_4", [
          { accountId: "PLATFORM_REVENUE", sequence: 2, amountCents: 50, before: 90 },
          { accountId: "BUYER_CLEARING", sequence: 2, amountCents: -50, before: -100 },
        ]),
      ).rejects.toThrow(/starts at 90 cents; entry 1 ended at 100 cents/);
      await expect(
        post("tx_5", [
          { accountId: "PLATFORM_REVENUE", sequence: 3, amountCents: 50, before: 100 },
          { accountId: "BUYER_CLEARING", sequence: 2, amountCents: -50, before: -100 },
        ]),
      ).rejects.toThrow(/has no entry 2 before it/);
      await expect(
        post("tx_6", [
          { accountId: "PROMOTER_BALANCE:p1", sequence: 1, amountCents: 50, before: 10 },
          { accountId: "BUYER_CLEARING", sequence: 2, amountCents: -50, before: -100 },
        ]),
      ).rejects.toThrow(/starts at 10 cents; entry 0 ended at 0 cents/);
    });

    test("refuses a payout that takes more than the balance held", async () => {
      await post("tx_7", [
        { accountId: "PROMOTER_BALANCE:p1", sequence: 1, amountCents: 300, before: 0 },
        { accountId: "BUYER_CLEARING", sequence: 2, amountCents: -300, before: -100 },
      ]);
      await expect(
        post("tx_8", [
          {
            accountId: "PROMOTER_BALANCE:p1",
            sequence: 2,
            amountCents: -301,
            before: 300,
            kind: "PAYOUT",
          },
          {
            accountId: "PAYOUTS_IN_TRANSIT",
            sequence: 1,
            amountCents: 301,
            before: 0,
            kind: "PAYOUT",
          },
        ]),
      ).rejects.toThrow(/LedgerEntry_payout_not_overdrawn/);
      // The whole balance may go.
      await post("tx_9", [
        {
          accountId: "PROMOTER_BALANCE:p1",
          sequence: 2,
          amountCents: -300,
          before: 300,
          kind: "PAYOUT",
        },
        {
          accountId: "PAYOUTS_IN_TRANSIT",
          sequence: 1,
          amountCents: 300,
          before: 0,
          kind: "PAYOUT",
        },
      ]);
    });
  });
});
