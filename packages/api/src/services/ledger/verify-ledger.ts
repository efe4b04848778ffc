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
 * 4. each sale's recorded shares sum to its amount (one residual share, per-payee sums equal to
 *    the sale's columns); each completed/refunded sale's entries match its shares net of the
 *    reversal (clearing, platform, each artist's and promoter's place; none on any other
 *    account) and pending/failed sales have none;
 * 5. PAYOUTS_IN_TRANSIT holds exactly the payouts PROCESSING; every PAID payout has a transfer;
 *    no payout took more than the balance it was paid from (balance after ≥ 0);
 * 6. commission statuses agree with their sale and payout;
 * 7. write-offs only ever bring a terminated promoter's negative balance to zero;
 * 8. promotions: PLATFORM_PROMOTIONS moves only in MILESTONE_BONUS and CONTEST_PRIZE
 *    transactions, each exactly its award row's amount to that promoter's payable balance, and
 *    every award row with money has its transaction.
 *
 * Every check is a set-based SQL aggregate (nothing is loaded row by row into Node; only the
 * violations come back): (1) one GROUP BY over the entries; (2, 3) one pass of window functions
 * over each account's entries in `sequence` order (row_number, LAG of the balance after, running
 * sum) joined to the accounts; (4, 6) one join of sales, tracks, commissions and their entries,
 * with the reversal rule of `money/shares.ts` (`reverseShares`) written in SQL over each sale's
 * list of shares; (5) small
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
      await checkWriteOffs(tx, add);
      await checkPromotions(tx, add);
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

/** Where a sale's money sits, in the order discrepancies about one sale are reported. */
const POSITION_LABEL: Record<string, [number, string]> = {
  BUYER_CLEARING: [0, "clearing"],
  PLATFORM_REVENUE: [1, "platform"],
  ARTIST: [2, "artist"],
  PROMOTER: [3, "promoter"],
  LABEL: [4, "label"],
};

/**
 * 4 and 6. Each sale's recorded shares (`SaleShare`), its posted entries and its statuses:
 * - shares: a sale has shares that sum to its amount, exactly one residual share, and per-payee
 *   sums equal to the sale's platformFeeCents / artistCents / commissionCents / recruiterCents /
 *   labelCents;
 * - position: the entries posted for each completed or refunded sale, summed per place (buyer
 *   clearing, platform revenue, each artist's and each promoter's pending + payable accounts),
 *   equal what settlement computes from the same list: clearing −(A − T) and each share net of
 *   `reverseShares(shares, A, T)` (money/shares.ts) — ported to SQL below over any number of
 *   shares (share × T ÷ A rounded half up, the residual share the clamped remainder, the other
 *   shares absorbing a clamp in list order); no entries elsewhere; nothing pending once
 *   released; none at all for pending or failed sales;
 * - statuses: a fully reversed sale is REFUNDED; a commission is PAID exactly when it has a
 *   payout, and CANCELLED when fully reversed and unpaid.
 * Each is one set-based statement; only violating sales come back, reported in sale id order.
 */
