import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { PrismaClient } from "@fanfare/db";
import {
  DISPUTE_STATES,
  LEDGER_ENTRY_KINDS,
  PAYMENT_FACT_KINDS,
  SALE_SHARE_KINDS,
  SHARE_PAYEES,
} from "@fanfare/db";
import type { TestDb } from "@fanfare/db/testing";
import { createTestDb } from "@fanfare/db/testing";

import { postLedgerTransaction } from "./post-transaction";

/** The quoted values of a CHECK constraint's definition, in order. */
async function constraintValues(db: PrismaClient, name: string): Promise<string[]> {
  const [row] = await db.$queryRaw<{ def: string }[]>`
    SELECT pg_get_constraintdef(oid) AS "def" FROM pg_constraint WHERE conname = ${name}`;
  expect(row, `constraint ${name} exists`).toBeDefined();
  return [...row!.def.matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe("the money tables' kinds are closed lists (packages/db/src/kinds.ts = the CHECK constraints)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(() => t.close());

  test("LedgerEntry.kind admits exactly LEDGER_ENTRY_KINDS", async () => {
    expect(await constraintValues(t.db, "LedgerEntry_kind_known")).toEqual([...LEDGER_ENTRY_KINDS]);
  });

  test("PaymentFact admits a REFUND_TOTAL 'recorded' and a DISPUTE in one of DISPUTE_STATES", async () => {
    const values = await constraintValues(t.db, "PaymentFact_kind_status_known");
    expect(new Set(values)).toEqual(
      new Set([...PAYMENT_FACT_KINDS, ...DISPUTE_STATES, "recorded"]),
    );
    const fact = (id: string, kind: string, status: string) =>
      t.db.paymentFact.create({
        data: { id, paymentIntentId: "pi_kinds", kind, amountCents: 100, status, eventCreated: 1 },
      });
    await expect(fact("refund:pi_kinds", "REFUND_TOTAL", "recorded")).resolves.toBeDefined();
    await expect(fact("dispute:dp_kinds", "DISPUTE", "open")).resolves.toBeDefined();
    await expect(fact("dispute:dp_bad", "DISPUTE", "recorded")).rejects.toThrow(
      /PaymentFact_kind_status_known/,
    );
    await expect(fact("chargeback:x", "CHARGEBACK", "open")).rejects.toThrow(
      /PaymentFact_kind_status_known/,
    );
  });

  test("SaleShare admits exactly SALE_SHARE_KINDS paying one of SHARE_PAYEES, with an owner for all but the platform and one residual share per sale", async () => {
    expect(await constraintValues(t.db, "SaleShare_kind_known")).toEqual([...SALE_SHARE_KINDS]);
    expect(await constraintValues(t.db, "SaleShare_payee_known")).toEqual([...SHARE_PAYEES]);
    expect(await constraintValues(t.db, "SaleShare_owner_matches_payee")).toEqual(["platform"]);
    const [residual] = await t.db.$queryRaw<{ def: string }[]>`
      SELECT indexdef AS "def" FROM pg_indexes WHERE indexname = 'SaleShare_one_residual'`;
    expect(residual?.def).toMatch(/UNIQUE INDEX .* \("saleId"\) WHERE residual/);
  });

  test("a ledger transaction of an unknown kind is refused and writes nothing", async () => {
    const post = (kind: string, transactionId: string) =>
      t.db.$transaction((tx) =>
        postLedgerTransaction(tx, {
          transactionId,
          kind: kind as never,
          description: "kinds test",
          lines: [
            { type: "BUYER_CLEARING", amountCents: -100 },
            { type: "PLATFORM_REVENUE", amountCents: 100 },
          ],
        }),
      );
    await expect(post("BONUS", "kinds:unknown")).rejects.toThrow(/LedgerEntry_kind_known/);
    expect(await t.db.ledgerEntry.count({ where: { transactionId: "kinds:unknown" } })).toBe(0);
    await expect(post("ADJUSTMENT", "kinds:known")).resolves.toBeDefined();
    expect(await t.db.ledgerEntry.count({ where: { transactionId: "kinds:known" } })).toBe(2);
  });
});
