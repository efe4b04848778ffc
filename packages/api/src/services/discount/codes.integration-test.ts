import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { discountCouponInput } from "./stripe-mirror";
import { redeemDiscount, releaseDiscount, reserveDiscount } from "./codes";

/**
 * Discount codes (issue 12 §1): who creates which, who funds them, and the answers of
 * `discount.validate` — every refusal in words, the discount capped by its funder's share.
 */
describe("discount codes", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let artist: Awaited<ReturnType<Harness["makeUser"]>>;
  let other: Awaited<ReturnType<Harness["makeUser"]>>;
  /** $10.00 at 25 %, the artist's. */
  let track: Awaited<ReturnType<Harness["makeTrack"]>>["track"];
  /** Another artist's $10.00 track. */
  let otherTrack: Awaited<ReturnType<Harness["makeTrack"]>>["track"];
  /** Pay what you want: $8.00 suggested, $3.00 minimum. */
  let pwyw: Awaited<ReturnType<Harness["makeTrack"]>>["track"];

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
    artist = await h.makeUser({ artistName: "Code Artist" });
    other = await h.makeUser({ artistName: "Other Artist" });
    ({ track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2500 }));
    ({ track: otherTrack } = await h.makeTrack(other, { priceCents: 1000, commissionBps: 2500 }));
    ({ track: pwyw } = await h.makeTrack(artist, {
      priceCents: 800,
      minPriceCents: 300,
      commissionBps: 2000,
      title: "Pay What You Want",
    }));
  });
  afterAll(async () => {
    await h.close();
  });

  const validate = (code: string, slug: string, amountCents?: number) =>
    h.callerFor(null).then((c) => c.discount.validate({ code, slug, amountCents }));

  test("an admin's platform code comes out of the platform fee, capped by it", async () => {
    await admin.caller.discount.create({
      code: "launch10",
      description: "10 % off at launch",
      type: "PERCENT",
      value: 1000,
      scope: "PLATFORM",
    });
    expect(await validate("Launch10", track.slug)).toEqual({
      valid: true,
      code: "LAUNCH10",
      description: "10 % off at launch",
      discountCents: 100,
      totalCents: 900,
    });
    await admin.caller.discount.create({
      code: "BIG20",
      type: "PERCENT",
      value: 2000,
      scope: "PLATFORM",
    });
    // 20 % of $10 is $2, but the platform's fee is $1: that is all it can give.
    expect(await validate("BIG20", track.slug)).toMatchObject({
      discountCents: 100,
      totalCents: 900,
    });
    const row = await h.db.discountCode.findUniqueOrThrow({ where: { code: "LAUNCH10" } });
    expect(row).toMatchObject({ funder: "PLATFORM", createdById: admin.id, status: "ACTIVE" });
    expect(
      await h.db.auditLog.findFirst({ where: { subjectType: "discountCode", subjectId: row.id } }),
    ).toMatchObject({ action: "discount.create", actorId: admin.id });
  });

  test("an artist's code covers their own tracks only and comes out of their share", async () => {
    await artist.caller.discount.create({
      code: "HALF",
      type: "PERCENT",
      value: 5000,
      scope: "ARTIST",
    });
    expect(await validate("HALF", track.slug)).toMatchObject({
      valid: true,
      discountCents: 500,
      totalCents: 500,
    });
    expect(await validate("HALF", otherTrack.slug)).toEqual({
      valid: false,
      code: "HALF",
      reason: "The code HALF is not for this track.",
    });
    // Pay what you want: on the amount chosen, which must reach the minimum before the discount.
    expect(await validate("HALF", pwyw.slug, 600)).toMatchObject({
      discountCents: 300,
      totalCents: 300,
    });
    expect(await validate("HALF", pwyw.slug, 200)).toEqual({
      valid: false,
      code: "HALF",
      reason: "Pay at least $3.00 before the discount.",
    });
    const row = await h.db.discountCode.findUniqueOrThrow({ where: { code: "HALF" } });
    expect(row).toMatchObject({ funder: "ARTIST", scope: "ARTIST" });
  });

  test("who may create what: artists not the platform scope nor others' tracks; fans nothing; codes are unique in any case", async () => {
    await expect(
      artist.caller.discount.create({
        code: "ALLOFIT",
        type: "PERCENT",
        value: 1000,
        scope: "PLATFORM",
      }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only admins create platform-wide codes.",
    });
    await expect(
      artist.caller.discount.create({
        code: "THEIRS",
        type: "FIXED",
        value: 100,
        scope: "TRACKS",
        trackIds: [otherTrack.id],
      }),
    ).rejects.toThrow(/You can only discount your own tracks/);
    const fan = await h.makeUser();
    await expect(
      fan.caller.discount.create({ code: "FANCODE", type: "FIXED", value: 100, scope: "ARTIST" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      admin.caller.discount.create({
        code: "Launch10",
        type: "FIXED",
        value: 100,
        scope: "PLATFORM",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "The code LAUNCH10 is taken." });
  });

  test("each refusal in words: paused, expired, not started, used up, minimum price, under Stripe's minimum", async () => {
    const make = (code: string, extra: Record<string, unknown> = {}) =>
      artist.caller.discount.create({
        code,
        type: "FIXED",
        value: 100,
        scope: "TRACKS",
        trackIds: [track.id],
        ...extra,
      });
    const paused = await make("PAUSED1");
    await artist.caller.discount.update({ id: paused.id, status: "PAUSED" });
    expect(await validate("PAUSED1", track.slug)).toMatchObject({
      reason: "The code PAUSED1 is no longer valid.",
    });
    await make("OLD1", {
      startsAt: new Date(Date.now() - 2 * 86_400_000),
      expiresAt: new Date(Date.now() - 86_400_000),
    });
    expect(await validate("OLD1", track.slug)).toMatchObject({
      reason: "The code OLD1 has expired.",
    });
    const starts = new Date(Date.now() + 86_400_000);
    await make("SOON1", { startsAt: starts });
    expect(await validate("SOON1", track.slug)).toMatchObject({
      reason: `The code SOON1 is not valid yet: it starts on ${starts.toISOString().slice(0, 10)}.`,
    });
    const used = await make("USED1", { maxUses: 2 });
    await h.db.discountCode.update({ where: { id: used.id }, data: { usesCount: 2 } });
    expect(await validate("USED1", track.slug)).toMatchObject({
      reason: "The code USED1 has been used up.",
    });
    await make("MIN20", { minPriceCents: 2000 });
    expect(await validate("MIN20", track.slug)).toMatchObject({
      reason: "The code MIN20 needs a price of at least $20.00.",
    });
    // $3.00 paid for the pay-what-you-want track, $2.70 of it the artist's: $2.60 off leaves
    // 40 cents, under what a card payment needs; $5.00 off is the whole price, a free download.
    await make("ALMOST", { value: 260, trackIds: [pwyw.id] });
    expect(await validate("ALMOST", pwyw.slug, 300)).toMatchObject({
      valid: false,
      reason: "With the discount the total would be $0.40, under the $0.50 a card payment needs.",
    });
    await make("GIFT", { value: 500, trackIds: [pwyw.id] });
    expect(await validate("GIFT", pwyw.slug, 300)).toMatchObject({
      valid: true,
      discountCents: 300,
      totalCents: 0,
    });
    expect(await validate("NOPE", track.slug)).toEqual({
      valid: false,
      code: "NOPE",
      reason: 'Unknown discount code "NOPE".',
    });
  });

  test("update and list: an artist manages only their own codes; archived is final; audited", async () => {
    const launch = await h.db.discountCode.findUniqueOrThrow({ where: { code: "LAUNCH10" } });
    await expect(
      artist.caller.discount.update({ id: launch.id, status: "PAUSED" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const mine = await artist.caller.discount.list({});
    expect(mine.items.every((c) => c.artistId !== null && c.funder === "ARTIST")).toBe(true);
    expect(mine.items.some((c) => c.code === "LAUNCH10")).toBe(false);
    expect(
      (await admin.caller.discount.list({ status: "ACTIVE" })).items.some(
        (c) => c.code === "LAUNCH10",
      ),
    ).toBe(true);
    const half = mine.items.find((c) => c.code === "HALF")!;
    expect(
      await artist.caller.discount.update({ id: half.id, maxUses: 50, description: "Half off" }),
    ).toMatchObject({
      maxUses: 50,
      description: "Half off",
    });
    // The edit form sends every field: only the changed ones are written and audited; dates
    // are checked against the stored ones.
    await artist.caller.discount.update({
      id: half.id,
      maxUses: 50,
      description: "Half off",
      maxUsesPerEmail: 2,
    });
    expect(
      await h.db.auditLog.findFirst({
        where: { subjectId: half.id, action: "discount.update" },
        orderBy: { createdAt: "desc" },
      }),
    ).toMatchObject({ before: { maxUsesPerEmail: null }, after: { maxUsesPerEmail: 2 } });
    await artist.caller.discount.update({ id: half.id, expiresAt: new Date("2031-01-01") });
    await expect(
      artist.caller.discount.update({ id: half.id, startsAt: new Date("2031-06-01") }),
    ).rejects.toMatchObject({ message: "The code must expire after it starts." });
    await artist.caller.discount.update({ id: half.id, status: "ARCHIVED" });
    await expect(
      artist.caller.discount.update({ id: half.id, status: "ACTIVE" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: "The code HALF is archived.",
    });
    expect(
      await h.db.auditLog.findFirst({
        where: { subjectId: half.id, action: "discount.update" },
        orderBy: { createdAt: "asc" },
      }),
    ).toMatchObject({
      before: { maxUses: null, description: "" },
      after: { maxUses: 50, description: "Half off" },
    });
  });

  test("a REPEATING 3-month code is stored and listed with its months and mirrored as such; ONCE is the default", async () => {
    const created = await artist.caller.discount.create({
      code: "SUBS3",
      type: "PERCENT",
      value: 1000,
      scope: "ARTIST",
      duration: "REPEATING",
      durationMonths: 3,
    });
    expect(created).toMatchObject({ duration: "REPEATING", durationMonths: 3 });
    const stored = await h.db.discountCode.findUniqueOrThrow({ where: { code: "SUBS3" } });
    expect(stored).toMatchObject({ duration: "REPEATING", durationMonths: 3 });
    expect(discountCouponInput(stored).duration).toEqual({ type: "repeating", months: 3 });
    const listed = (await artist.caller.discount.list({})).items.find((c) => c.code === "SUBS3");
    expect(listed).toMatchObject({ duration: "REPEATING", durationMonths: 3 });
    expect(
      await h.db.auditLog.findFirst({
        where: { subjectId: stored.id, action: "discount.create" },
      }),
    ).toMatchObject({ after: { duration: "REPEATING", durationMonths: 3 } });
    expect(
      await h.db.discountCode.findUniqueOrThrow({ where: { code: "LAUNCH10" } }),
    ).toMatchObject({ duration: "ONCE", durationMonths: null });
    await expect(
      artist.caller.discount.create({
        code: "SUBSX",
        type: "PERCENT",
        value: 1000,
        scope: "ARTIST",
        duration: "REPEATING",
      }),
    ).rejects.toMatchObject({
      message: expect.stringContaining(
        "Duration months is required for a REPEATING duration (1 to 36).",
      ),
    });
  });

  test("an unused code's duration may change (months cleared off REPEATING); a used code's may not: CONFLICT", async () => {
    const code = await admin.caller.discount.create({
      code: "SUBSFOREVER",
      type: "FIXED",
      value: 200,
      scope: "PLATFORM",
      duration: "FOREVER",
    });
    expect(
      await admin.caller.discount.update({
        id: code.id,
        duration: "REPEATING",
        durationMonths: 6,
      }),
    ).toMatchObject({ duration: "REPEATING", durationMonths: 6 });
    expect(
      await admin.caller.discount.update({ id: code.id, duration: "ONCE", durationMonths: null }),
    ).toMatchObject({ duration: "ONCE", durationMonths: null });
    expect(
      await h.db.auditLog.findFirst({
        where: { subjectId: code.id, action: "discount.update" },
        orderBy: { createdAt: "desc" },
      }),
    ).toMatchObject({
      before: { duration: "REPEATING", durationMonths: 6 },
      after: { duration: "ONCE", durationMonths: null },
    });
    await admin.caller.discount.update({ id: code.id, duration: "REPEATING", durationMonths: 3 });

    // A checkout holding a use counts as used; so does a completed use.
    const now = new Date();
    const saleId = `sale-${code.id}`;
    await h.db.$transaction((tx) =>
      reserveDiscount(tx, {
        codeId: code.id,
        saleId,
        buyerEmail: "fan@example.com",
        discountCents: 200,
        reservedUntil: new Date(now.getTime() + 30 * 60_000),
        now,
      }),
    );
    const conflict = {
      code: "CONFLICT",
      message:
        "Cannot change the duration of the code SUBSFOREVER: a code's duration cannot change once it has been used.",
    };
    await expect(
      admin.caller.discount.update({ id: code.id, duration: "FOREVER" }),
    ).rejects.toMatchObject(conflict);
    await h.db.$transaction((tx) => redeemDiscount(tx, saleId));
    expect(await h.db.discountCode.findUniqueOrThrow({ where: { id: code.id } })).toMatchObject({
      usesCount: 1,
    });
    await expect(
      admin.caller.discount.update({ id: code.id, duration: "REPEATING", durationMonths: 4 }),
    ).rejects.toMatchObject(conflict);
    await expect(
      admin.caller.discount.update({ id: code.id, duration: "ONCE" }),
    ).rejects.toMatchObject(conflict);
    // The edit form sends the unchanged duration with the other fields: that is fine.
    expect(
      await admin.caller.discount.update({
        id: code.id,
        duration: "REPEATING",
        durationMonths: 3,
        maxUses: 10,
      }),
    ).toMatchObject({ duration: "REPEATING", durationMonths: 3, maxUses: 10 });
    // A full refund gives the use back (released, `usesCount` 0): nothing holds the old terms.
    await h.db.$transaction((tx) => releaseDiscount(tx, saleId));
    expect(await admin.caller.discount.update({ id: code.id, duration: "FOREVER" })).toMatchObject({
      duration: "FOREVER",
      durationMonths: null,
    });
  });
});
