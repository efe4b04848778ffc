import type { Prisma, PrismaClient } from "@fanfare/db";

export type Discrepancy = { check: string; subject: string; detail: string };

type Tx = Prisma.TransactionClient;

/** A count or sum from SQL (bigint, numeric string or number) as a JS number, guarded at 2^53. */
function num(v: unknown): number {
  const n = typeof v === "number" ? v : Number(v as bigint | string);
  if (!Number.isSafeInteger(n))
    throw new RangeError(`verifyLedger: ${String(v)} is not a safe integer.`);
  return n;
}

/**
 * Checks every ledger invariant over the whole database and returns each violation (empty when
 * the books are clean). Read-only, in one REPEATABLE READ snapshot, so it can run beside live
 * traffic and sees one consistent state. The checks:
 * 1. every ledger transaction's entries sum to zero;
 * 2. every account's balance equals the sum of its entries, and its entries form an unbroken
 *    chain (sequence 1..n, each balance before = the previous balance after);
 * 3. all account balances together sum to zero;
 * 4. each completed/refunded sale's entries match its amount minus reversals (clearing, platform,
 *    artist and promoter positions; none on any other account) and pending/failed sales have none;
 * 5. PAYOUTS_IN_TRANSIT holds exactly the payouts PROCESSING; every PAID payout has a transfer;
 *    no payout took more than the balance it was paid from (balance after ≥ 0);
 * 6. commission statuses agree with their sale and payout.
 *
 * Every check is a set-based SQL aggregate (nothing is loaded row by row into Node; only the
 * violations come back): (1) one GROUP BY over the entries; (2, 3) one pass of window functions
 * over each account's entries in `sequence` order (row_number, LAG of the balance after, running
 * sum) joined to the accounts; (4, 6) one join of sales, tracks, commissions and their entries,
 * with the reversal rule of `money/reversal.ts` (`reversedShares`) written in SQL; (5) small
 * aggregates over payouts. Cost: a few sequential passes over `LedgerEntry` (see
 * bench/README.md "Scale data set" for the time at 10M sales / 40M entries).
 */
export async function verifyLedger(db: PrismaClient): Promise<Discrepancy[]> {
  return db.$transaction(
    async (tx) => {
      // Sorts and hashes of millions of rows stay in memory (or spill in large runs).
      await tx.$executeRawUnsafe(`SET LOCAL work_mem = '512MB'`);
      // The sale check's reversal rule is a large expression: compiling it (JIT) costs seconds
      // and saves nothing measurable on plain integer arithmetic.
      await tx.$executeRawUnsafe(`SET LOCAL jit = off`);
      const out: Discrepancy[] = [];
      const add = (check: string, subject: string, detail: string) =>
        out.push({ check, subject, detail });
      await checkTransactions(tx, add);
      await checkAccounts(tx, add);
      await checkSales(tx, add);
      await checkPayouts(tx, add);
      return out;
    },
    { isolationLevel: "RepeatableRead", timeout: 24 * 3_600_000, maxWait: 60_000 },
  );
}

type Add = (check: string, subject: string, detail: string) => void;

/** 1. Each ledger transaction's entries sum to zero. */
async function checkTransactions(tx: Tx, add: Add) {
  const rows = await tx.$queryRaw<{ transactionId: string; total: unknown }[]>`
    SELECT "transactionId", SUM("amountCents")::bigint AS "total" FROM "LedgerEntry"
    GROUP BY "transactionId" HAVING SUM("amountCents") <> 0 ORDER BY "transactionId"`;
  for (const u of rows)
    add("transaction-balances", u.transactionId, `entries sum to ${num(u.total)} cents`);
}

/**
 * 2 and 3. One ordered pass of window functions over each account's entries (by `sequence`):
 * row_number, LAG of the balance after, the running sum, and whether a row is the account's
 * last. A row comes back for every break in the chain (sequence ≠ its position, balance before ≠
 * the previous entry's balance after); each account's last row carries its entry count and sum
 * and is compared with the account (an account without entries compares with 0 and 0, entries
 * without an account are reported).
 */
