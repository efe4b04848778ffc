import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import {
  environmentOverrides,
  forgetProgramSettings,
  programSettings,
  SETTINGS_CACHE_MS,
  updateProgramSettings,
} from "./program-settings";

const DAY = 86_400_000;

/**
 * Program settings (issue 11 §1): stored in the database, overridden by the environment, read
 * through one accessor cached at most 5 s per process, saved with an audit row, and applied from
 * then on without rewriting past sales.
 */
describe("program settings", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeUser"]>>;
  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeUser();
    await h.db.user.update({ where: { id: admin.id }, data: { isAdmin: true } });
    for (const name of ["PLATFORM_FEE_BPS", "COMMISSION_HOLD_DAYS", "PAYOUT_MINIMUM_CENTS"])
      vi.stubEnv(name, "");
  });
  afterEach(() => forgetProgramSettings(h.db));
  afterAll(async () => {
    vi.unstubAllEnvs();
    await h.close();
  });

  test("defaults, then the environment's override, which the console shows as such", async () => {
    const caller = await h.callerFor(admin.id);
    expect(await programSettings(h.db)).toEqual({
      platformFeeBps: 1000,
      holdDays: 14,
      payoutMinimumCents: 500,
      attributionWindowDays: 30,
      clickDedupeWindowSeconds: 3600,
      clickIpCapPerHour: 5,
      fraudReviewThreshold: 40,
      fraudSuspendThreshold: 60,
      fraudWeightSelfReferral: 30,
      fraudWeightSoftSelfReferral: 15,
      fraudWeightFastReversals: 25,
      fraudWeightSharedVisitor: 25,
      fraudWeightBuyerDomain: 20,
      fraudWeightClickBurst: 15,
      fraudWeightSharedBank: 30,
      fraudWeightRecruitDuplicate: 30,
      attributionModel: 0,
      programMode: 0,
      promoterCodeMaxBps: 1000,
      terminationNoticeDays: 30,
      leaderboardVisibility: 0,
      leaderboardMinClicks: 20,
      // Issue 14 §6: 5 % of a recruit's commission, for 12 months.
      recruiterShareBps: 500,
      recruiterMonths: 12,
      // IRC §6041 as amended by the One Big Beautiful Bill Act §70433.
      taxThreshold2025Cents: 60_000,
      taxThreshold2026Cents: 200_000,
      taxThreshold2027Cents: 200_000,
      // Issue 15 §1 (seed E18): 100 REST API requests per key per hour.
      apiRequestsPerHour: 100,
      // Issue 16 §3: a subscriber's files per UTC day.
      subscriberDownloadsPerDay: 20,
    });
    vi.stubEnv("COMMISSION_HOLD_DAYS", "0");
    try {
      expect((await programSettings(h.db)).holdDays).toBe(0);
      const states = await caller.admin.settings.get();
      expect(states.find((s) => s.key === "holdDays")).toMatchObject({
        value: 0,
        source: "environment",
        saved: null,
        default: 14,
      });
    } finally {
      vi.stubEnv("COMMISSION_HOLD_DAYS", "");
    }
    expect(() => environmentOverrides({ PLATFORM_FEE_BPS: "abc" })).toThrow(
      /PLATFORM_FEE_BPS=abc: Platform fee must be a number/,
    );
    expect(() => environmentOverrides({ COMMISSION_HOLD_DAYS: "365" })).toThrow(
      /Holding period must be at most 180 days/,
    );
  });

  test("a save is audited with before, after and the reason; another process sees it within 5 s", async () => {
    const t0 = Date.now();
    expect((await programSettings(h.db, t0)).payoutMinimumCents).toBe(500);
    // Another process saves (its own client): this process keeps its copy for at most 5 s.
    await h.db.programSetting.create({
      data: { key: "payoutMinimumCents", value: 1000, updatedById: admin.id },
    });
    expect((await programSettings(h.db, t0 + SETTINGS_CACHE_MS - 1)).payoutMinimumCents).toBe(500);
    expect((await programSettings(h.db, t0 + SETTINGS_CACHE_MS)).payoutMinimumCents).toBe(1000);

    const caller = await h.callerFor(admin.id);
    const states = await caller.admin.settings.update({
      values: { payoutMinimumCents: 200, attributionWindowDays: 45 },
      reason: "Lower minimum for the holiday push",
    });
    expect(states.find((s) => s.key === "payoutMinimumCents")).toMatchObject({
      value: 200,
      source: "saved",
    });
    expect((await programSettings(h.db)).attributionWindowDays).toBe(45);
    const audit = await caller.admin.audit.list({ subjectType: "setting", limit: 10 });
    expect(audit.items.map((a) => [a.action, a.subjectId, a.before, a.after, a.actor?.id])).toEqual(
      expect.arrayContaining([
        [
          "settings.update",
          "payoutMinimumCents",
          { value: 1000, source: "saved" },
          { value: 200, reason: "Lower minimum for the holiday push" },
          admin.id,
        ],
        [
          "settings.update",
          "attributionWindowDays",
          { value: 30, source: "default" },
          { value: 45, reason: "Lower minimum for the holiday push" },
          admin.id,
        ],
      ]),
    );
    expect(audit.items).toHaveLength(2);
    // Saving what is already in force changes nothing and says so.
    await expect(
      updateProgramSettings(
        { values: { payoutMinimumCents: 200 }, reason: "again" },
        { userId: admin.id },
        h.db,
      ),
    ).rejects.toThrow("Nothing to save: every value is already in force.");
    expect(await h.db.auditLog.count()).toBe(2);
  });

  test("a change applies from then on: a past sale keeps its fee and holding period, a new one gets the new ones", async () => {
    const artist = await h.makeUser({ artistName: "Settings Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 });
    const buy = async (email: string) => {
      const buyer = await h.callerFor(null);
      const checkout = await buyer.buyer.startCheckout({ slug: track.slug, buyerEmail: email });
      const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
      await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
      return h.db.sale.findUniqueOrThrow({
        where: { id: checkout.saleId },
        include: { shares: { orderBy: { position: "asc" } } },
      });
    };
    const before = await buy("before-change@example.com");
    expect(before).toMatchObject({ platformFeeBps: 1000, platformFeeCents: 100 });
    expect(before.holdUntil!.getTime() - before.completedAt!.getTime()).toBe(14 * DAY);

    const caller = await h.callerFor(admin.id);
    await caller.admin.settings.update({
      values: { platformFeeBps: 1500, holdDays: 3 },
      reason: "New fee schedule",
    });
    const after = await buy("after-change@example.com");
    expect(after).toMatchObject({ platformFeeBps: 1500, platformFeeCents: 150, artistCents: 850 });
    expect(after.shares.map((s) => [s.kind, s.amountCents])).toEqual([
      ["PLATFORM_FEE", 150],
      ["ARTIST", 850],
    ]);
    expect(after.holdUntil!.getTime() - after.completedAt!.getTime()).toBe(3 * DAY);

    // The past sale is exactly as it was settled.
    const again = await h.db.sale.findUniqueOrThrow({
      where: { id: before.id },
      include: { shares: { orderBy: { position: "asc" } } },
    });
    expect(again).toMatchObject({
      platformFeeBps: 1000,
      platformFeeCents: 100,
      artistCents: 900,
      holdUntil: before.holdUntil,
    });
    expect(again.shares.map((s) => s.amountCents)).toEqual([100, 900]);
    const { verifyLedger } = await import("../ledger/verify-ledger");
    expect(await verifyLedger(h.db)).toEqual([]);
  });
});
