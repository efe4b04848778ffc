/**
 * Discount codes on catalog subscriptions (issue 16 §3: "Discount codes with `repeating` /
 * `forever` durations apply here"), end to end on the real database with the offline sandbox:
 * the code's coupon discounts the invoices its duration covers, each discounted invoice's sale is
 * split on the subtotal with the discount from the code's funder's share, the code counts one use
 * per subscription, and codes that cannot discount a subscription are refused with the reason.
 */
import type { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout, renewSandboxSubscriptionNow } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { verifyLedger } from "../ledger/verify-ledger";

describe("catalog subscriptions: discount codes with a duration", () => {
  let h: Harness;
  let artistSlug: string;
  let artistId: string;
  let n = 0;

  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: `Coupon Coast ${Date.now()}` });
    await h.makeTrack(artist, { priceCents: 1000 });
    const profile = await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } });
    artistSlug = profile.slug;
    artistId = profile.id;
    await artist.caller.artist.saveSubscriptionPlan({
      monthlyPriceCents: 500,
      yearlyPriceCents: null,
      commissionBps: 2000,
      commissionMonths: 3,
      active: true,
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const makeCode = (data: {
    type: "PERCENT" | "FIXED";
    value: number;
    funder: "PLATFORM" | "ARTIST";
    duration: "ONCE" | "REPEATING" | "FOREVER";
    durationMonths?: number;
    scope?: "PLATFORM" | "ARTIST" | "TRACKS";
  }) =>
    h.db.discountCode.create({
      data: {
        code: `SUBS-${++n}-${Date.now().toString(36)}`.toUpperCase(),
        type: data.type,
        value: data.value,
        funder: data.funder,
        duration: data.duration,
        durationMonths: data.durationMonths ?? null,
        scope: data.scope ?? (data.funder === "ARTIST" ? "ARTIST" : "PLATFORM"),
        ...(data.funder === "ARTIST" || data.scope === "ARTIST" ? { artistId } : {}),
        ...(data.scope === "TRACKS" ? { trackIds: ["no-such-track"] } : {}),
      },
    });

  /** A new fan subscribes monthly with `code`, pays in the sandbox, then `renewals` renewals. */
  async function subscribe(code: string, renewals: number) {
    const fan = await h.makeUser();
    const started = await fan.caller.subscription.start({ artistSlug, interval: "month", code });
    const sessionId = new URL(started.checkoutUrl).pathname.split("/").pop()!;
    const done = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(done.status).toBe(200);
    const row = await h.db.catalogSubscription.findUniqueOrThrow({
      where: { id: started.subscriptionId },
    });
    for (let i = 0; i < renewals; i++)
      await renewSandboxSubscriptionNow(h.db, {
        subscriptionId: row.stripeSubscriptionId!,
        webhookUrl: h.webhookUrl,
      });
    const sales = await h.db.sale.findMany({
      where: { subscriptionId: row.id },
      orderBy: { servicePeriodStart: "asc" },
    });
    return { row, sales };
  }

  test("an artist's 20 % code repeating for 2 months: the first two invoices pay $4.00, the artist gives the $1.00; the third is full price; one use, $2.00 given", async () => {
    const code = await makeCode({
      type: "PERCENT",
      value: 2000,
      funder: "ARTIST",
      duration: "REPEATING",
      durationMonths: 2,
    });
    const { row, sales } = await subscribe(code.code, 2);
    expect(row).toMatchObject({ discountCodeId: code.id, discountFunder: "ARTIST" });
    expect(
      sales.map((s) => [
        s.amountCents,
        s.listAmountCents,
        s.discountCents,
        s.discountFunder,
        s.platformFeeCents,
        s.artistCents,
      ]),
    ).toEqual([
      [400, 500, 100, "ARTIST", 50, 350],
      [400, 500, 100, "ARTIST", 50, 350],
      [500, null, 0, null, 50, 450],
    ]);
    expect(sales.map((s) => s.discountCodeId)).toEqual([code.id, code.id, null]);
    const after = await h.db.discountCode.findUniqueOrThrow({ where: { id: code.id } });
    expect(after.usesCount).toBe(1);
    // Both discounted invoices count in what the code gave; the one use is the first's.
    expect(Number(after.discountGivenCents)).toBe(200);
    const redemptions = await h.db.discountRedemption.findMany({ where: { codeId: code.id } });
    expect(redemptions.map((r) => [r.saleId, r.status])).toEqual([[sales[0]!.id, "REDEEMED"]]);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a platform code of $0.50 forever discounts every invoice from the platform's fee", async () => {
    const code = await makeCode({
      type: "FIXED",
      value: 50,
      funder: "PLATFORM",
      duration: "FOREVER",
    });
    const { sales } = await subscribe(code.code, 2);
    expect(
      sales.map((s) => [s.amountCents, s.discountCents, s.platformFeeCents, s.artistCents]),
    ).toEqual([
      [450, 50, 0, 450],
      [450, 50, 0, 450],
      [450, 50, 0, 450],
    ]);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a code's last use is held by a checkout still open: a second sign-up is refused until it expires", async () => {
    const code = await h.db.discountCode.create({
      data: {
        code: `ONCE-${Date.now().toString(36)}`.toUpperCase(),
        type: "PERCENT",
        value: 1000,
        funder: "ARTIST",
        scope: "ARTIST",
        artistId,
        duration: "FOREVER",
        maxUses: 1,
      },
    });
    const first = await h.makeUser();
    const started = await first.caller.subscription.start({
      artistSlug,
      interval: "month",
      code: code.code,
    });
    const second = await h.makeUser();
    await expect(
      second.caller.subscription.start({ artistSlug, interval: "month", code: code.code }),
    ).rejects.toThrow(`The code ${code.code} has been used up.`);
    // The first checkout is abandoned (older than the hold): the use is free again.
    await h.db.catalogSubscription.update({
      where: { id: started.subscriptionId },
      data: { createdAt: new Date(Date.now() - 36 * 60_000) },
    });
    const again = await second.caller.subscription.start({
      artistSlug,
      interval: "month",
      code: code.code,
    });
    expect(again.checkoutUrl).toMatch(/\/sandbox\/checkout\//);
  });

  test("codes that cannot discount a subscription are refused with the reason, and nothing starts", async () => {
    const fan = await h.makeUser();
    const start = (code: string) =>
      fan.caller.subscription.start({ artistSlug, interval: "month", code }).then(
        () => {
          throw new Error("expected a refusal");
        },
        (e: unknown) => e as TRPCError,
      );
    const tooBig = await makeCode({
      type: "PERCENT",
      value: 1500,
      funder: "PLATFORM",
      duration: "FOREVER",
    });
    const tracks = await makeCode({
      type: "PERCENT",
      value: 1000,
      funder: "PLATFORM",
      duration: "ONCE",
      scope: "TRACKS",
    });
    const refusals = await Promise.all([
      start(tooBig.code),
      start(tracks.code),
      start("NO-SUCH-CODE-42"),
    ]);
    expect(refusals.map((e) => [e.code, e.message])).toEqual([
      [
        "BAD_REQUEST",
        expect.stringMatching(
          /takes more off this subscription than it can give \(at most \$0\.50 a payment\)/,
        ),
      ],
      ["BAD_REQUEST", `The code ${tracks.code} is not for this subscription.`],
      ["BAD_REQUEST", "The code NO-SUCH-CODE-42 does not exist."],
    ]);
    expect(await h.db.catalogSubscription.count({ where: { userId: fan.id } })).toBe(0);
  });
});
