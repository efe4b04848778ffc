import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout, getPayments } from "@fanfare/payments";
import type { SourceReport } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { refundSale } from "../refunds/refund-sale";
import { captureAffiliateClick } from "./click-capture";
import { attributionCookieName, recordClick } from "./clicks";
import { artistSourceReport, promoterSourceReport } from "./source-report";

const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const DAY_MS = 86_400_000;

type Caller = Awaited<ReturnType<Harness["callerFor"]>>;
type Track = { id: string; slug: string };

/** The report's rows as [key, clicks, sales, conversionBps, earningsCents], in its order. */
const table = (r: SourceReport) =>
  r.rows.map((x) => [x.key, x.clicks, x.sales, x.conversionBps, x.earningsCents]);

describe("performance by source: clicks, sales and earnings per source tag and UTM value", () => {
  let h: Harness;
  let visitor = 0;
  let artist: { id: string; caller: Caller };
  let trackA: Track;
  let trackB: Track;
  let otherArtistTrack: Track;
  let promoterId: string;
  let otherPromoterId: string;
  let codeA: string;
  let codeB: string;
  let otherCode: string;
  const sales: Record<string, string> = {};

  /** A counted click of a fresh visitor on `/t/<slug>?ref=<code>&<query>`. @returns its id. */
  const click = async (track: Track, code: string, query = "") => {
    visitor++;
    const r = await recordClick(
      {
        slug: track.slug,
        code,
        method: "GET",
        ip: `198.51.${Math.floor(visitor / 250)}.${visitor % 250}`,
        userAgent: `${UA} v${visitor}`,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${code}${query ? `&${query}` : ""}`,
        sessionId: null,
      },
      h.db,
    );
    if (!r.recorded || !r.counted) throw new Error(`click not counted: ${r.reason}`);
    return r.clickId;
  };

  /** A buyer carrying the click's attribution cookie checks out and pays. @returns the sale id. */
  const buy = async (track: Track, clickId: string) => {
    const buyer = await h.callerFor(null, {
      cookie: `${attributionCookieName(track.id)}=${clickId}`,
    });
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: `source-buyer-${clickId}@example.com`,
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    const done = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(done.status).toBe(200);
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    expect(sale).toMatchObject({ status: "COMPLETED", clickId });
    return sale.id;
  };

  /** Net commission of sales (cents), read from their commissions. */
  const commissionOf = async (...saleIds: string[]) => {
    const rows = await h.db.commission.findMany({ where: { saleId: { in: saleIds } } });
    expect(rows).toHaveLength(saleIds.length);
    return rows.reduce((t, c) => t + c.amountCents - c.reversedCents, 0);
  };

  /** The artist's net of sales (cents), as their sales list shows it (`netArtistCents`). */
  const artistNetOf = async (...saleIds: string[]) => {
    const { items } = await artist.caller.artist.sales({ limit: 50 });
    return items.filter((s) => saleIds.includes(s.id)).reduce((t, s) => t + s.netArtistCents, 0);
  };

  beforeAll(async () => {
    h = await setupHarness();
    const a = await h.makeUser({ artistName: "Source Artist" });
    artist = a;
    trackA = (await h.makeTrack(a, { title: "Source Track A", priceCents: 1000 })).track;
    trackB = (await h.makeTrack(a, { title: "Source Track B", priceCents: 1500 })).track;
    const other = await h.makeUser({ artistName: "Other Source Artist" });
    otherArtistTrack = (await h.makeTrack(other, { title: "Elsewhere" })).track;

    const promoter = await h.makeUser();
    promoterId = (await promoter.caller.promoter.me()).promoter.id;
    codeA = (await promoter.caller.promoter.getOrCreateLink({ trackId: trackA.id })).code;
    codeB = (await promoter.caller.promoter.getOrCreateLink({ trackId: trackB.id })).code;
    const rival = await h.makeUser();
    otherPromoterId = (await rival.caller.promoter.me()).promoter.id;
    otherCode = (await rival.caller.promoter.getOrCreateLink({ trackId: trackA.id })).code;
    const rivalElsewhere = (
      await rival.caller.promoter.getOrCreateLink({ trackId: otherArtistTrack.id })
    ).code;

    // The promoter: 3 clicks tagged youtube (2 sales, one of them later fully refunded), 2 tagged
    // newsletter (1 sale, partly refunded), 1 untagged; on track B, 1 youtube click with a sale.
    const yt = "src=youtube&utm_source=fanfare&utm_medium=affiliate&utm_campaign=spring";
    const ytClicks = [await click(trackA, codeA, yt), await click(trackA, codeA, yt)];
    await click(trackA, codeA, yt);
    sales.yt1 = await buy(trackA, ytClicks[0]!);
    sales.ytRefunded = await buy(trackA, ytClicks[1]!);
    const nl = "src=newsletter&utm_source=mail&utm_medium=email&utm_campaign=spring";
    sales.nl = await buy(trackA, await click(trackA, codeA, nl));
    await click(trackA, codeA, nl);
    await click(trackA, codeA);
    sales.ytB = await buy(trackB, await click(trackB, codeB, "src=youtube&utm_source=fanfare"));
    // A repeat of a visitor within the dedupe window: stored, not counted.
    const repeat = await recordClick(
      {
        slug: trackA.slug,
        code: codeA,
        method: "GET",
        ip: "198.51.0.1",
        userAgent: `${UA} v1`,
        referer: null,
        landingPath: `/t/${trackA.slug}?ref=${codeA}&src=youtube`,
        sessionId: null,
      },
      h.db,
    );
    expect(repeat).toMatchObject({ recorded: true, counted: false });

    // The rival promoter on the same track (tagged youtube and tiktok), and on another artist's.
    sales.rival = await buy(trackA, await click(trackA, otherCode, "src=tiktok&utm_source=tt"));
    await click(trackA, otherCode, "src=youtube");
    sales.elsewhere = await buy(
      otherArtistTrack,
      await click(otherArtistTrack, rivalElsewhere, "src=youtube"),
    );

    const payments = getPayments(h.db, { webhookUrl: h.webhookUrl });
    await refundSale({ saleId: sales.ytRefunded }, { db: h.db, payments });
    await refundSale({ saleId: sales.nl, amountCents: 333 }, { db: h.db, payments });

    // Old history: a tagged click and a sale from 40 days ago (in "90d" and "all", not "30d").
    const oldClick = await click(trackA, codeA, "src=archive");
    sales.old = await buy(trackA, oldClick);
    const old = new Date(Date.now() - 40 * DAY_MS);
    await h.db.clickEvent.update({ where: { id: oldClick }, data: { createdAt: old } });
    await h.db.sale.update({ where: { id: sales.old }, data: { completedAt: old } });
  });
  afterAll(async () => {
    await h.close();
  });

  test("the promoter's report by source tag counts their counted clicks and their completed sales, not a fully refunded one, with commission net of refunds", async () => {
    const r = await promoterSourceReport({ promoterId, period: "30d", groupBy: "src" }, h.db);
    expect(r.truncated).toBe(false);
    const youtubeCents = await commissionOf(sales.yt1!, sales.ytB!);
    const newsletterCents = await commissionOf(sales.nl!);
    expect(newsletterCents).toBeLessThan(await commissionOf(sales.yt1!)); // partly refunded
    expect(table(r)).toEqual([
      // 4 counted youtube clicks (3 on A, 1 on B; the repeat is not counted), 2 sales.
      ["youtube", 4, 2, 5000, youtubeCents],
      ["newsletter", 2, 1, 5000, newsletterCents],
      ["(none)", 1, 0, 0, 0],
    ]);
    expect(r.rows.find((x) => x.key === "(none)")?.isNone).toBe(true);
  });

  test("another promoter's clicks and sales, on the same track or elsewhere, are not in the promoter's report", async () => {
    const r = await promoterSourceReport({ promoterId, period: "all", groupBy: "src" }, h.db);
    expect(r.rows.map((x) => x.key)).not.toContain("tiktok");
    const rival = await promoterSourceReport(
      { promoterId: otherPromoterId, period: "all", groupBy: "src" },
      h.db,
    );
    // Equal earnings (the same price and rate): more clicks first.
    expect(table(rival)).toEqual([
      ["youtube", 2, 1, 5000, await commissionOf(sales.elsewhere!)],
      ["tiktok", 1, 1, 10_000, await commissionOf(sales.rival!)],
    ]);
  });

  test("grouping by UTM source, medium or campaign reads that field", async () => {
    const by = (groupBy: "utm_source" | "utm_medium" | "utm_campaign") =>
      promoterSourceReport({ promoterId, period: "7d", groupBy }, h.db).then((r) =>
        r.rows.map((x) => [x.key, x.clicks, x.sales]),
      );
    expect(await by("utm_source")).toEqual([
      ["fanfare", 4, 2],
      ["mail", 2, 1],
      ["(none)", 1, 0],
    ]);
    // Track B's sale (no utm_medium, the dearer track) earns more than either other group.
    expect(await by("utm_medium")).toEqual([
      ["(none)", 2, 1],
      ["affiliate", 3, 1],
      ["email", 2, 1],
    ]);
    expect(await by("utm_campaign")).toEqual([
      ["spring", 5, 2],
      ["(none)", 2, 1],
    ]);
  });

  test("the period counts clicks by when they were made and sales by when they completed", async () => {
    const keys = async (period: "30d" | "90d" | "all") =>
      (await promoterSourceReport({ promoterId, period, groupBy: "src" }, h.db)).rows.map((x) => [
        x.key,
        x.clicks,
        x.sales,
      ]);
    expect(await keys("30d")).not.toContainEqual(expect.arrayContaining(["archive"]));
    expect(await keys("90d")).toContainEqual(["archive", 1, 1]);
    expect(await keys("all")).toContainEqual(["archive", 1, 1]);
    const r = await promoterSourceReport({ promoterId, period: "7d", groupBy: "src" }, h.db);
    const today = new Date();
    expect(r.since?.toISOString()).toBe(
      new Date(
        Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - 6 * DAY_MS,
      ).toISOString(),
    );
  });

  test("the artist's report covers every promoter's clicks on their tracks, with the artist's net share as earnings, and one track on request", async () => {
    const all = await artistSourceReport(
      { artistId: (await artist.caller.promoter.me()).artist!.id, period: "30d", groupBy: "src" },
      h.db,
    );
    expect(table(all)).toEqual([
      // the promoter's 4 youtube clicks and the rival's 1 on track A; the rival's youtube sale
      // was on another artist's track.
      ["youtube", 5, 2, 4000, await artistNetOf(sales.yt1!, sales.ytB!)],
      ["tiktok", 1, 1, 10_000, await artistNetOf(sales.rival!)],
      ["newsletter", 2, 1, 5000, await artistNetOf(sales.nl!)],
      ["(none)", 1, 0, 0, 0],
    ]);
    // The partly refunded sale's share is net of the refund (the ledger's figure).
    const nlSale = await h.db.sale.findUniqueOrThrow({ where: { id: sales.nl! } });
    expect(all.rows[2]!.earningsCents).toBeLessThan(nlSale.artistCents);

    const onlyB = await artist.caller.artist.sourceReport({
      period: "7d",
      groupBy: "utm_source",
      trackId: trackB.id,
    });
    expect(table(onlyB)).toEqual([["fanfare", 1, 1, 10_000, await artistNetOf(sales.ytB!)]]);
  });

  test("an artist asking for another artist's track gets NOT_FOUND, and the procedures answer their own caller only", async () => {
    await expect(
      artist.caller.artist.sourceReport({
        period: "all",
        groupBy: "src",
        trackId: otherArtistTrack.id,
      }),
    ).rejects.toThrow(`Track ${otherArtistTrack.id} was not found among your tracks.`);
    const mine = await artist.caller.promoter.sourceReport({ period: "all", groupBy: "src" });
    expect(mine.rows).toEqual([]);
  });

  test("the artist's report over the whole catalog counts a release link's clicks and sales (issue 16 §1); one track's report does not", async () => {
    const artistId = (await artist.caller.promoter.me()).artist!.id;
    const release = await h.db.release.create({
      data: {
        artistId,
        slug: `source-release-${Date.now()}`,
        title: "Source Release",
        priceCents: 2000,
        commissionBps: 2500,
        published: true,
        publishedAt: new Date(),
        tracks: {
          create: [
            { trackId: trackA.id, position: 1 },
            { trackId: trackB.id, position: 2 },
          ],
        },
      },
    });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateReleaseLink({ releaseId: release.id });
    const { cookies } = await captureAffiliateClick(
      {
        method: "GET",
        url: new URL(`http://localhost/r/${release.slug}?ref=${link.code}&src=reddit`),
        headers: new Headers({
          "user-agent": `${UA} release`,
          "x-fanfare-peer-ip": "203.0.113.201",
        }),
      },
      async () => h.db,
    );
    const ref = cookies.find((c) => c.name === attributionCookieName(release.id))!;
    const buyer = await h.callerFor(null, { cookie: `${ref.name}=${ref.value}` });
    const checkout = await buyer.buyer.startCheckout({
      product: "release",
      slug: release.slug,
      buyerEmail: "source-release-buyer@example.com",
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    expect(
      (await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl })).status,
    ).toBe(200);

    const all = await artistSourceReport({ artistId, period: "30d", groupBy: "src" }, h.db);
    expect(table(all).find((r) => r[0] === "reddit")).toEqual([
      "reddit",
      1,
      1,
      10_000,
      await artistNetOf(checkout.saleId),
    ]);
    const onlyA = await artistSourceReport(
      { artistId, period: "30d", groupBy: "src", trackId: trackA.id },
      h.db,
    );
    expect(table(onlyA).some((r) => r[0] === "reddit")).toBe(false);
  });
});
