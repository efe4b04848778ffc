import type { PrismaClient } from "@fanfare/db";
import { cents, Prisma } from "@fanfare/db";
import type { SourceReport, SourceReportGrouping, SourceReportPeriod } from "@fanfare/validators";
import { SOURCE_REPORT_MAX_ROWS, SOURCE_REPORT_NONE, sourceReportSince } from "@fanfare/validators";

import { AppError } from "../app-error";
import { ledgerAccountId } from "../ledger/post-transaction";

/**
 * "Performance by source" (issue 14 §2): clicks, sales, conversion and earnings per source tag
 * (`?src=`) or per UTM source / medium / campaign, for a promoter's links or an artist's tracks.
 *
 * - clicks: counted `ClickEvent`s (bots and repeats within the dedupe window not counted) made
 *   in the period, read from the click rows themselves (not the rolled-up counters); for a
 *   promoter also their counted page-link clicks (`PageClick`: artist pages, discover; issue 14
 *   §1). A sale through a page link comes through the uncounted `ClickEvent` it was made into at
 *   checkout, so the click is counted once, as the page click.
 * - sales: sales COMPLETED in the period (by `completedAt`, the day the dashboards count a sale
 *   on) whose attributed click (`Sale.clickId`) carries the value. A fully refunded or lost-dispute
 *   sale is REFUNDED and drops out; a partly refunded one still counts. Code-attributed sales have
 *   no click and appear in no group. For a promoter, a sale whose commission an admin REJECTED
 *   counts neither (as in their totals).
 * - earnings (integer cents, net of refunds and disputes):
 *   - promoter: the commission, `Commission.amountCents − reversedCents` (0 when rejected);
 *   - artist: what the artist's dashboard calls "Your earnings" (`Track.artistCents`): the
 *     artist's share after fee and commission, net of reversals, plus a rejected commission that
 *     settlement paid to the artist. Read from the ledger (the artist's pending and payable
 *     entries of each sale), so it is exactly what settlement posted, rounding included.
 *
 * Rows are sorted by earnings, then clicks (then the value), capped at SOURCE_REPORT_MAX_ROWS.
 */

/** The click column each grouping reads (fixed SQL, never built from input). */
const KEY_COLUMN: Record<SourceReportGrouping, Prisma.Sql> = {
  src: Prisma.sql`c."sourceTag"`,
  utm_source: Prisma.sql`c."utmSource"`,
  utm_medium: Prisma.sql`c."utmMedium"`,
  utm_campaign: Prisma.sql`c."utmCampaign"`,
};

type Row = { key: string | null; clicks: number; sales: number; earnings: bigint };

type ReportInput = { period: SourceReportPeriod; groupBy: SourceReportGrouping; now?: Date };

/** The start of the period as the timestamp(3) columns hold it (UTC wall time); all time = epoch. */
const sinceParam = (since: Date | null) => (since ?? new Date(0)).toISOString();

function toReport(input: ReportInput, since: Date | null, rows: Row[]): SourceReport {
  return {
    period: input.period,
    groupBy: input.groupBy,
    since,
    truncated: rows.length > SOURCE_REPORT_MAX_ROWS,
    rows: rows.slice(0, SOURCE_REPORT_MAX_ROWS).map((r) => ({
      key: r.key ?? SOURCE_REPORT_NONE,
      isNone: r.key === null,
      clicks: r.clicks,
      sales: r.sales,
      conversionBps: r.clicks > 0 ? Math.round((r.sales * 10_000) / r.clicks) : 0,
      earningsCents: cents(r.earnings),
    })),
  };
}

/**
 * The clicks and the sales CTEs, merged: one row per value, sorted, one past the cap (to tell
 * whether the report is truncated). `clicks` and `sales` are SELECTs yielding (key, n) and
 * (key, earnings) per click or sale.
 */
const merged = (clicks: Prisma.Sql, sales: Prisma.Sql) => Prisma.sql`
  SELECT "key", SUM("clicks")::int AS "clicks", SUM("sales")::int AS "sales",
    SUM("earnings")::bigint AS "earnings"
  FROM (
    SELECT "key", COUNT(*) AS "clicks", 0 AS "sales", 0::bigint AS "earnings"
    FROM (${clicks}) k GROUP BY "key"
    UNION ALL
    SELECT "key", 0, COUNT(*), COALESCE(SUM("earnings"), 0)::bigint
    FROM (${sales}) s GROUP BY "key"
  ) u
  GROUP BY "key"
  ORDER BY "earnings" DESC, "clicks" DESC, "key" ASC NULLS LAST
  LIMIT ${SOURCE_REPORT_MAX_ROWS + 1}`;

/**
 * The promoter's report over their links. One SQL statement: the counted clicks of their links
 * in the period (`ClickEvent(linkId, createdAt)` per link) and of their page links
 * (`PageClick(promoterId, createdAt)`), and their click-attributed sales
 * completed in the period (`Sale(promoterId, …)`), each with its commission.
 * @returns the rows (see the file comment), the period's start (null for all time) and whether
 *   more than SOURCE_REPORT_MAX_ROWS groups exist.
 */
