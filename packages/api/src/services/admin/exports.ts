import { Readable } from "node:stream";

import { stringify } from "csv-stringify";

import type { PrismaClient } from "@fanfare/db";
import { cents } from "@fanfare/db";
import type { ExportInput, ExportKind } from "@fanfare/validators";
import { ZExportInput, ZTaxYear } from "@fanfare/validators";

import { form1099Rows } from "../tax/tax-forms";
import { saleProductSelect, saleProductView } from "../catalog/products";

/** Rows read per query while exporting: the file streams out, never held in memory whole. */
const EXPORT_BATCH = 1_000;

type Cell = string | number | null;
type Row = Record<string, Cell>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The columns of each export, in order (money in integer cents; instants ISO 8601 UTC). */
export const EXPORT_COLUMNS: Record<ExportKind, readonly string[]> = {
  sales: [
    "saleId",
    "createdAt",
    "completedAt",
    "status",
    "productKind",
    "trackId",
    "releaseId",
    "trackTitle",
    "artistName",
    "buyerEmail",
    "currency",
    "amountCents",
    "platformFeeCents",
    "artistCents",
    "commissionCents",
    "recruiterCents",
    "labelCents",
    "labelId",
    "commissionBps",
    "platformFeeBps",
    "refundedCents",
    "disputedCents",
    "promoterId",
    "linkCode",
  ],
  commissions: [
    "commissionId",
    "createdAt",
    "saleId",
    "promoterId",
    "promoterEmail",
    "trackTitle",
    "amountCents",
    "reversedCents",
    "rateBps",
    "status",
    "holdUntil",
    "heldAt",
    "holdReason",
    "rejectedAt",
    "rejectReason",
    "payoutId",
    "paidAt",
  ],
  payouts: [
    "payoutId",
    "requestedAt",
    "payeeType",
    "payeeId",
    "amountCents",
    "status",
    "connectAccountId",
    "stripeTransferId",
    "paidAt",
    "failedAt",
    "failureReason",
  ],
  ledger: [
    "entryId",
    "createdAt",
    "transactionId",
    "kind",
    "accountId",
    "amountCents",
    "balanceAfterCents",
    "saleId",
    "payoutId",
    "description",
  ],
};

/**
 * One kind's rows created (payouts: requested) in [from, to), oldest first, read in batches of
 * EXPORT_BATCH by cursor (created at, then id), each as the export's columns.
 */
async function* rowsOf(
  kind: ExportKind,
  range: { from: Date; to: Date },
  db: PrismaClient,
): AsyncGenerator<Row> {
  let cursor: string | undefined;
  for (;;) {
    const page = {
      take: EXPORT_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    };
    const created = { gte: range.from, lt: range.to };
    let batch: { id: string; row: Row }[];
    switch (kind) {
      case "sales": {
        const rows = await db.sale.findMany({
          where: { createdAt: created },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          ...page,
          include: {
            ...saleProductSelect,
            link: { select: { code: true } },
          },
        });
        batch = rows.map((s) => ({
          id: s.id,
          row: {
            saleId: s.id,
            createdAt: iso(s.createdAt),
            completedAt: iso(s.completedAt),
            status: s.status,
            productKind: s.productKind,
            trackId: s.trackId,
            releaseId: s.releaseId,
            trackTitle: saleProductView(s).title,
            artistName: saleProductView(s).artistName,
            buyerEmail: s.buyerEmail,
            currency: s.currency,
            amountCents: s.amountCents,
            platformFeeCents: s.platformFeeCents,
            artistCents: s.artistCents,
            commissionCents: s.commissionCents,
            // The other slices (issue 14 §6, issue 16 §5): with them the columns sum to the amount.
            recruiterCents: s.recruiterCents,
            labelCents: s.labelCents,
            labelId: s.labelId,
            commissionBps: s.commissionBps,
            platformFeeBps: s.platformFeeBps,
            refundedCents: s.refundedCents,
            disputedCents: s.disputedCents,
            promoterId: s.promoterId,
            linkCode: s.link?.code ?? null,
          },
        }));
        break;
      }
      case "commissions": {
        const rows = await db.commission.findMany({
          where: { createdAt: created },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          ...page,
          include: {
            ...saleProductSelect,
            promoter: { select: { user: { select: { email: true } } } },
          },
        });
        batch = rows.map((c) => ({
          id: c.id,
          row: {
            commissionId: c.id,
            createdAt: iso(c.createdAt),
            saleId: c.saleId,
            promoterId: c.promoterId,
            promoterEmail: c.promoter.user.email,
            trackTitle: saleProductView(c).title,
            amountCents: c.amountCents,
            reversedCents: c.reversedCents,
            rateBps: c.rateBps,
            status: c.status,
            holdUntil: iso(c.holdUntil),
            heldAt: iso(c.heldAt),
            holdReason: c.holdReason,
            rejectedAt: iso(c.rejectedAt),
            rejectReason: c.rejectReason,
            payoutId: c.payoutId,
            paidAt: iso(c.paidAt),
          },
        }));
        break;
      }
      case "payouts": {
        const rows = await db.payout.findMany({
          where: { requestedAt: created },
          orderBy: [{ requestedAt: "asc" }, { id: "asc" }],
          ...page,
        });
        batch = rows.map((p) => ({
          id: p.id,
          row: {
            payoutId: p.id,
            requestedAt: iso(p.requestedAt),
            payeeType: p.payeeType,
            payeeId: p.payeeId,
            amountCents: cents(p.amountCents),
            status: p.status,
            connectAccountId: p.connectAccountId,
            stripeTransferId: p.stripeTransferId,
            paidAt: iso(p.paidAt),
            failedAt: iso(p.failedAt),
            failureReason: p.failureReason,
          },
        }));
        break;
      }
      case "ledger": {
        const rows = await db.ledgerEntry.findMany({
          where: { createdAt: created },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          ...page,
        });
        batch = rows.map((e) => ({
          id: e.id,
          row: {
            entryId: e.id,
            createdAt: iso(e.createdAt),
            transactionId: e.transactionId,
            kind: e.kind,
            accountId: e.accountId,
            amountCents: cents(e.amountCents),
            balanceAfterCents: cents(e.balanceAfterCents),
            saleId: e.saleId,
            payoutId: e.payoutId,
            description: e.description,
          },
        }));
        break;
      }
    }
    for (const b of batch) yield b.row;
    if (batch.length < EXPORT_BATCH) return;
    cursor = batch.at(-1)!.id;
  }
}

