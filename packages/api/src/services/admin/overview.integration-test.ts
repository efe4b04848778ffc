import { randomUUID } from "node:crypto";

import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { ZodError } from "zod";

import { completeSandboxCheckout, completeSandboxOnboarding, getPayments } from "@fanfare/payments";
import type { OverviewFigures } from "@fanfare/validators";
import { ZProgramOverviewOutput } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { rollupClicks } from "../affiliate/click-rollup";
import { recordClick } from "../affiliate/clicks";
import { setPromoterStatus } from "../affiliate/promoter-status";
import { AppError } from "../app-error";
import { refreshConnectAccount, startConnectOnboarding } from "../payouts/connect";
import { requestPayout } from "../payouts/payouts";
import { refundSale } from "../refunds/refund-sale";
import { adjustBalance } from "./adjust-balance";
import { holdPromoterForReview, rejectCommission } from "./commission-review";
import { conversionBps, programOverview } from "./overview";

const UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0";
const ZERO: OverviewFigures = {
  sales: 0,
  gmvCents: 0,
  platformFeeCents: 0,
  commissionCents: 0,
  attributedSales: 0,
  clicks: 0,
  conversionBps: null,
  payoutsPaid: 0,
  payoutsPaidCents: 0,
  activePromoters: 0,
  newPromoters: 0,
};

describe("conversionBps: attributed sales per counted click, in basis points", () => {
  test.each([
    [0, 0, null],
    [3, 0, null],
    [0, 5, 0],
    [1, 3, 3333],
    [2, 3, 6667],
    [1, 8, 1250],
    [1, 16, 625],
    [1, 32, 313], // 312.5 rounds half up
    [5, 4, 12_500], // sales complete on another day than their clicks: above 100 %
  ])("%i sales over %i clicks is %s bps", (sales, clicks, bps) => {
    expect(conversionBps(sales, clicks)).toBe(bps);
  });
});

/**
 * A known program, built through the real flows with the clock set to each event's instant:
 * tracks at 1,000 cents with a 20 % commission and the default 10 % fee, so every sale splits
 * into fee 100, commission 200 (when attributed), artist 700.
 *
 * Previous period, 2026-11-05 .. 2026-11-09:
 *   11-06  P1 joins; 2 counted clicks of P1; sale S0 through P1's link
 *   11-08  a payout of 800 cents to the artist
 * Period, 2026-11-10 .. 2026-11-14:
 *   11-10  P2 joins; 3 counted clicks of P2; S1 through P2's link (held for review later); S2 direct
 *   11-11  nothing
 *   11-12  P3 joins; 1 click of P1; S3 through P1 (400 refunded later, P1 suspended later);
 *          S4 through P2 (refunded in full later)
 *   11-13  S5 through P3 (its commission rejected later); S6 through P2 (held for review later)
 *   11-14  1 click of P3; a payout of 1,500 cents to the artist
 * Then, on 11-20: the refunds, the rejection and the review hold, P1 suspended (holding S0's and
 * S3's pending commissions), P3 terminated, an applicant pending, two open reports.
 */
