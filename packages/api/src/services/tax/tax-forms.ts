import type { Prisma, PrismaClient, TaxForm } from "@fanfare/db";
import type { ProgramSettings, TaxFormInput } from "@fanfare/validators";
import {
  formatCents,
  normaliseTaxId,
  reportingThresholdCents,
  ZPageInput,
  ZReviewTaxFormInput,
  ZTaxFormInput,
} from "@fanfare/validators";
import type { z } from "zod";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { pageArgs, paginate } from "../pagination";
import { payeeAccounts } from "../payouts/payee";
import { programSettings } from "../settings/program-settings";
import { encryptTaxId } from "./tax-id-crypto";

type Tx = Prisma.TransactionClient;
type Db = PrismaClient | Tx;

/** A tax form as its owner and the console see it: never the tax id, only its last 4. */
export type TaxFormSummary = {
  id: string;
  kind: TaxForm["kind"];
  legalName: string;
  businessName: string | null;
  city: string;
  region: string | null;
  country: string;
  taxIdType: TaxForm["taxIdType"];
  taxIdLast4: string | null;
  status: TaxForm["status"];
  rejectReason: string | null;
  signedAt: Date;
  reviewedAt: Date | null;
  createdAt: Date;
};

const summary = (f: TaxForm): TaxFormSummary => ({
  id: f.id,
  kind: f.kind,
  legalName: f.legalName,
  businessName: f.businessName,
  city: f.city,
  region: f.region,
  country: f.country,
  taxIdType: f.taxIdType,
  taxIdLast4: f.taxIdLast4,
  status: f.status,
  rejectReason: f.rejectReason,
  signedAt: f.signedAt,
  reviewedAt: f.reviewedAt,
  createdAt: f.createdAt,
});

/** The promoter's form on file (the newest not superseded), or null. */
export async function currentTaxForm(db: Db, promoterId: string): Promise<TaxForm | null> {
  return db.taxForm.findFirst({ where: { promoterId, supersededAt: null } });
}

/**
 * Stores a promoter's W-9 or W-8BEN (issue 11 §4). The tax id is normalised, encrypted
 * (`encryptTaxId`, bound to the promoter) and kept with its last 4 characters; the form before
 * it, if any, is superseded in the same transaction (the promoter row is locked, so two
 * submissions in a row leave exactly one form on file). A new form is SUBMITTED until an admin
 * verifies it; a submitted W-9 already satisfies the payout gate.
 * @throws AppError BAD_INPUT (zod's messages, e.g. "A W-9 is for US persons…"); NOT_FOUND when
 *   the promoter does not exist.
 */
