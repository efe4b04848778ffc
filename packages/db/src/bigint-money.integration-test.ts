import fs from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { cents, centsOrNull } from "./cents";
import { migrationsDir } from "./migrate";

const MIGRATION = "20261128160000_bigint_money";
const INT4_MAX = 2_147_483_647;

/** Every migration's SQL in order, split at the BIGINT one: [before it, it]. */
function migrationScripts(): [string[], string] {
  const names = fs.readdirSync(migrationsDir()).filter((n) => /^\d{14}_/.test(n));
  names.sort();
  const i = names.indexOf(MIGRATION);
  if (i < 0) throw new Error(`migration ${MIGRATION} not found`);
  const sql = (n: string) =>
    fs.readFileSync(path.join(migrationsDir(), n, "migration.sql"), "utf8");
  return [names.slice(0, i).map(sql), sql(MIGRATION)];
}

describe("BIGINT money (migration bigint_money)", () => {
  // The migrations' own SQL on an in-memory database: the state before, data, then the migration.
  const pg = new PGlite();
  const [before, bigint] = migrationScripts();
  const q = async <T>(sql: string, params: unknown[] = []) => (await pg.query<T>(sql, params)).rows;
  /** Posts one balanced two-line ledger transaction the way `postLedgerTransaction` writes it. */
  const post = async (tx: string, lines: [string, number, number, number][]) => {
    await pg.transaction(async (t) => {
      for (const [account, sequence, amount, balanceBefore] of lines)
        await t.query(
          `INSERT INTO "LedgerEntry" ("id", "transactionId", "accountId", "sequence", "amountCents", "balanceBeforeCents", "balanceAfterCents", "kind", "description")
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'ADJUSTMENT', 'test')`,
          [
            `${tx}:${account}`,
            tx,
            account,
            sequence,
            amount,
            balanceBefore,
            balanceBefore + amount,
          ],
        );
    });
  };

  beforeAll(async () => {
    for (const sql of before) await pg.exec(sql);
    await pg.exec(`
      INSERT INTO "LedgerAccount" ("id", "type", "balanceCents", "entryCount", "updatedAt") VALUES
        ('PLATFORM_REVENUE', 'PLATFORM_REVENUE', ${INT4_MAX}, 1, now()),
        ('BUYER_CLEARING', 'BUYER_CLEARING', ${-INT4_MAX}, 1, now());`);
    await post("tx_max", [
      ["PLATFORM_REVENUE", 1, INT4_MAX, 0],
      ["BUYER_CLEARING", 1, -INT4_MAX, 0],
    ]);
    await pg.exec(bigint);
  });
  afterAll(async () => {
    await pg.close();
  });

  test("the migration keeps every value (the largest int4 balances and entries read back unchanged)", async () => {
    expect(
      await q<{ id: string; balanceCents: string }>(
        `SELECT "id", "balanceCents"::text FROM "LedgerAccount" ORDER BY "id"`,
      ),
    ).toEqual([
      { id: "BUYER_CLEARING", balanceCents: String(-INT4_MAX) },
      { id: "PLATFORM_REVENUE", balanceCents: String(INT4_MAX) },
    ]);
    const [entry] = await q<Record<string, unknown>>(
      `SELECT "amountCents"::text, "balanceBeforeCents"::text, "balanceAfterCents"::text FROM "LedgerEntry" WHERE "accountId" = 'PLATFORM_REVENUE'`,
    );
    expect(entry).toEqual({
      amountCents: String(INT4_MAX),
      balanceBeforeCents: "0",
      balanceAfterCents: String(INT4_MAX),
    });
    const types = await q<{ column: string; type: string }>(
      `SELECT table_name || '.' || column_name AS "column", data_type AS "type" FROM information_schema.columns
       WHERE column_name IN ('balanceCents', 'amountCents', 'balanceBeforeCents', 'balanceAfterCents', 'earningsCents', 'grossCents', 'artistCents', 'commissionsCents', 'commissionCents')
       ORDER BY 1`,
    );
    const bigints = types.filter((t) => t.type === "bigint").map((t) => t.column);
    expect(bigints).toEqual([
      "AffiliateLink.commissionCents",
      "LeaderboardSnapshot.commissionCents",
      "LedgerAccount.balanceCents",
      "LedgerEntry.amountCents",
      "LedgerEntry.balanceAfterCents",
      "LedgerEntry.balanceBeforeCents",
      "Payout.amountCents",
      "PromoterProfile.earningsCents",
      "Track.artistCents",
      "Track.commissionsCents",
      "Track.grossCents",
    ]);
  });

  test("an account passes $21,474,836.47: the chain trigger compares bigints, and still refuses a break", async () => {
    // Entry 2 takes the platform's balance from 2^31 - 1 to 2^31 + 999_999_999 cents.
    await post("tx_past", [
      ["PLATFORM_REVENUE", 2, 1_000_000_000, INT4_MAX],
      ["BUYER_CLEARING", 2, -1_000_000_000, -INT4_MAX],
    ]);
    const [last] = await q<{ balanceAfterCents: string }>(
      `SELECT "balanceAfterCents"::text FROM "LedgerEntry" WHERE "accountId" = 'PLATFORM_REVENUE' AND "sequence" = 2`,
    );
    expect(cents(last!.balanceAfterCents)).toBe(INT4_MAX + 1_000_000_000);
    // One cent off at that size is still a broken chain.
    await expect(
      post("tx_break", [
        ["PLATFORM_REVENUE", 3, 5, INT4_MAX + 1_000_000_000 - 1],
        ["BUYER_CLEARING", 3, -5, -INT4_MAX - 1_000_000_000],
      ]),
    ).rejects.toThrow(/starts at 3147483646 cents; entry 2 ended at 3147483647 cents/);
  });
});

describe("cents(): BIGINT money as integer-cent numbers", () => {
  test("bigints, numbers and SQL numeric strings up to 2^53 - 1 cents convert exactly", () => {
    expect(cents(0n)).toBe(0);
    expect(cents(-3_147_483_647n)).toBe(-3_147_483_647);
    expect(cents(BigInt(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(cents(-Number.MAX_SAFE_INTEGER)).toBe(-Number.MAX_SAFE_INTEGER);
    expect(cents("123456789012")).toBe(123_456_789_012);
    expect(centsOrNull(null)).toBeNull();
    expect(centsOrNull(undefined)).toBeNull();
    expect(centsOrNull(7n)).toBe(7);
  });

  test("refuses what a number cannot hold to the cent", () => {
    expect(() => cents(BigInt(Number.MAX_SAFE_INTEGER) + 1n)).toThrow(RangeError);
    expect(() => cents(-(2n ** 60n))).toThrow(/not a safe integer amount/);
    expect(() => cents(1.5)).toThrow(RangeError);
    expect(() => cents("12.5")).toThrow(RangeError);
    expect(() => cents("9007199254740993")).toThrow(RangeError);
  });
});