async function checkAccounts(tx: Tx, add: Add) {
  const rows = await tx.$queryRaw<
    {
      kind: "break" | "total";
      id: string;
      sequence: unknown;
      position: unknown;
      before: unknown;
      previous: unknown;
      balance: unknown;
      entryCount: unknown;
    }[]
  >`
    WITH chain AS (
      SELECT "accountId", "sequence", "balanceBeforeCents",
        row_number() OVER w AS "position",
        COALESCE(LAG("balanceAfterCents") OVER w, 0) AS "previous",
        SUM("amountCents"::bigint) OVER w AS "running",
        LEAD("sequence") OVER w IS NULL AS "last"
      FROM "LedgerEntry"
      WINDOW w AS (PARTITION BY "accountId" ORDER BY "sequence")
    ), marked AS MATERIALIZED (
      SELECT * FROM chain WHERE "last" OR "sequence" <> "position" OR "balanceBeforeCents" <> "previous"
    )
    SELECT 'break' AS "kind", "accountId" AS "id", "sequence"::bigint AS "sequence", "position", "balanceBeforeCents"::bigint AS "before", "previous"::bigint AS "previous",
      NULL::bigint AS "balance", NULL::bigint AS "entryCount"
    FROM marked WHERE "sequence" <> "position" OR "balanceBeforeCents" <> "previous"
    UNION ALL
    SELECT 'total', COALESCE(a."id", m."accountId"), NULL, COALESCE(m."position", 0), COALESCE(m."running", 0), NULL, a."balanceCents"::bigint, a."entryCount"::bigint
    FROM "LedgerAccount" a FULL JOIN (SELECT * FROM marked WHERE "last") m ON m."accountId" = a."id"
    WHERE a."id" IS NULL OR a."balanceCents" <> COALESCE(m."running", 0) OR a."entryCount" <> COALESCE(m."position", 0)
    ORDER BY 2, 1 DESC, 4`;
  // Per account: the totals first, then the breaks in chain order (the order the checks read).
  for (const r of rows) {
    if (r.kind === "total") {
      // position = the number of entries, before = their sum.
      if (r.balance == null)
        add(
          "account-balance",
          r.id,
          `entries on an account that does not exist (${num(r.position)} entries, sum ${num(r.before)})`,
        );
      else {
        if (num(r.balance) !== num(r.before))
          add(
            "account-balance",
            r.id,
            `balance ${num(r.balance)} cents but entries sum to ${num(r.before)}`,
          );
        if (num(r.entryCount) !== num(r.position))
          add(
            "account-chain",
            r.id,
            `entryCount ${num(r.entryCount)} but ${num(r.position)} entries`,
          );
      }
    } else {
      if (num(r.sequence) !== num(r.position))
        add("account-chain", r.id, `entry ${num(r.position)} has sequence ${num(r.sequence)}`);
      if (num(r.before) !== num(r.previous))
        add(
          "account-chain",
          r.id,
          `entry ${num(r.sequence)}: balance before ${num(r.before)}, previous after ${num(r.previous)}`,
        );
    }
  }
  const [grand] = await tx.$queryRaw<
    { total: unknown }[]
  >`SELECT COALESCE(SUM("balanceCents"), 0)::bigint AS "total" FROM "LedgerAccount"`;
  if (num(grand!.total) !== 0)
    add("books-balance", "all accounts", `balances sum to ${num(grand!.total)} cents`);
}

type SaleRow = {
  id: string;
  status: string;
  amount: unknown;
  reversed: unknown;
  promoterId: string | null;
  released: boolean;
  entries: unknown;
  other: unknown;
  clearing: unknown;
  platform: unknown;
  artistPending: unknown;
  artist: unknown;
  promoter: unknown;
  expClearing: unknown;
  expPlatform: unknown;
  expArtist: unknown;
  expPromoter: unknown;
  commissionId: string | null;
  commissionStatus: string | null;
  payoutId: string | null;
  commissionFullyReversed: boolean | null;
};

/**
 * 4 and 6. Every sale's posted entries summed per expected account in one join, compared with
 * the position settlement computes (`settleSale`): clearing −(A − T), platform F − f, artist
 * R − r (pending + payable, nothing pending once released), promoter C − c, where T is the
 * sale's reversed amount and (f, r, c) = `reversedShares(sale, T)` — ported to SQL below
 * (share × T ÷ A rounded half up on the fee and the commission, the artist the clamped remainder,
 * the fee then the commission absorbing a 1-cent clamp). Only violating sales come back.
 */
