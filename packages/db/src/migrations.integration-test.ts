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
    });
    afterAll(async () => {
      await t.close();
    });

    test("refuses to update or delete a ledger entry", async () => {
      await t.db.ledgerAccount.create({ data: { id: "PLATFORM_REVENUE", type: "PLATFORM_REVENUE" } });
      const entry = await t.db.ledgerEntry.create({
        data: {
          transactionId: "tx_1",
          accountId: "PLATFORM_REVENUE",
          sequence: 1,
          amountCents: 100,
          balanceBeforeCents: 0,
          balanceAfterCents: 100,
          kind: "ADJUSTMENT",
          description: "test",
        },
      });
      await expect(t.db.ledgerEntry.update({ where: { id: entry.id }, data: { amountCents: 5 } })).rejects.toThrow(/immutable/);
      await expect(t.db.ledgerEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/immutable/);
    });

    test("refuses a ledger entry whose balances do not add up", async () => {
      await expect(
        t.db.ledgerEntry.create({
          data: {
            transactionId: "tx_2",
            accountId: "PLATFORM_REVENUE",
            sequence: 2,
            amountCents: 100,
            balanceBeforeCents: 0,
            balanceAfterCents: 99,
            kind: "ADJUSTMENT",
            description: "bad",
          },
        }),
      ).rejects.toThrow();
    });
  });
});
