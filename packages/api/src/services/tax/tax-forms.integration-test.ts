import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  completeSandboxOnboarding,
  getPayments,
  sandboxDefaultAccountNumber,
} from "@fanfare/payments";
import type { TaxFormInput } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { export1099NecCsv } from "../admin/exports";
import { AppError } from "../app-error";
import { scorePromoters } from "../fraud/fraud-score";
import { verifyLedger } from "../ledger/verify-ledger";
import { refreshConnectAccount, startConnectOnboarding } from "../payouts/connect";
import type { Payee } from "../payouts/payee";
import { getPayoutEligibility, requestPayout, runPayoutBatch } from "../payouts/payouts";
import {
  currentTaxForm,
  form1099Rows,
  getTaxStatus,
  listTaxForms,
  reviewTaxForm,
  submitTaxForm,
} from "./tax-forms";
import { decryptTaxId } from "./tax-id-crypto";

const DAY = 86_400_000;
/** A low threshold for the test (the defaults are $600 through 2025 and $2,000 from 2026). */
const THRESHOLD = 500;
/** The test's settings: the threshold, and a payout minimum under one sale's commission. */
const TEST_ENV: Record<string, string> = {
  TAX_THRESHOLD_2026_CENTS: String(THRESHOLD),
  TAX_THRESHOLD_2027_CENTS: String(THRESHOLD),
  PAYOUT_MINIMUM_CENTS: "100",
};

const w9 = (over: Partial<TaxFormInput> = {}): TaxFormInput => ({
  kind: "W9",
  legalName: "Jordan Fan",
  addressLine1: "1 Main St",
  city: "Austin",
  region: "TX",
  postalCode: "78701",
  country: "US",
  taxIdType: "SSN",
  taxId: "123-45-6789",
  signatureName: "Jordan Fan",
  certify: true,
  ...over,
});

/**
 * Tax forms and the W-9 payout gate (issue 11 §4): forms stored with the tax id encrypted, one
 * on file per promoter; a US promoter's payout that reaches the year's 1099-NEC threshold waits
 * for a W-9 (the batch skips them); admins verify or reject; the year-end export; and the shared
 * payout bank account as a fraud signal.
 */