async function checkSales(tx: Tx, add: Add) {
  const rows = await tx.$queryRaw<SaleRow[]>`
    WITH posted AS (
      SELECT s."id", s."status"::text AS "status", s."amountCents"::bigint AS a, s."platformFeeCents"::bigint AS f, s."artistCents"::bigint AS r,
        s."commissionCents"::bigint AS c, s."reversedCents"::bigint AS t, s."promoterId", s."releasedAt" IS NOT NULL AS "released",
        cm."id" AS "commissionId", cm."status"::text AS "commissionStatus", cm."payoutId", cm."reversedCents" = cm."amountCents" AS "commissionFullyReversed",
        COUNT(e."id") AS "entries",
        COUNT(e."id") FILTER (WHERE e."accountId" NOT IN ('BUYER_CLEARING', 'PLATFORM_REVENUE', tr."ap", tr."ab")
          AND (pr."id" IS NULL OR e."accountId" NOT IN (pr."pp", pr."pb"))) AS "other",
        COALESCE(SUM(e."amountCents") FILTER (WHERE e."accountId" = 'BUYER_CLEARING'), 0) AS "clearing",
        COALESCE(SUM(e."amountCents") FILTER (WHERE e."accountId" = 'PLATFORM_REVENUE'), 0) AS "platform",
        COALESCE(SUM(e."amountCents") FILTER (WHERE e."accountId" = tr."ap"), 0) AS "artistPending",
        COALESCE(SUM(e."amountCents") FILTER (WHERE e."accountId" IN (tr."ap", tr."ab")), 0) AS "artist",
        COALESCE(SUM(e."amountCents") FILTER (WHERE e."accountId" IN (pr."pp", pr."pb")), 0) AS "promoter"
      FROM "Sale" s
      -- The expected account ids, built once per track and promoter (OFFSET 0 keeps the
      -- subqueries from being flattened into a concatenation per entry).
      JOIN (SELECT "id", 'ARTIST_PENDING:' || "artistId" AS "ap", 'ARTIST_BALANCE:' || "artistId" AS "ab" FROM "Track" OFFSET 0) tr ON tr."id" = s."trackId"
      LEFT JOIN (SELECT "id", 'PROMOTER_PENDING:' || "id" AS "pp", 'PROMOTER_BALANCE:' || "id" AS "pb" FROM "PromoterProfile" OFFSET 0) pr ON pr."id" = s."promoterId"
      LEFT JOIN "Commission" cm ON cm."saleId" = s."id"
      LEFT JOIN "LedgerEntry" e ON e."saleId" = s."id"
      GROUP BY s."id", tr."ap", tr."ab", pr."id", pr."pp", pr."pb", cm."id"
    ), prop AS (
      -- reversedShares: share × T ÷ A rounded half up (exact integers), whole shares at T = A.
      SELECT p.*,
        CASE WHEN t = 0 OR a = 0 THEN 0 WHEN t = a THEN f ELSE (f * t * 2 + a) / (2 * a) END AS f0,
        CASE WHEN t = 0 OR a = 0 THEN 0 WHEN t = a THEN c ELSE (c * t * 2 + a) / (2 * a) END AS c0
      FROM posted p
    ), art AS (
      SELECT prop.*, CASE WHEN t = 0 OR a = 0 THEN 0 WHEN t = a THEN r ELSE GREATEST(0, LEAST(r, t - f0 - c0)) END AS r0 FROM prop
    ), clamp AS (
      SELECT art.*, t - f0 - c0 - r0 AS rest,
        CASE WHEN t - f0 - c0 - r0 > 0 THEN LEAST(t - f0 - c0 - r0, f - f0) ELSE GREATEST(t - f0 - c0 - r0, -f0) END AS "toFee"
      FROM art
    ), expected AS (
      SELECT clamp.*, -(a - t) AS "expClearing", f - (f0 + "toFee") AS "expPlatform", r - r0 AS "expArtist", c - (c0 + rest - "toFee") AS "expPromoter"
      FROM clamp
    )
    SELECT "id", "status", a AS "amount", t AS "reversed", "promoterId", "released", "entries", "other", "clearing", "platform", "artistPending", "artist", "promoter",
      "expClearing", "expPlatform", "expArtist", "expPromoter", "commissionId", "commissionStatus", "payoutId", "commissionFullyReversed"
    FROM expected
    WHERE CASE WHEN "status" IN ('PENDING', 'FAILED') THEN "entries" > 0
      ELSE "other" > 0 OR "clearing" <> "expClearing" OR "platform" <> "expPlatform" OR "artist" <> "expArtist"
        OR ("released" AND "artistPending" <> 0) OR ("promoterId" IS NOT NULL AND "promoter" <> "expPromoter")
        OR (t = a AND "status" <> 'REFUNDED')
        OR ("payoutId" IS NOT NULL AND "commissionStatus" <> 'PAID') OR ("payoutId" IS NULL AND "commissionStatus" = 'PAID')
        OR ("payoutId" IS NULL AND "commissionFullyReversed" AND "commissionStatus" <> 'CANCELLED') END
    ORDER BY "id"`;
  for (const s of rows) {
    if (s.status === "PENDING" || s.status === "FAILED") {
      add("sale-position", s.id, `${s.status} sale has ledger entries`);
      continue;
    }
    if (num(s.other) > 0)
      add(
        "sale-position",
        s.id,
        `${num(s.other)} entries on accounts other than the sale's clearing, platform, artist and promoter accounts`,
      );
    if (num(s.clearing) !== num(s.expClearing))
      add("sale-position", s.id, `clearing ${num(s.clearing)}, expected ${num(s.expClearing)}`);
    if (num(s.platform) !== num(s.expPlatform))
      add("sale-position", s.id, `platform ${num(s.platform)}, expected ${num(s.expPlatform)}`);
    if (num(s.artist) !== num(s.expArtist))
      add("sale-position", s.id, `artist ${num(s.artist)}, expected ${num(s.expArtist)}`);
    if (s.released && num(s.artistPending) !== 0)
      add("sale-position", s.id, "released sale still has pending artist money");
    if (s.promoterId && num(s.promoter) !== num(s.expPromoter))
      add("sale-position", s.id, `promoter ${num(s.promoter)}, expected ${num(s.expPromoter)}`);
    if (num(s.reversed) === num(s.amount) && s.status !== "REFUNDED")
      add("sale-status", s.id, "fully reversed but not REFUNDED");
    if (s.commissionId) {
      if (s.payoutId && s.commissionStatus !== "PAID")
        add(
          "commission-status",
          s.commissionId,
          `has payout ${s.payoutId} but is ${s.commissionStatus}`,
        );
      if (!s.payoutId && s.commissionStatus === "PAID")
        add("commission-status", s.commissionId, "PAID without a payout");
      if (!s.payoutId && s.commissionFullyReversed && s.commissionStatus !== "CANCELLED")
        add("commission-status", s.commissionId, `fully reversed but ${s.commissionStatus}`);
    }
  }
}

