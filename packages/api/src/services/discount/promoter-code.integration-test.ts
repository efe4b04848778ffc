import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { setPromoterStatus } from "../affiliate/promoter-status";
import { completeFreeOrder } from "../checkout/handle-stripe-event";
import { verifyLedger } from "../ledger/verify-ledger";

/**
 * Promoter codes, free orders and campaigns at checkout (issue 12 §1–§3): a promoter's personal
 * code attributes the sale to them with no click, beats another promoter's cookie and comes out
 * of their own commission; a 100 % code completes a free order without Stripe; a live campaign's
 * rate is recorded on the sale at checkout start, and a code and a campaign discount never stack.
 */
describe("promoter codes, free orders and campaigns at checkout", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  let artist: Awaited<ReturnType<Harness["makeUser"]>>;
  let track: Awaited<ReturnType<Harness["makeTrack"]>>["track"];

  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
    artist = await h.makeUser({ artistName: "Code Artist" });
    ({ track } = await h.makeTrack(artist, { priceCents: 1000, commissionBps: 2500 }));
  });
  afterAll(async () => {
    await h.close();
  });

  const email = () => `b${randomUUID()}@example.com`;
  const checkout = async (
    input: { discountCode?: string; buyerEmail?: string; slug?: string },
    cookie?: string,
  ) =>
    (await h.callerFor(null, cookie ? { cookie } : {})).buyer.startCheckout({
      slug: input.slug ?? track.slug,
      buyerEmail: input.buyerEmail ?? email(),
      ...(input.discountCode ? { discountCode: input.discountCode } : {}),
    });
  const complete = (url: string) =>
    completeSandboxCheckout(h.db, {
      sessionId: new URL(url).pathname.split("/").pop()!,
      webhookUrl: h.webhookUrl,
    });
  const cookieClick = async (promoter: Awaited<ReturnType<Harness["makeUser"]>>) => {
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await h.db.clickEvent.create({
      data: {
        linkId: link.id,
        trackId: track.id,
        visitorHash: `v${randomUUID()}`,
        landingPath: `/t/${track.slug}`,
        counted: true,
      },
    });
    return `ff_ref_${track.id}=${click.id}`;
  };

  test("claiming: a suggestion, the program's maximum, one code each (a new claim archives the old), codes unique", async () => {
    const p = await h.makeUser();
    const before = await p.caller.promoter.myCode();
    expect(before).toMatchObject({ code: null, maxPercentBps: 1000 });
    expect(before.suggestion).toMatch(/^PARTNER-/);
    await expect(p.caller.promoter.claimCode({ code: "NINA", percentBps: 1500 })).rejects.toThrow(
      "A personal code gives at most 10% off.",
    );
    const claimed = await p.caller.promoter.claimCode({ code: "nina-ten", percentBps: 1000 });
    expect(claimed.code).toMatchObject({ code: "NINA-TEN", percentBps: 1000, status: "ACTIVE" });
    // The same text changes the rate; another text replaces the code.
    expect(
      (await p.caller.promoter.claimCode({ code: "NINA-TEN", percentBps: 500 })).code,
    ).toMatchObject({ code: "NINA-TEN", percentBps: 500 });
    const replaced = await p.caller.promoter.claimCode({ code: "NINA5", percentBps: 500 });
    expect(replaced.code!.code).toBe("NINA5");
    expect(
      await h.db.discountCode.findUniqueOrThrow({ where: { code: "NINA-TEN" } }),
    ).toMatchObject({ status: "ARCHIVED" });
    const other = await h.makeUser();
    await expect(
      other.caller.promoter.claimCode({ code: "nina5", percentBps: 500 }),
    ).rejects.toThrow("The code NINA5 is taken: try another.");
    // Paused: refused at checkout in words; resumed: valid again.
    await p.caller.promoter.setCodeStatus({ status: "PAUSED" });
    expect(
      await (await h.callerFor(null)).discount.validate({ code: "NINA5", slug: track.slug }),
    ).toMatchObject({ valid: false, reason: "The code NINA5 is no longer valid." });
    await p.caller.promoter.setCodeStatus({ status: "ACTIVE" });
    expect(
      await (await h.callerFor(null)).discount.validate({ code: "NINA5", slug: track.slug }),
    ).toMatchObject({ valid: true, discountCents: 50, totalCents: 950 });
  });

  test("a promoter's code attributes the sale with no click, beats another promoter's cookie, and comes out of the commission", async () => {
    const owner = await h.makeUser();
    await owner.caller.promoter.claimCode({ code: "OWNER10", percentBps: 1000 });
    const rival = await h.makeUser();
    const cookie = await cookieClick(rival);

    const c = await checkout({ discountCode: "owner10" }, cookie);
    expect(c.attributed).toBe(true);
    const ownerProfile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: owner.id },
    });
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: c.saleId } });
    expect(sale).toMatchObject({
      promoterId: ownerProfile.id,
      clickId: null,
      listAmountCents: 1000,
      discountCents: 100,
      discountFunder: "PROMOTER",
      amountCents: 900,
      platformFeeCents: 100,
      artistCents: 650,
      commissionCents: 150,
    });
    // The sale records the owner's link for the track, made on first use.
    const link = await h.db.affiliateLink.findUniqueOrThrow({ where: { id: sale.linkId! } });
    expect(link.promoterId).toBe(ownerProfile.id);
    await complete(c.checkoutUrl);
    const links = await owner.caller.promoter.links();
    expect(links.find((l) => l.id === link.id)).toMatchObject({
      salesCount: 1,
      commissionCents: 150,
    });
    expect((await owner.caller.promoter.myCode()).code).toMatchObject({
      usesCount: 1,
      discountGivenCents: 100,
    });
  });

  test("a promoter's own purchase with their code is refused; a suspended promoter's code is no longer valid", async () => {
    const p = await h.makeUser();
    await p.caller.promoter.claimCode({ code: "SELFIE", percentBps: 1000 });
    await expect(checkout({ discountCode: "SELFIE", buyerEmail: p.email })).rejects.toThrow(
      "The code SELFIE is the promoter's own: it cannot be used on their own purchase.",
    );
    const profile = await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: p.id } });
    await setPromoterStatus(
      { promoterId: profile.id, status: "SUSPENDED", reason: "Review" },
      { userId: admin.id },
      h.db,
    );
    await expect(checkout({ discountCode: "SELFIE" })).rejects.toThrow(
      "The code SELFIE is no longer valid.",
    );
  });

  test("a 100 % code is a free order: completed at once through settlement, no Checkout Session, the use redeemed", async () => {
    await admin.caller.discount.create({
      code: "FREEDL",
      type: "PERCENT",
      value: 10_000,
      scope: "TRACKS",
      trackIds: [track.id],
      maxUses: 5,
    });
    await artist.caller.discount.create({
      code: "ARTFREE",
      type: "PERCENT",
      value: 10_000,
      scope: "TRACKS",
      trackIds: [track.id],
    });
    // A platform code can only give the fee: never free. The artist's own 100 % code is a
    // download code: the artist gives the track away, and nothing is charged or shared.
    expect(
      await (await h.callerFor(null)).discount.validate({ code: "FREEDL", slug: track.slug }),
    ).toMatchObject({ valid: true, discountCents: 100, totalCents: 900 });
    expect(
      await (await h.callerFor(null)).discount.validate({ code: "ARTFREE", slug: track.slug }),
    ).toMatchObject({ valid: true, discountCents: 1000, totalCents: 0 });

    // Through a promoter's link: attributed, but 0 commission on nothing.
    const promoter = await h.makeUser();
    const c = await checkout({ discountCode: "ARTFREE" }, await cookieClick(promoter));
    expect(c.checkoutUrl).toMatch(/\/purchase\//);
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: c.saleId },
      include: { shares: true, commission: true },
    });
    expect(sale).toMatchObject({
      status: "COMPLETED",
      amountCents: 0,
      listAmountCents: 1000,
      discountCents: 1000,
      discountFunder: "ARTIST",
      platformFeeCents: 0,
      artistCents: 0,
      commissionCents: 0,
      commission: null,
      stripeCheckoutSessionId: `free_${sale.id}`,
    });
    expect(sale.shares.every((s) => s.amountCents === 0)).toBe(true);
    expect(
      await h.db.discountRedemption.findUniqueOrThrow({ where: { saleId: c.saleId } }),
    ).toMatchObject({ status: "REDEEMED", discountCents: 1000 });
    expect(await h.db.downloadLink.count({ where: { saleId: c.saleId } })).toBe(1);
    // Completing it again (a retried request) changes nothing.
    expect(
      await completeFreeOrder({ id: sale.id, buyerEmail: sale.buyerEmail }, h.db),
    ).toMatchObject({ status: "ignored" });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("campaigns: the rate in force at checkout start is recorded; a platform boost comes from the fee; a code and a campaign discount never stack", async () => {
    const now = Date.now();
    const boosted = await h.makeTrack(artist, {
      title: "Boosted",
      priceCents: 1000,
      commissionBps: 2500,
    });
    const artistProfile = await h.db.artistProfile.findUniqueOrThrow({
      where: { userId: artist.id },
    });
    const campaign = await h.db.campaign.create({
      data: {
        name: "Weekend boost",
        artistId: artistProfile.id,
        scope: "TRACKS",
        trackIds: [boosted.track.id],
        commissionBps: 4000,
        discountBps: 1500,
        startsAt: new Date(now - 60_000),
        endsAt: new Date(now + 3_600_000),
        status: "SCHEDULED",
      },
    });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: boosted.track.id });
    const click = await h.db.clickEvent.create({
      data: {
        linkId: link.id,
        trackId: boosted.track.id,
        visitorHash: `v${randomUUID()}`,
        landingPath: `/t/${boosted.track.slug}`,
        counted: true,
      },
    });
    const cookie = `ff_ref_${boosted.track.id}=${click.id}`;
    const c = await checkout({ slug: boosted.track.slug }, cookie);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: c.saleId } })).toMatchObject({
      campaignId: campaign.id,
      commissionBps: 4000,
      platformBoostBps: 0,
      listAmountCents: 1000,
      discountCents: 150,
      discountFunder: "ARTIST",
      amountCents: 850,
      platformFeeCents: 100,
      commissionCents: 400,
      artistCents: 350,
    });
    // A 10 % code gives less than the campaign's 15 %: the buyer gets the campaign's, and the
    // code's use is not taken.
    await admin.caller.discount.create({
      code: "SMALLER",
      type: "PERCENT",
      value: 1000,
      scope: "PLATFORM",
    });
    const v = await (
      await h.callerFor(null)
    ).discount.validate({ code: "SMALLER", slug: boosted.track.slug });
    expect(v).toMatchObject({ valid: true, discountCents: 150, totalCents: 850 });
    const c2 = await checkout({ slug: boosted.track.slug, discountCode: "SMALLER" });
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: c2.saleId } })).toMatchObject({
      discountCodeId: null,
      discountCents: 150,
      campaignId: campaign.id,
    });
    expect(await h.db.discountRedemption.count({ where: { saleId: c2.saleId } })).toBe(0);

    // A platform campaign at 45 %: 5 points above the artist's 40 %, from the fee.
    const platform = await h.db.campaign.create({
      data: {
        name: "Platform week",
        scope: "PLATFORM",
        commissionBps: 4500,
        startsAt: new Date(now - 60_000),
        endsAt: new Date(now + 3_600_000),
        status: "ACTIVE",
      },
    });
    const c3 = await checkout({ slug: boosted.track.slug }, cookie);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: c3.saleId } })).toMatchObject({
      campaignId: platform.id,
      commissionBps: 4000,
      platformBoostBps: 500,
      discountCents: 150,
      discountFunder: "ARTIST",
      platformFeeCents: 50,
      commissionCents: 450,
      artistCents: 350,
      amountCents: 850,
    });
    await complete(c3.checkoutUrl);
    expect(await h.db.commission.findUniqueOrThrow({ where: { saleId: c3.saleId } })).toMatchObject(
      { amountCents: 450, rateBps: 4500 },
    );

    // Ended campaigns change nothing, whatever their status says.
    await h.db.campaign.updateMany({
      where: { id: { in: [campaign.id, platform.id] } },
      data: { endsAt: new Date(now - 1_000), startsAt: new Date(now - 120_000) },
    });
    const c4 = await checkout({ slug: boosted.track.slug }, cookie);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: c4.saleId } })).toMatchObject({
      campaignId: null,
      commissionBps: 2500,
      discountCents: 0,
      amountCents: 1000,
    });
    expect(await verifyLedger(h.db)).toEqual([]);
  });
});