export async function submitTaxForm(
  input: { promoterId: string; form: TaxFormInput; now?: Date },
  db: PrismaClient,
): Promise<TaxFormSummary> {
  const f = ZTaxFormInput.parse(input.form);
  const now = input.now ?? new Date();
  const taxId = normaliseTaxId(f.taxIdType, f.taxId);
  return db.$transaction(async (tx) => {
    const [promoter] = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "PromoterProfile" WHERE "id" = ${input.promoterId} FOR UPDATE`;
    if (!promoter) throw new AppError("NOT_FOUND", `Promoter ${input.promoterId} does not exist.`);
    await tx.taxForm.updateMany({
      where: { promoterId: input.promoterId, supersededAt: null },
      data: { supersededAt: now },
    });
    const created = await tx.taxForm.create({
      data: {
        promoterId: input.promoterId,
        kind: f.kind,
        legalName: f.legalName,
        businessName: f.businessName ?? null,
        addressLine1: f.addressLine1,
        addressLine2: f.addressLine2 ?? null,
        city: f.city,
        region: f.region ?? null,
        postalCode: f.postalCode ?? null,
        country: f.country,
        taxIdType: f.taxIdType,
        taxIdCiphertext: f.taxIdType === "NONE" ? null : encryptTaxId(taxId, input.promoterId),
        taxIdLast4: f.taxIdType === "NONE" ? null : taxId.replace(/[^0-9A-Za-z]/g, "").slice(-4),
        signatureName: f.signatureName,
        signedAt: now,
        createdAt: now,
      },
    });
    return summary(created);
  });
}

const yearStart = (year: number) => new Date(Date.UTC(year, 0, 1));

/**
 * What the promoters were paid out in calendar `year` (UTC), in cents, from the ledger: the
 * money that left each one's payable balance for payouts in that year (PAYOUT entries, dated
 * when the payout was sent), net of payouts that failed (PAYOUT_FAILED) and of transfers Stripe
 * reversed (PAYOUT_REVERSED). Reads `LedgerEntry (accountId, createdAt)` by index.
 * @returns a map from promoter id to cents (promoters paid nothing are absent).
 */
export async function paidOutInYear(
  db: Db,
  promoterIds: string[],
  year: number,
): Promise<Map<string, number>> {
  if (promoterIds.length === 0) return new Map();
  const accounts = promoterIds.map((id) => payeeAccounts({ type: "PROMOTER", id }).balance.id);
  const rows = await db.$queryRaw<{ accountId: string; paid: bigint }[]>`
    SELECT "accountId", -SUM("amountCents")::bigint AS "paid" FROM "LedgerEntry"
    WHERE "accountId" = ANY(${accounts}::text[])
      AND "createdAt" >= ${yearStart(year)} AND "createdAt" < ${yearStart(year + 1)}
      AND "kind" IN ('PAYOUT', 'PAYOUT_FAILED', 'PAYOUT_REVERSED')
    GROUP BY 1`;
  const prefix = "PROMOTER_BALANCE:";
  return new Map(rows.map((r) => [r.accountId.slice(prefix.length), Number(r.paid)]));
}

/** Whether a form on file satisfies the W-9 requirement: a W-9 not rejected. */
const w9OnFile = (form: TaxForm | null) => form?.kind === "W9" && form.status !== "REJECTED";

/**
 * The W-9 payout gate (issue 11 §4): a payout of `amountCents` to a US promoter (their Connect
 * account's country is "US") that takes their paid total for the calendar year of `now` (UTC)
 * to that year's 1099-NEC threshold or more (`reportingThresholdCents`: IRC §6041 as amended by
 * the One Big Beautiful Bill Act §70433, $600 through 2025, $2,000 from 2026) needs a W-9 on
 * file first. Commissions are nonemployee compensation (1099-NEC); artists' sale proceeds are
 * not, so only promoters are gated.
 * @returns the reason the payout waits, in words the promoter can act on, or null.
 */
export async function taxFormRequiredReason(
  db: Db,
  input: {
    promoterId: string;
    amountCents: number;
    now: Date;
    /** `programSettings(db)`, read by the caller outside its transaction. */
    settings: ProgramSettings;
  },
): Promise<string | null> {
  const connect = await db.connectAccount.findUnique({
    where: { payeeType_payeeId: { payeeType: "PROMOTER", payeeId: input.promoterId } },
    select: { country: true },
  });
  if (connect?.country !== "US") return null;
  const year = input.now.getUTCFullYear();
  const threshold = reportingThresholdCents(input.settings, year);
  const paid = (await paidOutInYear(db, [input.promoterId], year)).get(input.promoterId) ?? 0;
  if (paid + input.amountCents < threshold) return null;
  const form = await currentTaxForm(db, input.promoterId);
  if (w9OnFile(form)) return null;
  const why =
    form?.status === "REJECTED" && form.kind === "W9"
      ? `Your W-9 was not accepted${form.rejectReason ? ` (${form.rejectReason})` : ""}: submit a corrected one`
      : "Submit a W-9 in Settings → Tax";
  return `This payout would bring what you were paid in ${year} to ${formatCents(paid + input.amountCents)}, at or over the ${formatCents(threshold)} the IRS requires us to report. ${why} and we will pay you.`;
}

/** The promoter's tax standing for their settings page. */
export type TaxStatus = {
  form: TaxFormSummary | null;
  /** The Connect account's country, null before payouts are set up. */
  payoutCountry: string | null;
  year: number;
  paidThisYearCents: number;
  thresholdCents: number;
  /** True when a US promoter has been paid at or over the threshold, or will be next payout. */
  w9Needed: boolean;
};

/** The promoter's form on file, their payout country and this year's paid total and threshold. */
export async function getTaxStatus(
  promoterId: string,
  db: PrismaClient,
  now = new Date(),
): Promise<TaxStatus> {
  const year = now.getUTCFullYear();
  const [form, connect, settings, paid, balance] = await Promise.all([
    currentTaxForm(db, promoterId),
    db.connectAccount.findUnique({
      where: { payeeType_payeeId: { payeeType: "PROMOTER", payeeId: promoterId } },
      select: { country: true },
    }),
    programSettings(db),
    paidOutInYear(db, [promoterId], year),
    db.ledgerAccount.findUnique({
      where: { id: payeeAccounts({ type: "PROMOTER", id: promoterId }).balance.id },
      select: { balanceCents: true },
    }),
  ]);
  const paidThisYear = paid.get(promoterId) ?? 0;
  const thresholdCents = reportingThresholdCents(settings, year);
  const next = Math.max(0, Number(balance?.balanceCents ?? 0));
  return {
    form: form ? summary(form) : null,
    payoutCountry: connect?.country ?? null,
    year,
    paidThisYearCents: paidThisYear,
    thresholdCents,
    w9Needed: connect?.country === "US" && paidThisYear + next >= thresholdCents && !w9OnFile(form),
  };
}

/** One form in the console's list, with whose it is. */
export type TaxFormRow = TaxFormSummary & {
  promoterId: string;
  userId: string;
  email: string;
  name: string | null;
};

/**
 * The console's tax forms (forms on file only, newest first), optionally by status; cursor pages.
 */
export async function listTaxForms(
  input: { status?: TaxForm["status"]; page?: z.input<typeof ZPageInput> },
  db: PrismaClient,
) {
  const page = ZPageInput.parse(input.page ?? {});
  const rows = await db.taxForm.findMany({
    where: { supersededAt: null, ...(input.status ? { status: input.status } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: {
      promoter: { select: { userId: true, user: { select: { email: true, name: true } } } },
    },
    ...pageArgs(page),
  });
  return paginate(rows, page, (r): TaxFormRow => ({
    ...summary(r),
    promoterId: r.promoterId,
    userId: r.promoter.userId,
    email: r.promoter.user.email,
    name: r.promoter.user.name,
  }));
}

/**
 * An admin verifies or rejects the form on file (issue 11 §4: "Admin marks forms verified"),
 * with the reason the promoter reads on a rejection; audited in the same transaction. A
 * rejected W-9 no longer satisfies the payout gate.
 * @throws AppError BAD_INPUT (zod); NOT_FOUND (unknown form); CONFLICT when the form was
 *   superseded by a newer one or already reviewed.
 */
export async function reviewTaxForm(
  input: z.input<typeof ZReviewTaxFormInput>,
  actor: { userId: string | null },
  db: PrismaClient,
  now = new Date(),
): Promise<TaxFormSummary> {
  const v = ZReviewTaxFormInput.parse(input);
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ id: string }[]>`
      SELECT "id" FROM "TaxForm" WHERE "id" = ${v.formId} FOR UPDATE`;
    if (!row) throw new AppError("NOT_FOUND", `Tax form ${v.formId} does not exist.`);
    const form = (await tx.taxForm.findUnique({ where: { id: v.formId } }))!;
    if (form.supersededAt)
      throw new AppError("CONFLICT", `Tax form ${form.id} was replaced by a newer submission.`);
    if (form.status !== "SUBMITTED")
      throw new AppError(
        "CONFLICT",
        `Tax form ${form.id} is already ${form.status.toLowerCase()}.`,
      );
    const updated = await tx.taxForm.update({
      where: { id: form.id },
      data: {
        status: v.decision,
        reviewedById: actor.userId,
        reviewedAt: now,
        rejectReason: v.decision === "REJECTED" ? v.reason : null,
      },
    });
    await writeAudit(tx, {
      actorId: actor.userId,
      action: v.decision === "VERIFIED" ? "tax.verify" : "tax.reject",
      subjectType: "taxForm",
      subjectId: form.id,
      before: { status: form.status, promoterId: form.promoterId, kind: form.kind },
      after: {
        status: updated.status,
        ...(v.decision === "REJECTED" ? { reason: v.reason } : {}),
      },
    });
    return summary(updated);
  });
}

/** One row of the year-end 1099-NEC export. */
export type Form1099Row = {
  promoterId: string;
  email: string;
  legalName: string | null;
  businessName: string | null;
  address: string | null;
  taxIdType: string | null;
  /** Masked: "***-**-1234"; the full id is decrypted only by the filing step, never exported. */
  taxIdMasked: string | null;
  formStatus: string | null;
  /** Box 1, nonemployee compensation: the year's paid total from the ledger, cents. */
  paidCents: number;
};

/**
 * The 1099-NEC rows for `year` (issue 11 §4): every US promoter (Connect country "US") whose
 * paid total for the year (`paidOutInYear`, from the ledger) is at or over that year's
 * threshold, with the W-9 on file (or empty columns when none: the export shows who is missing
 * one). Ordered by amount, largest first.
 */
export async function form1099Rows(db: PrismaClient, year: number): Promise<Form1099Row[]> {
  const us = await db.connectAccount.findMany({
    where: { payeeType: "PROMOTER", country: "US" },
    select: { payeeId: true },
  });
  const ids = us.map((c) => c.payeeId);
  const threshold = reportingThresholdCents(await programSettings(db), year);
  const paid = await paidOutInYear(db, ids, year);
  const due = ids.filter((id) => (paid.get(id) ?? 0) >= threshold);
  const [promoters, forms] = await Promise.all([
    db.promoterProfile.findMany({
      where: { id: { in: due } },
      select: { id: true, user: { select: { email: true } } },
    }),
    db.taxForm.findMany({ where: { promoterId: { in: due }, supersededAt: null, kind: "W9" } }),
  ]);
  const formBy = new Map(forms.map((f) => [f.promoterId, f]));
  return promoters
    .map((p): Form1099Row => {
      const f = formBy.get(p.id);
      return {
        promoterId: p.id,
        email: p.user.email,
        legalName: f?.legalName ?? null,
        businessName: f?.businessName ?? null,
        address: f
          ? [f.addressLine1, f.addressLine2, f.city, f.region, f.postalCode, f.country]
              .filter(Boolean)
              .join(", ")
          : null,
        taxIdType: f?.taxIdType ?? null,
        taxIdMasked: f?.taxIdLast4
          ? f.taxIdType === "EIN"
            ? `**-***${f.taxIdLast4}`
            : `***-**-${f.taxIdLast4}`
          : null,
        formStatus: f?.status ?? null,
        paidCents: paid.get(p.id) ?? 0,
      };
    })
    .sort((a, b) => b.paidCents - a.paidCents);
}