export async function promoterSourceReport(
  input: ReportInput & { promoterId: string },
  db: PrismaClient,
): Promise<SourceReport> {
  const since = sourceReportSince(input.period, input.now);
  const from = sinceParam(since);
  const key = KEY_COLUMN[input.groupBy];
  const rows = await db.$queryRaw<Row[]>(
    merged(
      Prisma.sql`
      SELECT ${key} AS "key" FROM "ClickEvent" c
      WHERE c."linkId" IN (SELECT l."id" FROM "AffiliateLink" l WHERE l."promoterId" = ${input.promoterId}::text)
        AND c."createdAt" >= ${from}::timestamp(3) AND c."counted"
      UNION ALL
      SELECT ${key} AS "key" FROM "PageClick" c
      WHERE c."promoterId" = ${input.promoterId}::text
        AND c."createdAt" >= ${from}::timestamp(3) AND c."counted"`,
      Prisma.sql`
      SELECT ${key} AS "key",
        CASE WHEN cm."status" = 'REJECTED' THEN 0 ELSE cm."amountCents" - cm."reversedCents" END AS "earnings"
      FROM "Sale" s
      JOIN "ClickEvent" c ON c."id" = s."clickId"
      LEFT JOIN "Commission" cm ON cm."saleId" = s."id"
      WHERE s."promoterId" = ${input.promoterId}::text AND s."status" = 'COMPLETED'
        AND s."completedAt" >= ${from}::timestamp(3)
        AND cm."status" IS DISTINCT FROM 'REJECTED'`,
    ),
  );
  return toReport(input, since, rows);
}

/**
 * The artist's report over their catalog (every track and release, deleted ones included) or one
 * track. One SQL statement: the counted clicks in the period on the tracks
 * (`ClickEvent(trackId, createdAt)` per track) and, over the whole catalog, on the releases
 * (issue 16 §1, `ClickEvent(releaseId, createdAt)`) and the counted promoter clicks on the
 * artist's page (`PageClick` scope artist, `(artistId, createdAt)`; a page click belongs to no one
 * product); and the click-attributed sales completed in the period (of the track, or of any
 * product: `Sale(artistId, …)`), each with the artist's net from the ledger (`LedgerEntry(saleId)`).
 * @throws AppError NOT_FOUND when `trackId` is not one of the artist's tracks.
 */
export async function artistSourceReport(
  input: ReportInput & { artistId: string; trackId?: string },
  db: PrismaClient,
): Promise<SourceReport> {
  if (input.trackId) {
    const track = await db.track.findFirst({
      where: { id: input.trackId, artistId: input.artistId },
      select: { id: true },
    });
    if (!track)
      throw new AppError("NOT_FOUND", `Track ${input.trackId} was not found among your tracks.`);
  }
  const since = sourceReportSince(input.period, input.now);
  const from = sinceParam(since);
  const key = KEY_COLUMN[input.groupBy];
  const tracks = Prisma.sql`SELECT t."id" FROM "Track" t WHERE t."artistId" = ${input.artistId}::text
    ${input.trackId ? Prisma.sql`AND t."id" = ${input.trackId}::text` : Prisma.empty}`;
  const accounts = [
    ledgerAccountId("ARTIST_PENDING", input.artistId),
    ledgerAccountId("ARTIST_BALANCE", input.artistId),
  ];
  const rows = await db.$queryRaw<Row[]>(
    merged(
      Prisma.sql`
      SELECT ${key} AS "key" FROM "ClickEvent" c
      WHERE c."trackId" IN (${tracks})
        AND c."createdAt" >= ${from}::timestamp(3) AND c."counted"
      ${
        input.trackId
          ? Prisma.empty
          : Prisma.sql`UNION ALL
      SELECT ${key} AS "key" FROM "ClickEvent" c
      WHERE c."releaseId" IN (SELECT r."id" FROM "Release" r WHERE r."artistId" = ${input.artistId}::text)
        AND c."createdAt" >= ${from}::timestamp(3) AND c."counted"
      UNION ALL
      SELECT ${key} AS "key" FROM "PageClick" c
      WHERE c."artistId" = ${input.artistId}::text AND c."scope" = 'artist'
        AND c."createdAt" >= ${from}::timestamp(3) AND c."counted"`
      }`,
      Prisma.sql`
      SELECT ${key} AS "key",
        (SELECT COALESCE(SUM(e."amountCents"), 0) FROM "LedgerEntry" e
         WHERE e."saleId" = s."id" AND e."accountId" IN (${accounts[0]}::text, ${accounts[1]}::text)) AS "earnings"
      FROM "Sale" s
      JOIN "ClickEvent" c ON c."id" = s."clickId"
      WHERE ${
        input.trackId
          ? Prisma.sql`s."trackId" = ${input.trackId}::text`
          : Prisma.sql`s."artistId" = ${input.artistId}::text`
      } AND s."status" = 'COMPLETED'
        AND s."completedAt" >= ${from}::timestamp(3)`,
    ),
  );
  return toReport(input, since, rows);
}