describe("programOverview: the admin's program overview", () => {
  let h: Harness;
  let adminId = "";
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let ipN = 0;

  /** Runs `fn` with the clock (Date only) at `iso`. */
  const at = async <T>(iso: string, fn: () => Promise<T>): Promise<T> => {
    vi.setSystemTime(new Date(iso));
    try {
      return await fn();
    } finally {
      vi.setSystemTime(new Date("2026-11-20T00:00:00.000Z"));
    }
  };

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
    adminId = admin.id;
    vi.useFakeTimers({ toFake: ["Date"] });

    const artist = await h.makeUser({ artistName: "Overview Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });

    const promoter = async (iso: string) =>
      at(iso, async () => {
        const user = await h.makeUser();
        const link = await user.caller.promoter.getOrCreateLink({ trackId: track.id });
        const { id } = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
        return { id, link };
      });
    const clicks = (p: { link: { code: string } }, iso: string, n: number) =>
      at(iso, async () => {
        for (let i = 0; i < n; i++) {
          ipN++;
          const r = await recordClick(
            {
              slug: track.slug,
              code: p.link.code,
              method: "GET",
              ip: `198.51.100.${ipN}`,
              userAgent: UA,
              referer: null,
              landingPath: `/t/${track.slug}?ref=${p.link.code}`,
              sessionId: null,
              now: new Date(iso),
            },
            h.db,
          );
          expect(r).toMatchObject({ recorded: true, counted: true });
        }
      });
    const sellVia = (p: { link: { id: string } }, iso: string) =>
      at(iso, () => h.sellThroughLink(p.link, track));
    const sellDirect = (iso: string) =>
      at(iso, async () => {
        const buyer = await h.callerFor(null);
        const checkout = await buyer.buyer.startCheckout({
          slug: track.slug,
          buyerEmail: `direct-${randomUUID()}@example.com`,
        });
        const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
        await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
        return checkout.saleId;
      });
    const artistPayee = {
      type: "ARTIST" as const,
      id: (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } })).id,
    };
    const payArtist = (iso: string, amountCents: number) =>
      at(iso, async () => {
        await adjustBalance(
          {
            payeeEmail: artist.email,
            payeeType: "ARTIST",
            amountCents,
            reason: "Overview test credit",
            idempotencyKey: randomUUID(),
          },
          { userId: adminId },
          h.db,
        );
        const payout = await requestPayout(
          { payee: artistPayee },
          { db: h.db, payments, now: () => new Date(iso) },
        );
        expect(payout).toMatchObject({ status: "PAID", amountCents });
      });

    const { stripeAccountId } = await startConnectOnboarding(
      { payee: artistPayee, email: artist.email },
      { db: h.db, payments },
    );
    await completeSandboxOnboarding(h.db, { accountId: stripeAccountId, webhookUrl: h.webhookUrl });
    await refreshConnectAccount(artistPayee, { db: h.db, payments });

    // Previous period.
    const p1 = await promoter("2026-11-06T09:00:00.000Z");
    await clicks(p1, "2026-11-06T10:00:00.000Z", 2);
    await sellVia(p1, "2026-11-06T10:05:00.000Z");
    await payArtist("2026-11-08T12:00:00.000Z", 800);

    // The period.
    const p2 = await promoter("2026-11-10T08:00:00.000Z");
    await clicks(p2, "2026-11-10T09:00:00.000Z", 3);
    await sellVia(p2, "2026-11-10T09:10:00.000Z");
    await sellDirect("2026-11-10T23:59:59.000Z");
    const p3 = await promoter("2026-11-12T00:00:00.000Z");
    await clicks(p1, "2026-11-12T14:00:00.000Z", 1);
    const s3 = await sellVia(p1, "2026-11-12T14:05:00.000Z");
    const s4 = await sellVia(p2, "2026-11-12T15:00:00.000Z");
    const s5 = await sellVia(p3, "2026-11-13T11:00:00.000Z");
    await sellVia(p2, "2026-11-13T12:00:00.000Z");
    await clicks(p3, "2026-11-14T08:00:00.000Z", 1);
    await payArtist("2026-11-14T18:00:00.000Z", 1500);
    expect(await rollupClicks({}, h.db)).toEqual({ clicks: 7 });

    // What happened since, on 2026-11-20 (every sale but S0 still inside its 14-day holding
    // period, S0 until 10:05): refunds, a rejection, holds, changes of standing, reports.
    await refundSale({ saleId: s3, amountCents: 400 }, { db: h.db, payments });
    await refundSale({ saleId: s4 }, { db: h.db, payments });
    const c5 = await h.db.commission.findUniqueOrThrow({ where: { saleId: s5 } });
    await rejectCommission(
      { commissionId: c5.id, reason: "Bought by the promoter's partner" },
      { userId: adminId },
      h.db,
    );
    await holdPromoterForReview(
      { promoterId: p2.id, reason: "Two buyers from one household" },
      { userId: adminId },
      h.db,
    );
    await setPromoterStatus(
      { promoterId: p1.id, status: "SUSPENDED", reason: "Clicks from one network" },
      { userId: adminId },
      h.db,
    );
    await setPromoterStatus(
      { promoterId: p3.id, status: "TERMINATED", reason: "Fraud confirmed" },
      { userId: adminId },
      h.db,
    );
    // An applicant waiting for approval (what a program that requires approval makes at sign-up).
    const applicant = await h.makeUser();
    await h.db.promoterProfile.update({
      where: { userId: applicant.id },
      data: { status: "PENDING" },
    });
    for (const status of ["OPEN", "OPEN", "RESOLVED"] as const)
      await h.db.promoterReport.create({
        data: { promoterId: p2.id, reason: "SPAM", source: "page", status },
      });
    vi.useRealTimers();
  });
  afterAll(async () => {
    vi.useRealTimers();
    await h.close();
  });

  const period = { from: "2026-11-10", to: "2026-11-14" };

  test("each day of the period, with exact figures and a row of zeros for a day without activity", async () => {
    const o = await programOverview(period, h.db);
    expect(o.period).toEqual({ from: "2026-11-10", to: "2026-11-14", days: 5 });
    expect(o.days).toEqual([
      {
        day: "2026-11-10",
        // S1 (attributed to P2) and S2 (direct).
        sales: 2,
        gmvCents: 2000,
        platformFeeCents: 200,
        commissionCents: 200,
        attributedSales: 1,
        clicks: 3,
        conversionBps: 3333,
        payoutsPaid: 0,
        payoutsPaidCents: 0,
        activePromoters: 1,
        newPromoters: 1,
      },
      { day: "2026-11-11", ...ZERO },
      {
        day: "2026-11-12",
        // S3 after 400 of its 1,000 cents were refunded: GMV 600, fee 100 − 40, commission
        // 200 − 80. S4 refunded in full: no sale, GMV, fee or commission left, and P2 not active.
        sales: 1,
        gmvCents: 600,
        platformFeeCents: 60,
        commissionCents: 120,
        attributedSales: 1,
        clicks: 1,
        conversionBps: 10_000,
        payoutsPaid: 0,
        payoutsPaidCents: 0,
        activePromoters: 1,
        newPromoters: 1,
      },
      {
        day: "2026-11-13",
        // S5's commission was rejected: the sale and its GMV count, its commission does not and
        // it is no longer P3's. S6 is held for review: its commission is earned, so it counts.
        sales: 2,
        gmvCents: 2000,
        platformFeeCents: 200,
        commissionCents: 200,
        attributedSales: 1,
        clicks: 0,
        conversionBps: null,
        payoutsPaid: 0,
        payoutsPaidCents: 0,
        activePromoters: 1,
        newPromoters: 0,
      },
      {
        day: "2026-11-14",
        ...ZERO,
        clicks: 1,
        conversionBps: 0,
        payoutsPaid: 1,
        payoutsPaidCents: 1500,
        activePromoters: 1,
      },
    ]);
  });

  test("the period's totals sum its days; active promoters are distinct over the period; conversion is of the sums", async () => {
    const o = await programOverview(period, h.db);
    expect(o.totals).toEqual({
      sales: 5,
      gmvCents: 4600,
      platformFeeCents: 460,
      commissionCents: 520,
      attributedSales: 3,
      clicks: 5,
      conversionBps: 6000,
      payoutsPaid: 1,
      payoutsPaidCents: 1500,
      // P2 (11-10, 11-13), P1 (11-12), P3 (11-14): 4 active days, 3 promoters.
      activePromoters: 3,
      newPromoters: 2,
    });
  });

  test("the previous period is the same number of days just before, with its own totals", async () => {
    const o = await programOverview(period, h.db);
    expect(o.previousPeriod).toEqual({ from: "2026-11-05", to: "2026-11-09", days: 5 });
    expect(o.previousTotals).toEqual({
      sales: 1,
      gmvCents: 1000,
      platformFeeCents: 100,
      commissionCents: 200,
      attributedSales: 1,
      clicks: 2,
      conversionBps: 5000,
      payoutsPaid: 1,
      payoutsPaidCents: 800,
      activePromoters: 1,
      newPromoters: 1,
    });
    // One day back: the previous "period" is 11-09 alone, a day without activity.
    const one = await programOverview({ from: "2026-11-10", to: "2026-11-10" }, h.db);
    expect(one.previousPeriod).toEqual({ from: "2026-11-09", to: "2026-11-09", days: 1 });
    expect(one.previousTotals).toEqual(ZERO);
    expect(one.totals).toEqual({ ...o.days[0], day: undefined, activePromoters: 1 });
  });

  test("the standing now: promoters by status, commissions on hold, open reports", async () => {
    const o = await programOverview(period, h.db);
    expect(o.standing).toEqual({
      // Admin, artist and P2 active; P1 suspended; P3 terminated; the applicant pending.
      promotersByStatus: { PENDING: 1, ACTIVE: 3, SUSPENDED: 1, TERMINATED: 1 },
      // S1's and S6's held for review (200 each); S0's and S3's (200 − 80 refunded) by P1's
      // suspension.
      commissionsOnHold: { count: 4, cents: 720, forReview: 2 },
      openReports: 2,
    });
  });

  test("with no period: the last 30 UTC days up to today, previous 30 before them", async () => {
    const o = await programOverview({}, h.db, new Date("2026-11-15T12:00:00.000Z"));
    expect(o.period).toEqual({ from: "2026-10-17", to: "2026-11-15", days: 30 });
    expect(o.previousPeriod).toEqual({ from: "2026-09-17", to: "2026-10-16", days: 30 });
    expect(o.days.map((d) => d.day)).toHaveLength(30);
    expect(o.days[0]).toEqual({ day: "2026-10-17", ...ZERO });
    expect(o.totals).toMatchObject({ sales: 6, gmvCents: 5600, payoutsPaidCents: 2300 });
    expect(o.previousTotals).toEqual(ZERO);
  });

  test("the admin's procedure answers the same figures, with no bigint anywhere", async () => {
    const viaApi = await admin.caller.admin.overview(period);
    expect(ZProgramOverviewOutput.parse(viaApi)).toEqual(viaApi);
    const direct = await programOverview(period, h.db);
    expect({ ...viaApi, generatedAt: null }).toEqual({ ...direct, generatedAt: null });
    const hasBigInt = (v: unknown): boolean =>
      typeof v === "bigint" ||
      (v != null && typeof v === "object" && Object.values(v).some(hasBigInt));
    expect(hasBigInt(viaApi)).toBe(false);
  });

  describe("a period it refuses", () => {
    test.each([
      [
        "from after to",
        { from: "2026-11-14", to: "2026-11-10" },
        /From \(2026-11-14\) must be on or before to \(2026-11-10\)/,
      ],
      [
        "367 days",
        { from: "2025-11-10", to: "2026-11-11" },
        /at most 366 days \(2025-11-10 to 2026-11-11 is 367 days\)/,
      ],
      [
        "a date that is not ISO",
        { from: "11/10/2026" },
        /From must be a date like 2026-12-01 \(YYYY-MM-DD, UTC\)/,
      ],
      ["a date that does not exist", { to: "2026-02-29" }, /To is not a real date/],
    ])(
      "%s: a ZodError from the service, 400 with the message from the procedure",
      async (_, input, message) => {
        await expect(programOverview(input, h.db)).rejects.toThrow(ZodError);
        await expect(programOverview(input, h.db)).rejects.toThrow(message);
        const error = await admin.caller.admin.overview(input).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(TRPCError);
        expect((error as TRPCError).code).toBe("BAD_REQUEST");
        expect((error as TRPCError).message).toMatch(message);
      },
    );

    test("a from alone is checked against today: in the future, or more than 366 days back", async () => {
      const now = new Date("2026-11-15T12:00:00.000Z");
      const future = await programOverview({ from: "2026-11-16" }, h.db, now).then(
        () => null,
        (e: unknown) => e,
      );
      expect(future).toBeInstanceOf(AppError);
      expect(future).toMatchObject({
        code: "BAD_INPUT",
        field: "from",
        message: "From (2026-11-16) must be on or before to (2026-11-15).",
      });
      await expect(programOverview({ from: "2025-11-14" }, h.db, now)).rejects.toThrow(
        /at most 366 days \(2025-11-14 to 2026-11-15 is 367 days\)/,
      );
      expect((await programOverview({ from: "2025-11-15" }, h.db, now)).period.days).toBe(366);
    });
  });
});