/**
 * A text cell a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage
 * return) is prefixed with a single quote, as OWASP's "CSV injection" guidance advises; buyer
 * emails and track titles come from users. Numbers are written as they are.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The CSV export of one kind (issue 11 §6) for [from, to) in UTC: a header row, then one line per
 * row, oldest first, streamed from the database in batches (csv-stringify). Money is integer
 * cents, instants ISO 8601 UTC, empty cells for nulls.
 * Audited (who exported what, for which days).
 * @returns the stream and the file name (`fanfare-<kind>-<from>-to-<to>.csv`).
 * @throws ZodError on an unknown kind or a malformed or reversed range.
 */
export async function exportCsv(
  raw: ExportInput,
  actor: { userId: string | null },
  db: PrismaClient,
): Promise<{ stream: Readable; fileName: string }> {
  const input = ZExportInput.parse(raw);
  // An export carries personal data (buyer emails): who took which one is audited.
  await db.auditLog.create({
    data: {
      actorId: actor.userId,
      action: "export.csv",
      subjectType: "export",
      subjectId: input.kind,
      after: { from: input.from, to: input.to },
    },
  });
  const from = new Date(`${input.from}T00:00:00.000Z`);
  const to = new Date(`${input.to}T00:00:00.000Z`);
  const csv = stringify({
    header: true,
    columns: [...EXPORT_COLUMNS[input.kind]],
    cast: { string: neutraliseFormula },
  });
  const rows = Readable.from(rowsOf(input.kind, { from, to }, db));
  rows.on("error", (e) => csv.destroy(e));
  return {
    stream: rows.pipe(csv),
    fileName: `fanfare-${input.kind}-${input.from}-to-${input.to}.csv`,
  };
}

/** The 1099-NEC export's columns (money in integer cents). */
export const FORM_1099_COLUMNS = [
  "promoterId",
  "email",
  "legalName",
  "businessName",
  "address",
  "taxIdType",
  "taxIdMasked",
  "formStatus",
  "nonemployeeCompensationCents",
] as const;

/**
 * The year-end 1099-NEC CSV (issue 11 §4): US promoters paid at or over `year`'s reporting
 * threshold (`form1099Rows`: year totals from the ledger), with their W-9 on file; a row with
 * empty form columns names someone still missing one. Tax ids are masked (the last 4 only).
 * Audited like the other exports.
 * @throws ZodError for a year outside 2020 to next year.
 */
export async function export1099NecCsv(
  rawYear: number,
  actor: { userId: string | null },
  db: PrismaClient,
): Promise<{ stream: Readable; fileName: string; rows: number }> {
  const year = ZTaxYear.parse(rawYear);
  const rows = await form1099Rows(db, year);
  await db.auditLog.create({
    data: {
      actorId: actor.userId,
      action: "export.csv",
      subjectType: "export",
      subjectId: "1099-nec",
      after: { year, rows: rows.length },
    },
  });
  const csv = stringify({
    header: true,
    columns: [...FORM_1099_COLUMNS],
    cast: { string: neutraliseFormula },
  });
  const source = Readable.from(
    rows.map((r) => ({
      promoterId: r.promoterId,
      email: r.email,
      legalName: r.legalName,
      businessName: r.businessName,
      address: r.address,
      taxIdType: r.taxIdType,
      taxIdMasked: r.taxIdMasked,
      formStatus: r.formStatus,
      nonemployeeCompensationCents: r.paidCents,
    })),
  );
  return { stream: source.pipe(csv), fileName: `fanfare-1099-nec-${year}.csv`, rows: rows.length };
}
