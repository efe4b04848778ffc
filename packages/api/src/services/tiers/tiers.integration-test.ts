import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { tierRecomputeJob } from "../jobs/handlers";
import { authenticateApiKey, createApiKey } from "../platform/api-keys";
import { getPromoterProgress } from "./progress";
import { recomputeTiers } from "./recompute";
import { requestTierRecompute } from "./schedule";

const DAY_MS = 86_400_000;

/**
 * Promoter tiers (issue 13 §1): who qualifies for which tier (sales and commission over a
 * trailing window, refunds and old sales left out), the recompute that moves and emails once,
 * the admin's tiers and the promoter's progress.
 */
describe("promoter tiers", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let track: Awaited<ReturnType<Harness["makeTrack"]>>["track"];
  const now = new Date("2026-12-10T12:00:00Z");
  const tier: Record<string, string> = {};

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
    const artist = await h.makeUser({ artistName: "Tier Artist" });
    ({ track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2000 }));
    const defs = [
      { name: "Bronze", rank: 0, threshold: 0, bonusBps: 0, payoutMinimumCents: null },
      { name: "Silver", rank: 1, threshold: 5, bonusBps: 200, payoutMinimumCents: null },
      {
        name: "Gold",
        rank: 2,
        threshold: 15,
        bonusBps: 500,
        payoutMinimumCents: 200,
        perks: [{ icon: "🎧", title: "Early access to releases", description: "" }],
      },
    ];
    for (const d of defs) {
      const t = await admin.caller.admin.tiers.upsert({ ...d, metric: "SALES", windowDays: 90 });
      tier[d.name] = t.id;
    }
  });
  afterAll(async () => {
    await h.close();
  });

  /** A promoter (profile created as the dashboard would) and their caller. */
  const makePromoter = async () => {
    const user = await h.makeUser();
    await user.caller.promoter.me();
    const profile = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: user.id } });
    return { ...user, promoterId: profile.id };
  };

  let n = 0;
  /**
   * `count` sales of the promoter completed `daysAgo` before `now`, each with a $2.00
   * commission; `refunded` marks them refunded in full (the commission reversed in full).
   */
  const addSales = async (
    promoterId: string,
    count: number,
    opts: { daysAgo?: number; refunded?: boolean } = {},
  ) => {
    const at = new Date(now.getTime() - (opts.daysAgo ?? 1) * DAY_MS);
    for (let i = 0; i < count; i++) {
      n++;
      const sale = await h.db.sale.create({
        data: {
          trackId: track.id,
          artistId: track.artistId,
          buyerEmail: `tierbuyer${n}@example.com`,
          amountCents: 1000,
          currency: "usd",
          platformFeeCents: 100,
          artistCents: 700,
          commissionCents: 200,
          commissionBps: 2000,
          promoterId,
          status: opts.refunded ? "REFUNDED" : "COMPLETED",
          refundedCents: opts.refunded ? 1000 : 0,
          completedAt: at,
          refundedAt: opts.refunded ? at : null,
          downloadTokenHash: `tier-test-${n}-${Math.random()}`,
        },
      });
      await h.db.commission.create({
        data: {
          saleId: sale.id,
          promoterId,
          linkId: "no-link",
          trackId: track.id,
          amountCents: 200,
          rateBps: 2000,
          reversedCents: opts.refunded ? 200 : 0,
          status: opts.refunded ? "CANCELLED" : "PENDING",
          holdUntil: at,
          createdAt: at,
        },
      });
    }
  };

  const tierOf = async (promoterId: string) =>
    (await h.db.promoterProfile.findUniqueOrThrow({ where: { id: promoterId } })).tierId;

  const tierEmails = (to: string) =>
    h.db.emailOutbox.findMany({
      where: { to, template: "tier-changed" },
      orderBy: { createdAt: "asc" },
    });

  test("qualifying is ≥ the threshold: 4 sales hold Bronze, exactly 5 Silver, 15 Gold", async () => {
    const four = await makePromoter();
    const five = await makePromoter();
    const fifteen = await makePromoter();
    await addSales(four.promoterId, 4);
    await addSales(five.promoterId, 5);
    await addSales(fifteen.promoterId, 15);
    const result = await recomputeTiers(
      { promoterIds: [four.promoterId, five.promoterId, fifteen.promoterId], now },
      h.db,
    );
    expect(result).toMatchObject({ checked: 3, moved: 3, up: 3, down: 0 });
    expect(await tierOf(four.promoterId)).toBe(tier.Bronze);
    expect(await tierOf(five.promoterId)).toBe(tier.Silver);
    expect(await tierOf(fifteen.promoterId)).toBe(tier.Gold);
    // A first tier of rank 0 (where everyone starts) is not news; Silver and Gold are.
    expect(await tierEmails(four.email)).toHaveLength(0);
    expect((await tierEmails(fifteen.email)).map((e) => e.subject)).toEqual([
      "You moved up to Gold",
    ]);
  });

  test("a fully refunded sale and sales outside the 90-day window do not count", async () => {
    const p = await makePromoter();
    await addSales(p.promoterId, 4);
    await addSales(p.promoterId, 1, { refunded: true });
    await addSales(p.promoterId, 3, { daysAgo: 91 });
    await recomputeTiers({ promoterIds: [p.promoterId], now }, h.db);
    expect(await tierOf(p.promoterId)).toBe(tier.Bronze);
    const progress = await getPromoterProgress({ promoterId: p.promoterId, now }, h.db);
    expect(progress.next).toMatchObject({ name: "Silver", value: 4, missing: 1 });
    // One more counted sale inside the window reaches Silver.
    await addSales(p.promoterId, 1, { daysAgo: 89 });
    await recomputeTiers({ promoterIds: [p.promoterId], now }, h.db);
    expect(await tierOf(p.promoterId)).toBe(tier.Silver);
  });

  test("recompute moves a promoter up and down once each, emailing once per move; a rerun changes nothing", async () => {
    const p = await makePromoter();
    await addSales(p.promoterId, 5, { daysAgo: 80 });
    expect(await recomputeTiers({ promoterIds: [p.promoterId], now }, h.db)).toMatchObject({
      moved: 1,
      up: 1,
    });
    expect(await recomputeTiers({ promoterIds: [p.promoterId], now }, h.db)).toMatchObject({
      moved: 0,
    });
    expect(await tierOf(p.promoterId)).toBe(tier.Silver);
    // Twenty days later the sales have left the window: back to Bronze, by the job's handler.
    const later = new Date(now.getTime() + 20 * DAY_MS);
    expect(
      await tierRecomputeJob({ db: h.db, now: later }, { promoterIds: [p.promoterId] }),
    ).toMatchObject({ moved: 1, down: 1 });
    expect(
      await tierRecomputeJob({ db: h.db, now: later }, { promoterIds: [p.promoterId] }),
    ).toMatchObject({ moved: 0 });
    expect(await tierOf(p.promoterId)).toBe(tier.Bronze);
    const emails = await tierEmails(p.email);
    expect(emails.map((e) => e.subject)).toEqual([
      "You moved up to Silver",
      "Your tier is now Bronze",
    ]);
    expect(emails[1]!.props).toMatchObject({
      tierName: "Bronze",
      previousTierName: "Silver",
      direction: "down",
    });
    const audit = await h.db.auditLog.findMany({
      where: { subjectType: "promoter", subjectId: p.promoterId, action: "promoter.tier" },
    });
    expect(audit).toHaveLength(2);
  });

  test("requesting a recompute with no runner on the database queues nothing and never throws", async () => {
    await expect(requestTierRecompute(["nobody"], h.db)).resolves.toBeUndefined();
    await expect(requestTierRecompute([], h.db)).resolves.toBeUndefined();
  });

  test("the job refuses a payload that is not { promoterIds }", async () => {
    expect(() => tierRecomputeJob({ db: h.db }, { promoterIds: "x" })).toThrow(/promoterIds/);
  });

  test("admins list tiers with promoter counts, and a duplicate name or rank is a CONFLICT naming the field", async () => {
    const list = await admin.caller.admin.tiers.list();
    expect(list.map((t) => [t.name, t.rank])).toEqual([
      ["Bronze", 0],
      ["Silver", 1],
      ["Gold", 2],
    ]);
    expect(list.find((t) => t.name === "Gold")).toMatchObject({
      bonusBps: 500,
      payoutMinimumCents: 200,
      perks: [{ icon: "🎧", title: "Early access to releases", description: "" }],
    });
    expect(list.reduce((s, t) => s + t.promoterCount, 0)).toBeGreaterThanOrEqual(5);
    const base = {
      metric: "SALES" as const,
      threshold: 100,
      bonusBps: 0,
      payoutMinimumCents: null,
    };
    await expect(
      admin.caller.admin.tiers.upsert({ ...base, name: "gold", rank: 9 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("the name is already used"),
      cause: { field: "name" },
    });
    await expect(
      admin.caller.admin.tiers.upsert({ ...base, name: "Diamond", rank: 2 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining('rank 2 is already tier "Gold"'),
      cause: { field: "rank" },
    });
    // Saving a tier under its own name and rank is no conflict.
    const gold = list.find((t) => t.name === "Gold")!;
    const updated = await admin.caller.admin.tiers.upsert({
      id: gold.id,
      name: "Gold",
      rank: 2,
      metric: "SALES",
      threshold: 15,
      bonusBps: 600,
      payoutMinimumCents: 200,
      perks: gold.perks,
    });
    expect(updated).toMatchObject({ bonusBps: 600, windowDays: 90 });
    expect(
      await h.db.auditLog.findFirst({
        where: { subjectType: "tier", subjectId: gold.id, action: "tier.update" },
      }),
    ).toMatchObject({ actorId: admin.id, before: { bonusBps: 500 }, after: { bonusBps: 600 } });
    await expect(
      admin.caller.admin.tiers.upsert({ ...base, id: "no-such-tier", name: "X", rank: 50 }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  test("deleting a tier held by promoters leaves them with none until the next recompute reassigns them", async () => {
    const p = await makePromoter();
    await addSales(p.promoterId, 5);
    const temp = await admin.caller.admin.tiers.upsert({
      name: "Silver+",
      rank: 10,
      metric: "COMMISSION",
      threshold: 1000,
      windowDays: 30,
      bonusBps: 300,
      payoutMinimumCents: null,
      perks: [],
    });
    await recomputeTiers({ promoterIds: [p.promoterId], now }, h.db);
    // $10.00 of commission in 30 days reaches the commission tier.
    expect(await tierOf(p.promoterId)).toBe(temp.id);
    expect(await admin.caller.admin.tiers.delete({ id: temp.id })).toEqual({
      id: temp.id,
      promotersCleared: 1,
    });
    expect(await tierOf(p.promoterId)).toBeNull();
    expect(
      await h.db.auditLog.findFirst({
        where: { subjectType: "tier", subjectId: temp.id },
        orderBy: { createdAt: "desc" },
      }),
    ).toMatchObject({ action: "tier.delete", actorId: admin.id });
    const result = await admin.caller.admin.tiers.recompute();
    expect(result.checked).toBeGreaterThanOrEqual(1);
    expect(await tierOf(p.promoterId)).toBe(tier.Silver);
    await expect(admin.caller.admin.tiers.delete({ id: temp.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  test("progress: the tier qualified for now, what is missing to the next, perks, and room for milestones", async () => {
    const p = await makePromoter();
    await addSales(p.promoterId, 12);
    // Live: right even though no recompute has run for this promoter.
    expect(await tierOf(p.promoterId)).toBeNull();
    const progress = await p.caller.promoter.progress();
    expect(progress).toMatchObject({
      tier: { name: "Silver", rank: 1, bonusBps: 200, payoutMinimumCents: null, perks: [] },
      next: {
        name: "Gold",
        metric: "SALES",
        threshold: 15,
        windowDays: 90,
        value: 12,
        missing: 3,
        bonusBps: 600,
        perks: [{ title: "Early access to releases" }],
      },
      value: { metric: "SALES", windowDays: 90, value: 12 },
      milestones: [],
      badges: [],
    });
    expect(progress.tiers).toEqual([
      { name: "Bronze", rank: 0, bonusBps: 0, unlocked: true },
      { name: "Silver", rank: 1, bonusBps: 200, unlocked: true },
      { name: "Gold", rank: 2, bonusBps: 600, unlocked: false },
    ]);
    await addSales(p.promoterId, 3);
    const top = await p.caller.promoter.progress();
    expect(top).toMatchObject({ tier: { name: "Gold" }, next: null, value: { value: 15 } });
  });

  test("a tier's API requests per hour: a Gold promoter's key gets it; omitted keeps it, null gives the program's back; audited", async () => {
    const p = await makePromoter();
    await addSales(p.promoterId, 15);
    await recomputeTiers({ promoterIds: [p.promoterId], now }, h.db);
    expect(await tierOf(p.promoterId)).toBe(tier.Gold);
    const { key } = await createApiKey(
      { userId: p.id, key: { name: "Tier limit", scopes: ["stats:read"] } },
      h.db,
    );
    const limit = async () => {
      const auth = await authenticateApiKey(`Bearer ${key}`, "198.51.100.20", h.db);
      if (!auth.ok) throw new Error(auth.refusal.message);
      return auth.key.limitPerHour;
    };
    expect(await limit()).toBe(100);

    const gold = (await admin.caller.admin.tiers.list()).find((t) => t.name === "Gold")!;
    expect(gold.apiRequestsPerHour).toBeNull();
    const { promoterCount: _count, id: _id, ...fields } = gold;
    const saved = await admin.caller.admin.tiers.upsert({
      ...fields,
      id: gold.id,
      apiRequestsPerHour: 2_500,
    });
    expect(saved.apiRequestsPerHour).toBe(2_500);
    expect(await limit()).toBe(2_500);
    expect(
      await h.db.auditLog.findFirst({
        where: { subjectType: "tier", subjectId: gold.id, action: "tier.update" },
        orderBy: { createdAt: "desc" },
      }),
    ).toMatchObject({
      actorId: admin.id,
      before: { apiRequestsPerHour: null },
      after: { apiRequestsPerHour: 2_500 },
    });

    // A caller that does not send the field (one that predates it) leaves the limit alone.
    const { apiRequestsPerHour: _limit, ...withoutLimit } = fields;
    await admin.caller.admin.tiers.upsert({ ...withoutLimit, id: gold.id });
    expect(await limit()).toBe(2_500);
    // Emptied in the form (null): the program's default again.
    await admin.caller.admin.tiers.upsert({ ...fields, id: gold.id, apiRequestsPerHour: null });
    expect(await limit()).toBe(100);
    await expect(
      admin.caller.admin.tiers.upsert({ ...fields, id: gold.id, apiRequestsPerHour: 0 }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("API requests per hour must be at least 1"),
    });
  });
});