async function checkSales(tx: Tx, add: Add) {
  const bySale = new Map<string, Discrepancy[]>();
  const push = (saleId: string, check: string, subject: string, detail: string) => {
    const list = bySale.get(saleId) ?? [];
    list.push({ check, subject, detail });
    bySale.set(saleId, list);
  };

  const shareRows = await tx.$queryRaw<
    {
      id: string;
      amount: unknown;
      n: unknown;
      total: unknown;
      residuals: unknown;
      f: unknown;
      r: unknown;
      c: unknown;
      sf: unknown;
      sr: unknown;
      sc: unknown;
      k: unknown;
      sk: unknown;
      l: unknown;
      sl: unknown;
    }[]
  >`
    SELECT s."id", s."amountCents"::bigint AS "amount", x."n", x."total", x."residuals",
      s."platformFeeCents"::bigint AS f, s."artistCents"::bigint AS r, s."commissionCents"::bigint AS c, x."sf", x."sr", x."sc",
      s."recruiterCents"::bigint AS k, x."sk", s."labelCents"::bigint AS l, x."sl"
    FROM "Sale" s
    LEFT JOIN (
      SELECT "saleId", COUNT(*) AS "n", SUM("amountCents")::bigint AS "total", COUNT(*) FILTER (WHERE "residual") AS "residuals",
        COALESCE(SUM("amountCents") FILTER (WHERE "payee" = 'platform'), 0)::bigint AS "sf",
        COALESCE(SUM("amountCents") FILTER (WHERE "payee" = 'artist'), 0)::bigint AS "sr",
        COALESCE(SUM("amountCents") FILTER (WHERE "payee" = 'promoter' AND "kind" <> 'RECRUITER'), 0)::bigint AS "sc",
        COALESCE(SUM("amountCents") FILTER (WHERE "kind" = 'RECRUITER'), 0)::bigint AS "sk",
        COALESCE(SUM("amountCents") FILTER (WHERE "payee" = 'label'), 0)::bigint AS "sl"
      FROM "SaleShare" GROUP BY "saleId"
    ) x ON x."saleId" = s."id"
    WHERE x."saleId" IS NULL OR x."total" <> s."amountCents" OR x."residuals" <> 1
      OR x."sf" <> s."platformFeeCents" OR x."sr" <> s."artistCents" OR x."sc" <> s."commissionCents"
      OR x."sk" <> s."recruiterCents" OR x."sl" <> s."labelCents"
    ORDER BY s."id"`;
  for (const s of shareRows) {
    if (s.n == null) {
      push(s.id, "sale-shares", s.id, "no recorded shares");
      continue;
    }
    if (num(s.total) !== num(s.amount))
      push(s.id, "sale-shares", s.id, `shares sum to ${num(s.total)}, amount ${num(s.amount)}`);
    if (num(s.residuals) !== 1)
      push(s.id, "sale-shares", s.id, `${num(s.residuals)} residual shares, expected 1`);
    for (const [payee, sum, column, value] of [
      ["platform", s.sf, "platformFeeCents", s.f],
      ["artist", s.sr, "artistCents", s.r],
      ["promoter", s.sc, "commissionCents", s.c],
      ["recruiter", s.sk, "recruiterCents", s.k],
      ["label", s.sl, "labelCents", s.l],
    ] as const)
      if (num(sum) !== num(value))
        push(s.id, "sale-shares", s.id, `${payee} shares ${num(sum)}, ${column} ${num(value)}`);
  }
  // The label's and the recruiter's shares pay whom the sale names (issue 16 §5, issue 14 §6).
  const misnamed = await tx.$queryRaw<{ id: string; kind: string; ownerId: string | null }[]>`
    SELECT s."id", x."kind", x."ownerId" FROM "SaleShare" x JOIN "Sale" s ON s."id" = x."saleId"
    WHERE (x."kind" = 'LABEL' AND x."ownerId" IS DISTINCT FROM s."labelId")
       OR (x."kind" = 'RECRUITER' AND x."ownerId" IS DISTINCT FROM s."recruiterId")
    ORDER BY s."id"`;
  for (const m of misnamed)
    push(m.id, "sale-shares", m.id, `${m.kind} share pays ${m.ownerId}, not the sale's`);

  const positions = await tx.$queryRaw<
    {
      id: string;
      status: string;
      released: boolean;
      /** This row is a held commission's promoter (its whole share must stay pending). */
      held: boolean;
      key: string;
      expected: boolean;
      posted: unknown;
      want: unknown;
      pending: unknown;
      entries: unknown;
    }[]
  >`
    WITH sh AS (
      -- The shares as settlement pays them: a REJECTED commission pays the track's artist, and the
      -- recruiter's share (issue 14 §6) goes back to the platform, as a forfeited one does.
      SELECT x."saleId", x."position",
        CASE WHEN x."kind" = 'RECRUITER' AND s."recruiterForfeitedAt" IS NOT NULL THEN 'platform'
          WHEN x."payee" = 'promoter' AND cm."status" = 'REJECTED' THEN
          CASE WHEN x."kind" = 'RECRUITER' THEN 'platform' ELSE 'artist' END ELSE x."payee" END AS "payee",
        CASE WHEN x."kind" = 'RECRUITER' AND s."recruiterForfeitedAt" IS NOT NULL THEN NULL
          WHEN x."payee" = 'promoter' AND cm."status" = 'REJECTED' THEN
          CASE WHEN x."kind" = 'RECRUITER' THEN NULL ELSE s."artistId" END ELSE x."ownerId" END AS "ownerId",
        x."amountCents"::bigint AS cents, x."residual",
        s."amountCents"::bigint AS a, s."reversedCents"::bigint AS t
      FROM "SaleShare" x JOIN "Sale" s ON s."id" = x."saleId"
      LEFT JOIN "Commission" cm ON cm."saleId" = s."id"
      WHERE s."status" IN ('COMPLETED', 'REFUNDED')
    ), prop AS (
      -- Every share but the residual one: share × T ÷ A rounded half up (exact integers); whole at T = A.
      SELECT sh.*, CASE WHEN "residual" OR t = 0 OR a = 0 THEN 0 WHEN t = a THEN cents ELSE (cents * t * 2 + a) / (2 * a) END AS p0
      FROM sh
    ), resid AS (
      SELECT prop.*, SUM(p0) OVER w AS "others", MAX(cents) FILTER (WHERE "residual") OVER w AS rc,
        MAX("position") FILTER (WHERE NOT "residual") OVER w AS "lastAbsorber"
      FROM prop WINDOW w AS (PARTITION BY "saleId")
    ), rest AS (
      -- The residual share: the remainder, clamped to the share; "rest" what the clamp left over.
      SELECT resid.*, z.r0, t - "others" - z.r0 AS "rest"
      FROM resid CROSS JOIN LATERAL (
        SELECT CASE WHEN t = 0 OR a = 0 THEN 0 WHEN t = a THEN rc ELSE GREATEST(0, LEAST(rc, t - "others")) END AS r0) z
    ), room AS (
      SELECT rest.*, CASE WHEN "residual" THEN 0 WHEN "rest" > 0 THEN cents - p0 ELSE -p0 END AS "room"
      FROM rest
    ), absorbed AS (
      -- The other shares absorb "rest" in list order, each within its share, the last one all that is left.
      SELECT room.*, COALESCE(SUM("room") OVER (PARTITION BY "saleId" ORDER BY "position" ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS "roomBefore"
      FROM room
    ), net AS (
      SELECT "saleId", "payee", "ownerId", cents - CASE
          WHEN "residual" THEN r0
          WHEN "position" = "lastAbsorber" THEN p0 + "rest" - CASE WHEN "rest" > 0 THEN LEAST("rest", "roomBefore") ELSE GREATEST("rest", "roomBefore") END
          WHEN "rest" > 0 THEN p0 + LEAST("room", GREATEST(0, "rest" - "roomBefore"))
          WHEN "rest" < 0 THEN p0 + GREATEST("room", LEAST(0, "rest" - "roomBefore"))
          ELSE p0 END AS "net"
      FROM absorbed
    ), expected AS (
      SELECT "saleId", CASE "payee" WHEN 'platform' THEN 'PLATFORM_REVENUE' ELSE upper("payee") || ':' || "ownerId" END AS "key", SUM("net") AS "cents"
      FROM net GROUP BY 1, 2
      UNION ALL
      SELECT "id", 'BUYER_CLEARING', -("amountCents" - "reversedCents")::bigint FROM "Sale" WHERE "status" IN ('COMPLETED', 'REFUNDED')
      UNION ALL
      -- A rejected commission's promoter held money once: their place on the sale is now 0.
      SELECT c."saleId", 'PROMOTER:' || c."promoterId", 0::bigint FROM "Commission" c JOIN "Sale" s ON s."id" = c."saleId"
      WHERE c."status" = 'REJECTED' AND s."status" IN ('COMPLETED', 'REFUNDED')
      UNION ALL
      -- So did its recruiter (a second-tier share, issue 14 §6).
      SELECT c."saleId", 'PROMOTER:' || x."ownerId", 0::bigint FROM "Commission" c JOIN "Sale" s ON s."id" = c."saleId"
      JOIN "SaleShare" x ON x."saleId" = c."saleId" AND x."kind" = 'RECRUITER'
      WHERE c."status" = 'REJECTED' AND s."status" IN ('COMPLETED', 'REFUNDED')
      UNION ALL
      -- So did a forfeited recruiter's share (its commission not rejected: counted once).
      SELECT s."id", 'PROMOTER:' || x."ownerId", 0::bigint FROM "Sale" s
      JOIN "SaleShare" x ON x."saleId" = s."id" AND x."kind" = 'RECRUITER'
      WHERE s."recruiterForfeitedAt" IS NOT NULL AND s."status" IN ('COMPLETED', 'REFUNDED')
        AND NOT EXISTS (SELECT 1 FROM "Commission" c WHERE c."saleId" = s."id" AND c."status" = 'REJECTED')
    ), posted AS (
      -- An artist's, promoter's or label's pending and payable accounts are one place: the release moves between them.
      SELECT e."saleId", CASE WHEN acc."type" IN ('ARTIST_PENDING', 'ARTIST_BALANCE') THEN 'ARTIST:' || acc."ownerId"
          WHEN acc."type" IN ('PROMOTER_PENDING', 'PROMOTER_BALANCE') THEN 'PROMOTER:' || acc."ownerId"
          WHEN acc."type" IN ('LABEL_PENDING', 'LABEL_BALANCE') THEN 'LABEL:' || acc."ownerId" ELSE e."accountId" END AS "key",
        SUM(e."amountCents") AS "cents",
        COALESCE(SUM(e."amountCents") FILTER (WHERE acc."type" IN ('ARTIST_PENDING', 'PROMOTER_PENDING', 'LABEL_PENDING')), 0) AS "pending",
        COUNT(*) AS "entries"
      FROM "LedgerEntry" e JOIN "LedgerAccount" acc ON acc."id" = e."accountId"
      WHERE e."saleId" IS NOT NULL
      GROUP BY 1, 2
    )
    SELECT s."id", s."status"::text AS "status", s."releasedAt" IS NOT NULL AS "released",
      ((c."heldAt" IS NOT NULL AND COALESCE(x."key", p."key") IN ('PROMOTER:' || c."promoterId", 'PROMOTER:' || s."recruiterId"))
        OR (s."recruiterHeldAt" IS NOT NULL AND s."recruiterForfeitedAt" IS NULL AND COALESCE(x."key", p."key") = 'PROMOTER:' || s."recruiterId")) AS "held", COALESCE(x."key", p."key") AS "key",
      x."key" IS NOT NULL AS "expected", COALESCE(p."cents", 0) AS "posted", COALESCE(x."cents", 0) AS "want",
      COALESCE(p."pending", 0) AS "pending", COALESCE(p."entries", 0) AS "entries"
    FROM expected x FULL JOIN posted p ON p."saleId" = x."saleId" AND p."key" = x."key"
    JOIN "Sale" s ON s."id" = COALESCE(x."saleId", p."saleId")
    LEFT JOIN "Commission" c ON c."saleId" = s."id"
    WHERE COALESCE(p."cents", 0) <> COALESCE(x."cents", 0) OR (x."key" IS NULL AND p."entries" > 0)
      OR (s."releasedAt" IS NOT NULL AND p."pending" <> 0)
      OR (((c."heldAt" IS NOT NULL AND COALESCE(x."key", p."key") IN ('PROMOTER:' || c."promoterId", 'PROMOTER:' || s."recruiterId"))
          OR (s."recruiterHeldAt" IS NOT NULL AND s."recruiterForfeitedAt" IS NULL AND COALESCE(x."key", p."key") = 'PROMOTER:' || s."recruiterId"))
        AND p."pending" <> p."cents")
    ORDER BY s."id", COALESCE(x."key", p."key")`;
  const placeOf = (key: string) => POSITION_LABEL[key] ?? POSITION_LABEL[key.split(":")[0]!];
  const grouped = new Map<string, typeof positions>();
  for (const row of positions) grouped.set(row.id, [...(grouped.get(row.id) ?? []), row]);
  for (const [id, rows] of grouped) {
    const { status } = rows[0]!;
    if (status === "PENDING" || status === "FAILED") {
      push(id, "sale-position", id, `${status} sale has ledger entries`);
      continue;
    }
    const other = rows.filter((r) => !r.expected && !(r.key in POSITION_LABEL));
    const otherEntries = other.reduce((t, r) => t + num(r.entries), 0);
    if (otherEntries > 0)
      push(
        id,
        "sale-position",
        id,
        `${otherEntries} entries on accounts other than the sale's clearing account and its shares' accounts`,
      );
    const placed = rows
      .filter((r) => r.expected || r.key in POSITION_LABEL)
      .sort((x, y) => placeOf(x.key)![0] - placeOf(y.key)![0]);
    for (const r of placed) {
      const label = placeOf(r.key)![1];
      if (num(r.posted) !== num(r.want))
        push(id, "sale-position", id, `${label} ${num(r.posted)}, expected ${num(r.want)}`);
    }
    for (const r of placed)
      if (r.held && num(r.pending) !== num(r.posted))
        push(
          id,
          "sale-position",
          id,
          `held commission or recruiter's share has ${num(r.posted) - num(r.pending)} cents outside PROMOTER_PENDING`,
        );
      else if (!r.held && r.released && num(r.pending) !== 0)
        push(
          id,
          "sale-position",
          id,
          `released sale still has pending ${placeOf(r.key)![1]} money`,
        );
  }

  const statuses = await tx.$queryRaw<
    {
      id: string;
      fullyReversed: boolean;
      status: string;
      commissionId: string | null;
      commissionStatus: string | null;
      payoutId: string | null;
      commissionFullyReversed: boolean | null;
    }[]
  >`
    SELECT s."id", s."amountCents" > 0 AND s."reversedCents" = s."amountCents" AS "fullyReversed", s."status"::text AS "status",
      cm."id" AS "commissionId", cm."status"::text AS "commissionStatus", cm."payoutId", cm."reversedCents" = cm."amountCents" AS "commissionFullyReversed"
    FROM "Sale" s LEFT JOIN "Commission" cm ON cm."saleId" = s."id"
    WHERE s."status" IN ('COMPLETED', 'REFUNDED') AND (
      (s."amountCents" > 0 AND s."reversedCents" = s."amountCents" AND s."status" <> 'REFUNDED')
      OR (cm."payoutId" IS NOT NULL AND cm."status" NOT IN ('PAID', 'REJECTED')) OR (cm."payoutId" IS NULL AND cm."status" = 'PAID')
      OR (cm."payoutId" IS NULL AND cm."reversedCents" = cm."amountCents" AND cm."status" NOT IN ('CANCELLED', 'REJECTED')))
    ORDER BY s."id"`;
  for (const s of statuses) {
    if (s.fullyReversed && s.status !== "REFUNDED")
      push(s.id, "sale-status", s.id, "fully reversed but not REFUNDED");
    if (s.commissionId) {
      // A rejection keeps the commission REJECTED whatever happened before (paid, reversed).
      if (s.payoutId && s.commissionStatus !== "PAID" && s.commissionStatus !== "REJECTED")
        push(
          s.id,
          "commission-status",
          s.commissionId,
          `has payout ${s.payoutId} but is ${s.commissionStatus}`,
        );
      if (!s.payoutId && s.commissionStatus === "PAID")
        push(s.id, "commission-status", s.commissionId, "PAID without a payout");
      if (
        !s.payoutId &&
        s.commissionFullyReversed &&
        s.commissionStatus !== "CANCELLED" &&
        s.commissionStatus !== "REJECTED"
      )
        push(s.id, "commission-status", s.commissionId, `fully reversed but ${s.commissionStatus}`);
    }
  }

  for (const id of [...bySale.keys()].sort())
    for (const d of bySale.get(id)!) add(d.check, d.subject, d.detail);
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

/**
 * 7. Write-offs (issue 11 §2): PLATFORM_WRITE_OFFS moves only in WRITE_OFF transactions, and each
 * write-off credited a TERMINATED promoter's payable balance by a positive amount that left it at
 * exactly zero (a deficit absorbed, never a payment).
 */
async function checkWriteOffs(tx: Tx, add: Add) {
  const rows = await tx.$queryRaw<
    {
      transactionId: string;
      accountId: string;
      kind: string;
      amount: unknown;
      after: unknown;
      status: string | null;
    }[]
  >`
    SELECT e."transactionId", e."accountId", e."kind", e."amountCents"::bigint AS "amount",
      e."balanceAfterCents"::bigint AS "after", p."status"::text AS "status"
    FROM "LedgerEntry" e
    LEFT JOIN "PromoterProfile" p ON e."accountId" = 'PROMOTER_BALANCE:' || p."id"
    WHERE (e."kind" = 'WRITE_OFF' AND e."accountId" <> 'PLATFORM_WRITE_OFFS'
        AND (e."accountId" NOT LIKE 'PROMOTER\_BALANCE:%' OR e."amountCents" <= 0
          OR e."balanceAfterCents" <> 0 OR p."status" IS DISTINCT FROM 'TERMINATED'))
      OR (e."accountId" = 'PLATFORM_WRITE_OFFS' AND e."kind" <> 'WRITE_OFF')
    ORDER BY e."transactionId"`;
  for (const r of rows)
    add(
      "write-off",
      r.transactionId,
      r.kind !== "WRITE_OFF"
        ? `PLATFORM_WRITE_OFFS moved by a ${r.kind} transaction`
        : `wrote ${num(r.amount)} cents off ${r.accountId} (status ${r.status ?? "none"}), leaving ${num(r.after)}`,
    );
}

/**
 * 8. Promotions (issue 13 §2, §5): each transaction touching PLATFORM_PROMOTIONS is a
 * MILESTONE_BONUS or CONTEST_PRIZE of two entries, PLATFORM_PROMOTIONS −x and the award's
 * promoter's PROMOTER_BALANCE +x, where x is the award row's amount (`MilestoneAward.bonusCents`,
 * `ContestWinner.prizeCents`) and the row names that transaction; and every award row with money
 * has its transaction. Driven by the PLATFORM_PROMOTIONS entries (its account index) and the award
 * rows, so it reads no other part of the ledger.
 */
async function checkPromotions(tx: Tx, add: Add) {
  const rows = await tx.$queryRaw<
    {
      transactionId: string;
      awardKind: string | null;
      promoterId: string | null;
      amount: unknown;
      kinds: string | null;
      entries: unknown;
      platform: unknown;
      payee: string | null;
      paid: unknown;
    }[]
  >`
    WITH awards AS (
      SELECT "transactionId", "promoterId", "bonusCents"::bigint AS "amount", 'MILESTONE_BONUS' AS "kind" FROM "MilestoneAward"
      UNION ALL
      SELECT "transactionId", "promoterId", "prizeCents"::bigint, 'CONTEST_PRIZE' FROM "ContestWinner" WHERE "transactionId" IS NOT NULL
    ),
    posted AS (
      SELECT e."transactionId", string_agg(DISTINCT e."kind", ',') AS "kinds", COUNT(*) AS "entries",
        SUM(e."amountCents") FILTER (WHERE e."accountId" = 'PLATFORM_PROMOTIONS')::bigint AS "platform",
        MAX(e."accountId") FILTER (WHERE e."accountId" <> 'PLATFORM_PROMOTIONS') AS "payee",
        SUM(e."amountCents") FILTER (WHERE e."accountId" <> 'PLATFORM_PROMOTIONS')::bigint AS "paid"
      FROM "LedgerEntry" e
      WHERE e."transactionId" IN (SELECT "transactionId" FROM "LedgerEntry" WHERE "accountId" = 'PLATFORM_PROMOTIONS')
      GROUP BY e."transactionId"
    )
    SELECT COALESCE(a."transactionId", p."transactionId") AS "transactionId", a."kind" AS "awardKind",
      a."promoterId", a."amount", p."kinds", p."entries", p."platform", p."payee", p."paid"
    FROM awards a FULL JOIN posted p ON p."transactionId" = a."transactionId"
    WHERE a."transactionId" IS NULL OR p."transactionId" IS NULL OR p."kinds" <> a."kind" OR p."entries" <> 2
      OR p."platform" IS DISTINCT FROM -a."amount" OR p."paid" IS DISTINCT FROM a."amount"
      OR p."payee" IS DISTINCT FROM 'PROMOTER_BALANCE:' || a."promoterId"
    ORDER BY 1`;
  for (const r of rows)
    add(
      "promotions",
      r.transactionId,
      !r.awardKind
        ? `PLATFORM_PROMOTIONS moved by a ${r.kinds} transaction with no award row`
        : r.kinds == null
          ? `award of ${num(r.amount)} cents to ${r.promoterId} was never posted`
          : `posted ${r.kinds} of ${num(r.entries)} entries paying ${r.paid == null ? "nothing" : num(r.paid)} cents to ${r.payee ?? "nobody"} (PLATFORM_PROMOTIONS ${r.platform == null ? "untouched" : num(r.platform)}); the award is ${r.awardKind} of ${num(r.amount)} cents to ${r.promoterId}`,
    );
}