/**
 * 5. PAYOUTS_IN_TRANSIT equals the payouts requested or processing; each payout's debit (entry of
 * kind PAYOUT in transaction `payout:<id>` on the payout's account, found through the
 * (transactionId, accountId) index) exists and did not end below zero; PAID has a transfer.
 */
async function checkPayouts(tx: Tx, add: Add) {
  const [transit] = await tx.$queryRaw<{ inTransit: unknown; processing: unknown }[]>`
    SELECT COALESCE((SELECT "balanceCents" FROM "LedgerAccount" WHERE "id" = 'PAYOUTS_IN_TRANSIT'), 0)::bigint AS "inTransit",
      COALESCE((SELECT SUM("amountCents") FROM "Payout" WHERE "status" IN ('PROCESSING', 'REQUESTED')), 0)::bigint AS "processing"`;
  if (num(transit!.inTransit) !== num(transit!.processing))
    add(
      "payouts-in-transit",
      "PAYOUTS_IN_TRANSIT",
      `holds ${num(transit!.inTransit)} cents, payouts processing total ${num(transit!.processing)}`,
    );
  const rows = await tx.$queryRaw<
    {
      id: string;
      status: string;
      stripeTransferId: string | null;
      amount: unknown;
      debitId: string | null;
      before: unknown;
      after: unknown;
    }[]
  >`
    SELECT p."id", p."status"::text AS "status", p."stripeTransferId", p."amountCents" AS "amount", e."id" AS "debitId",
      e."balanceBeforeCents" AS "before", e."balanceAfterCents" AS "after"
    FROM "Payout" p
    LEFT JOIN "LedgerEntry" e ON e."transactionId" = 'payout:' || p."id" AND e."accountId" = p."accountId" AND e."kind" = 'PAYOUT'
    WHERE (p."status" = 'PAID' AND p."stripeTransferId" IS NULL) OR e."id" IS NULL OR e."balanceAfterCents" < 0
    ORDER BY p."id"`;
  for (const p of rows) {
    if (p.status === "PAID" && !p.stripeTransferId)
      add("payout", p.id, "PAID without a transfer id");
    if (!p.debitId) add("payout", p.id, "no ledger entry took the payout from the balance");
    else if (num(p.after) < 0)
      add(
        "payout-exceeds-earnings",
        p.id,
        `paid ${num(p.amount)} cents from a balance of ${num(p.before)}`,
      );
  }
}