describe("tax forms and the W-9 payout gate", () => {
  let h: Harness;
  let adminId = "";
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    for (const [v, value] of Object.entries(TEST_ENV)) {
      saved[v] = process.env[v];
      process.env[v] = value;
    }
    h = await setupHarness();
    adminId = (await h.makeAdmin()).id;
  });
  afterAll(async () => {
    for (const v of Object.keys(TEST_ENV)) {
      if (saved[v] === undefined) delete process.env[v];
      else process.env[v] = saved[v];
    }
    await h.close();
  });

  const later = () => new Date(Date.now() + 15 * DAY);

  /** A promoter with `n` completed sales of a 1000-cent track at 20 % (200 cents each). */
  async function promoterWithSales(n: number) {
    const artist = await h.makeUser({
      artistName: `Tax Artist ${Math.random().toString(36).slice(2, 7)}`,
    });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const user = await h.makeUser();
    const profile = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
    const link = await user.caller.promoter.getOrCreateLink({ trackId: track.id });
    for (let i = 0; i < n; i++) await h.sellThroughLink(link, track);
    const payee: Payee = { type: "PROMOTER", id: profile.id };
    return { user, payee, promoterId: profile.id, link, track };
  }

  /** Onboards the payee in the sandbox (a US account unless `country` changes it afterwards). */
  async function onboard(
    payee: Payee,
    email: string,
    opts: { country?: string; accountNumber?: string } = {},
  ) {
    const payments = getPayments(h.db);
    const { stripeAccountId } = await startConnectOnboarding(
      { payee, email },
      { db: h.db, payments },
    );
    await completeSandboxOnboarding(h.db, {
      accountId: stripeAccountId,
      webhookUrl: h.webhookUrl,
      ...(opts.accountNumber
        ? { bankAccount: { routingNumber: "110000000", accountNumber: opts.accountNumber } }
        : {}),
    });
    await refreshConnectAccount(payee, { db: h.db, payments });
    if (opts.country)
      await h.db.connectAccount.update({
        where: { stripeAccountId },
        data: { country: opts.country },
      });
    return stripeAccountId;
  }

  const deps = () => ({ db: h.db, payments: getPayments(h.db), now: later });

  test("onboarding stores the account's country and bank fingerprint from Stripe's account", async () => {
    const p = await promoterWithSales(0);
    const acct = await onboard(p.payee, p.user.email);
    expect(
      await h.db.connectAccount.findUniqueOrThrow({ where: { stripeAccountId: acct } }),
    ).toMatchObject({
      country: "US",
      bankFingerprint: expect.stringMatching(/^[\w-]{16}$/) as string,
    });
  });

  test("a US promoter's payout that reaches the threshold waits for a W-9; the batch skips them; a W-9 lets it through", async () => {
    const p = await promoterWithSales(2);
    await onboard(p.payee, p.user.email);
    // 400 cents paid this year: under the 500-cent threshold, no form needed.
    expect(await requestPayout({ payee: p.payee }, deps())).toMatchObject({
      status: "PAID",
      amountCents: 400,
    });
    await h.sellThroughLink(p.link, p.track);
    // The next 200 would take the year to 600 ≥ 500.
    const refused = await requestPayout({ payee: p.payee }, deps()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "TAX_FORM_REQUIRED" });
    expect((refused as Error).message).toMatch(
      /would bring what you were paid in \d{4} to \$6\.00.*\$5\.00.*Submit a W-9/,
    );
    expect(await getPayoutEligibility({ payee: p.payee, now: later() }, h.db)).toMatchObject({
      canRequest: false,
      reason: expect.stringMatching(/W-9/) as string,
    });
    expect(await getTaxStatus(p.promoterId, h.db, later())).toMatchObject({
      form: null,
      payoutCountry: "US",
      paidThisYearCents: 400,
      thresholdCents: THRESHOLD,
      w9Needed: true,
    });
    const batch = await runPayoutBatch(deps());
    expect(batch.awaitingTaxForm).toBeGreaterThanOrEqual(1);
    expect(await h.db.payout.count({ where: { payeeId: p.promoterId } })).toBe(1);

    // A W-8BEN is not a W-9: a US address is refused on it, and the gate stays.
    await expect(
      submitTaxForm(
        { promoterId: p.promoterId, form: w9({ kind: "W8BEN", taxIdType: "FOREIGN_TIN" }) },
        h.db,
      ),
    ).rejects.toThrow(/A W-8BEN is for people outside the US/);
    await submitTaxForm({ promoterId: p.promoterId, form: w9() }, h.db);
    expect(await requestPayout({ payee: p.payee }, deps())).toMatchObject({
      status: "PAID",
      amountCents: 200,
    });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a rejected W-9 no longer counts; the promoter reads why; a corrected one does", async () => {
    const p = await promoterWithSales(3);
    await onboard(p.payee, p.user.email);
    const form = await submitTaxForm(
      { promoterId: p.promoterId, form: w9({ taxIdType: "EIN", taxId: "12-3456789" }) },
      h.db,
    );
    await reviewTaxForm(
      { formId: form.id, decision: "REJECTED", reason: "The EIN does not match the name" },
      { userId: adminId },
      h.db,
    );
    await expect(requestPayout({ payee: p.payee }, deps())).rejects.toThrow(
      /Your W-9 was not accepted \(The EIN does not match the name\): submit a corrected one/,
    );
    await submitTaxForm(
      { promoterId: p.promoterId, form: w9({ taxIdType: "EIN", taxId: "98-7654321" }) },
      h.db,
    );
    expect(await requestPayout({ payee: p.payee }, deps())).toMatchObject({
      status: "PAID",
      amountCents: 600,
    });
  });

  test("a promoter outside the US, and every artist, is never gated", async () => {
    const p = await promoterWithSales(3);
    await onboard(p.payee, p.user.email, { country: "DE" });
    expect(await requestPayout({ payee: p.payee }, deps())).toMatchObject({
      status: "PAID",
      amountCents: 600,
    });
    const track = await h.db.track.findUniqueOrThrow({ where: { id: p.track.id } });
    const artistPayee: Payee = { type: "ARTIST", id: track.artistId };
    const artistUser = await h.db.artistProfile.findUniqueOrThrow({
      where: { id: track.artistId },
      include: { user: true },
    });
    await onboard(artistPayee, artistUser.user.email);
    // The artist's 3 × 700 cents (after fee and commission) are well over the threshold.
    expect(await requestPayout({ payee: artistPayee }, deps())).toMatchObject({ status: "PAID" });
  });

  test("the tax id is stored encrypted, bound to its promoter, and shown by its last 4 only", async () => {
    const p = await promoterWithSales(0);
    const form = await submitTaxForm({ promoterId: p.promoterId, form: w9() }, h.db);
    expect(form).toMatchObject({ taxIdType: "SSN", taxIdLast4: "6789", status: "SUBMITTED" });
    expect(JSON.stringify(form)).not.toMatch(/123456789|123-45/);
    const row = await h.db.taxForm.findUniqueOrThrow({ where: { id: form.id } });
    expect(row.taxIdCiphertext).toMatch(/^v1:[0-9a-f]{8}:[\w-]+:[\w-]+:[\w-]+$/);
    expect(row.taxIdCiphertext).not.toContain("6789");
    expect(decryptTaxId(row.taxIdCiphertext!, p.promoterId)).toBe("123456789");
    // Copied onto another promoter's row, it does not decrypt (the owner is authenticated data).
    expect(() => decryptTaxId(row.taxIdCiphertext!, "someone-else")).toThrow();
    // Two encryptions of the same id differ (a fresh IV each time).
    const again = await submitTaxForm({ promoterId: p.promoterId, form: w9() }, h.db);
    const row2 = await h.db.taxForm.findUniqueOrThrow({ where: { id: again.id } });
    expect(row2.taxIdCiphertext).not.toBe(row.taxIdCiphertext);
    // The database refuses a tax id stored without its ciphertext.
    await expect(
      h.db.$executeRaw`UPDATE "TaxForm" SET "taxIdCiphertext" = NULL WHERE "id" = ${again.id}`,
    ).rejects.toThrow(/TaxForm_tax_id_check/);
  });

  test("a new submission supersedes the form on file; concurrent ones leave exactly one", async () => {
    const p = await promoterWithSales(0);
    const first = await submitTaxForm({ promoterId: p.promoterId, form: w9() }, h.db);
    await Promise.all(
      ["Jordan A Fan", "Jordan B Fan", "Jordan C Fan"].map((name) =>
        submitTaxForm(
          { promoterId: p.promoterId, form: w9({ legalName: name, signatureName: name }) },
          h.db,
        ),
      ),
    );
    const onFile = await h.db.taxForm.findMany({
      where: { promoterId: p.promoterId, supersededAt: null },
    });
    expect(onFile).toHaveLength(1);
    expect(onFile[0]!.id).not.toBe(first.id);
    expect(await h.db.taxForm.count({ where: { promoterId: p.promoterId } })).toBe(4);
    // Reviewing a superseded form is refused.
    await expect(
      reviewTaxForm({ formId: first.id, decision: "VERIFIED" }, { userId: adminId }, h.db),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  test("an admin verifies a form once, audited; the list filters by status", async () => {
    const p = await promoterWithSales(0);
    const form = await submitTaxForm(
      {
        promoterId: p.promoterId,
        form: w9({
          kind: "W8BEN",
          country: "DE",
          city: "Berlin",
          taxIdType: "FOREIGN_TIN",
          taxId: "DE 12345678901",
        }),
      },
      h.db,
    );
    const listed = await listTaxForms({ status: "SUBMITTED" }, h.db);
    expect(listed.items.some((f) => f.id === form.id && f.email === p.user.email)).toBe(true);
    const verified = await reviewTaxForm(
      { formId: form.id, decision: "VERIFIED" },
      { userId: adminId },
      h.db,
    );
    expect(verified).toMatchObject({ status: "VERIFIED", taxIdLast4: "8901" });
    await expect(
      reviewTaxForm(
        { formId: form.id, decision: "REJECTED", reason: "changed my mind" },
        { userId: adminId },
        h.db,
      ),
    ).rejects.toThrow(/already verified/);
    expect(
      await h.db.auditLog.findFirst({ where: { subjectType: "taxForm", subjectId: form.id } }),
    ).toMatchObject({ action: "tax.verify", actorId: adminId, after: { status: "VERIFIED" } });
    expect(
      (await listTaxForms({ status: "SUBMITTED" }, h.db)).items.some((f) => f.id === form.id),
    ).toBe(false);
    expect((await currentTaxForm(h.db, p.promoterId))?.status).toBe("VERIFIED");
  });

  test("the 1099-NEC export lists US promoters at or over the threshold with ledger totals and masked ids", async () => {
    const over = await promoterWithSales(3);
    await onboard(over.payee, over.user.email);
    await submitTaxForm({ promoterId: over.promoterId, form: w9({ taxId: "321-54-9876" }) }, h.db);
    await requestPayout({ payee: over.payee }, deps());
    const under = await promoterWithSales(1);
    await onboard(under.payee, under.user.email);
    await requestPayout({ payee: under.payee }, deps());
    const year = later().getUTCFullYear();
    const rows = await form1099Rows(h.db, year);
    const mine = rows.find((r) => r.promoterId === over.promoterId);
    expect(mine).toMatchObject({
      email: over.user.email,
      legalName: "Jordan Fan",
      taxIdMasked: "***-**-9876",
      formStatus: "SUBMITTED",
      paidCents: 600,
    });
    expect(rows.some((r) => r.promoterId === under.promoterId)).toBe(false);
    const { stream, fileName } = await export1099NecCsv(year, { userId: adminId }, h.db);
    let csv = "";
    for await (const chunk of stream) csv += String(chunk);
    expect(fileName).toBe(`fanfare-1099-nec-${year}.csv`);
    expect(csv.split("\n")[0]).toBe(
      "promoterId,email,legalName,businessName,address,taxIdType,taxIdMasked,formStatus,nonemployeeCompensationCents",
    );
    expect(csv).toContain(
      `${over.promoterId},${over.user.email},Jordan Fan,,"1 Main St, Austin, TX, 78701, US",SSN,***-**-9876,SUBMITTED,600`,
    );
    expect(csv).not.toContain("321549876");
    await expect(export1099NecCsv(2019, { userId: adminId }, h.db)).rejects.toThrow(
      /2020 or later/,
    );
  });

  test("two promoters paid to the same bank account both get the shared-bank signal; one's own artist account does not count", async () => {
    const a = await promoterWithSales(0);
    const b = await promoterWithSales(0);
    const acctA = await onboard(a.payee, a.user.email);
    await onboard(b.payee, b.user.email, { accountNumber: sandboxDefaultAccountNumber(acctA) });
    // A promoter who is also an artist, paid to one bank on both sides: no signal.
    const both = await h.makeUser({ artistName: `Both ${Math.random().toString(36).slice(2, 7)}` });
    const bothPromoter = await h.db.promoterProfile.upsert({
      where: { userId: both.id },
      create: { userId: both.id },
      update: {},
    });
    const bothArtist = await h.db.artistProfile.findUniqueOrThrow({ where: { userId: both.id } });
    const own = await onboard({ type: "PROMOTER", id: bothPromoter.id }, both.email);
    await onboard({ type: "ARTIST", id: bothArtist.id }, both.email, {
      accountNumber: sandboxDefaultAccountNumber(own),
    });
    await scorePromoters({ promoterIds: [a.promoterId, b.promoterId, bothPromoter.id] }, h.db);
    const profiles = await h.db.promoterProfile.findMany({
      where: { id: { in: [a.promoterId, b.promoterId, bothPromoter.id] } },
    });
    const signals = (id: string) =>
      (profiles.find((x) => x.id === id)!.fraudScoreDetail ?? []) as {
        kind: string;
        evidence: { payees?: string[] };
      }[];
    expect(signals(a.promoterId).find((s) => s.kind === "shared_bank")?.evidence.payees).toEqual([
      `promoter:${b.promoterId}`,
    ]);
    expect(signals(b.promoterId).some((s) => s.kind === "shared_bank")).toBe(true);
    expect(signals(bothPromoter.id).some((s) => s.kind === "shared_bank")).toBe(false);
    // The account.updated that brought the fingerprint marked both sides for rescoring.
    expect(
      await h.db.fraudScoreEvent.count({
        where: { promoterId: { in: [a.promoterId, b.promoterId] } },
      }),
    ).toBeGreaterThan(0);
  });
});
