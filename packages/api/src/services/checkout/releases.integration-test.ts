/**
 * Releases sold as products of their own (issue 16 §1), end to end on the real database: a
 * promoter's release link counts a click and sets `ff_ref_<releaseId>`, checkout records a sale
 * of the release (its artist, price and rate) with the usual shares, the sandbox's signed
 * webhook completes it, settlement posts the ledger and the release's totals, and the buyer gets
 * every track; a pre-order opens its downloads and its holding period on the release date.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import { captureAffiliateClick } from "../affiliate/click-capture";
import { rollupClicks } from "../affiliate/click-rollup";
import { consumeDownload, consumeReleaseZip, getPurchaseStatus } from "../downloads/downloads";
import { verifyLedger } from "../ledger/verify-ledger";
import { getStorage } from "../media";
import { programSettings } from "../settings/program-settings";
import { setupHarness } from "../../test/harness";

type Harness = Awaited<ReturnType<typeof setupHarness>>;
const DAY_MS = 86_400_000;

describe("releases: link, checkout, settlement and downloads of every track", () => {
  let h: Harness;
  let artist: Awaited<ReturnType<Harness["makeUser"]>> & { artistId: string };
  let promoter: Awaited<ReturnType<Harness["makeUser"]>> & { promoterId: string };
  let tracks: Awaited<ReturnType<Harness["makeTrack"]>>[];
  let n = 0;

  /** A published release of `trackIds` in that order, straight in the database. */
  const makeRelease = async (opts: {
    trackIds: string[];
    priceCents?: number;
    minPriceCents?: number | null;
    commissionBps?: number;
    releaseDate?: Date | null;
    preorder?: boolean;
  }) => {
    n++;
    return h.db.release.create({
      data: {
        artistId: artist.artistId,
        slug: `test-release-${n}-${Date.now()}`,
        title: `Test Release ${n}`,
        kind: "album",
        priceCents: opts.priceCents ?? 2000,
        minPriceCents: opts.minPriceCents ?? null,
        commissionBps: opts.commissionBps ?? 3000,
        releaseDate: opts.releaseDate ?? null,
        preorder: opts.preorder ?? false,
        published: true,
        publishedAt: new Date(),
        tracks: {
          create: opts.trackIds.map((trackId, i) => ({ trackId, position: i + 1 })),
        },
      },
    });
  };

  /**
   * Pays a started checkout in the sandbox (the signed webhook, as Stripe would send it).
   * @returns the purchase page's token.
   */
  const pay = async (checkoutUrl: string) => {
    const sessionId = new URL(checkoutUrl).pathname.split("/").pop()!;
    const delivery = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(delivery.status).toBe(200);
    return new URL(delivery.successUrl).pathname.split("/").pop()!;
  };

  beforeAll(async () => {
    h = await setupHarness();
    const a = await h.makeUser({ artistName: "Release Artist" });
    artist = {
      ...a,
      artistId: (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: a.id } })).id,
    };
    const p = await h.makeUser();
    // The promoter profile is made with the first link; make it now to know its id.
    await p.caller.promoter.getOrCreateLink({ trackId: (await h.makeTrack(a)).track.id });
    promoter = {
      ...p,
      promoterId: (await h.db.promoterProfile.findUniqueOrThrow({ where: { userId: p.id } })).id,
    };
    tracks = [];
    for (const title of ["One", "Two", "Three"])
      tracks.push(await h.makeTrack(artist, { title, priceCents: 1000 }));
  });
  afterAll(async () => {
    await h?.close();
  });

  test("a release link's click, a checkout and the payment: a release sale with the commission, the totals and the ledger", async () => {
    const release = await makeRelease({
      trackIds: [tracks[2]!.track.id, tracks[0]!.track.id, tracks[1]!.track.id],
    });
    const link = await promoter.caller.promoter.getOrCreateReleaseLink({ releaseId: release.id });
    expect(link.url).toMatch(new RegExp(`/r/${release.slug}\\?ref=${link.code}$`));
    expect(link.releaseId).toBe(release.id);
    expect(link.trackId).toBeNull();
    // Asking again returns the same link.
    const again = await promoter.caller.promoter.getOrCreateReleaseLink({ releaseId: release.id });
    expect(again.id).toBe(link.id);

    // The visit `/r/<slug>?ref=<code>` is captured like a track link's.
    const url = new URL(`http://localhost/r/${release.slug}?ref=${link.code}&src=newsletter`);
    const { cookies } = await captureAffiliateClick(
      {
        method: "GET",
        url,
        headers: new Headers({
          "user-agent":
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36",
          "x-fanfare-peer-ip": "203.0.113.77",
        }),
      },
      async () => h.db,
    );
    const ref = cookies.find((c) => c.name === `ff_ref_${release.id}`);
    expect(ref).toBeDefined();
    const click = await h.db.clickEvent.findUniqueOrThrow({ where: { id: ref!.value } });
    expect(click).toMatchObject({
      releaseId: release.id,
      trackId: null,
      counted: true,
      sourceTag: "newsletter",
    });
    await rollupClicks({}, h.db);
    expect((await h.db.release.findUniqueOrThrow({ where: { id: release.id } })).clickCount).toBe(
      1,
    );

    // A track's page with the release's code records nothing.
    const wrong = await captureAffiliateClick(
      {
        method: "GET",
        url: new URL(`http://localhost/t/${tracks[0]!.track.slug}?ref=${link.code}`),
        headers: new Headers({
          "user-agent":
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36",
          "x-fanfare-peer-ip": "203.0.113.78",
        }),
      },
      async () => h.db,
    );
    expect(wrong.cookies.some((c) => c.name.startsWith("ff_ref_"))).toBe(false);

    const buyer = await h.callerFor(null, { cookie: `ff_ref_${release.id}=${ref!.value}` });
    const checkout = await buyer.buyer.startCheckout({
      product: "release",
      slug: release.slug,
      buyerEmail: "release-buyer@example.com",
    });
    expect(checkout.attributed).toBe(true);
    const token = await pay(checkout.checkoutUrl);

    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: checkout.saleId },
      include: { commission: true, shares: { orderBy: { position: "asc" } } },
    });
    // $20.00 at 30 %: fee 200 (10 %), commission 600, artist 1,200.
    expect(sale).toMatchObject({
      status: "COMPLETED",
      productKind: "release",
      releaseId: release.id,
      trackId: null,
      artistId: artist.artistId,
      amountCents: 2000,
      platformFeeCents: 200,
      commissionCents: 600,
      artistCents: 1200,
      promoterId: promoter.promoterId,
      linkId: link.id,
      clickId: ref!.value,
      deliverAt: null,
      // Five downloads of each of the three tracks.
      downloadLimit: 15,
    });
    expect(sale.commission).toMatchObject({
      releaseId: release.id,
      trackId: null,
      amountCents: 600,
      rateBps: 3000,
    });
    expect(sale.shares.map((s) => [s.payee, s.amountCents])).toEqual([
      ["platform", 200],
      ["artist", 1200],
      ["promoter", 600],
    ]);
    const totals = await h.db.release.findUniqueOrThrow({ where: { id: release.id } });
    expect(totals.salesCount).toBe(1);
    expect(Number(totals.grossCents)).toBe(2000);
    expect(Number(totals.artistCents)).toBe(1200);
    expect(Number(totals.commissionsCents)).toBe(600);
    // The tracks' own totals are not touched by a release sale.
    const one = await h.db.track.findUniqueOrThrow({ where: { id: tracks[0]!.track.id } });
    expect(one.salesCount).toBe(0);
    const linkRow = await h.db.affiliateLink.findUniqueOrThrow({ where: { id: link.id } });
    expect(linkRow.salesCount).toBe(1);
    expect(Number(linkRow.commissionCents)).toBe(600);
    // The artist's sales list shows it as a release.
    const sales = await artist.caller.artist.sales({});
    expect(sales.items.find((s) => s.id === sale.id)?.track).toMatchObject({
      kind: "release",
      id: release.id,
      title: release.title,
    });
    expect(await verifyLedger(h.db)).toEqual([]);

    // Every track, in the release's order, each with its own download.
    const status = await getPurchaseStatus({ token }, h.db);
    expect(status.product).toMatchObject({ kind: "release", slug: release.slug });
    expect(status.track).toBeNull();
    expect(status.downloadState).toBe("available");
    expect(status.items.map((i) => [i.position, i.title])).toEqual([
      [1, "Three"],
      [2, "One"],
      [3, "Two"],
    ]);
    for (const [i, item] of status.items.entries()) {
      expect(item.downloadPath).toBe(`/api/download/${token}?track=${item.trackId}`);
      const file = await consumeDownload({ token, trackId: item.trackId }, h.db);
      expect(file.fileName).toBe(`Release Artist - ${["Three", "One", "Two"][i]}.wav`);
    }
    await expect(consumeDownload({ token }, h.db)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/which track/),
    });
    const other = await h.makeTrack(artist, { title: "Not on it" });
    await expect(consumeDownload({ token, trackId: other.track.id }, h.db)).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringMatching(/not on this release/),
    });
    expect((await h.db.sale.findUniqueOrThrow({ where: { id: sale.id } })).downloadCount).toBe(3);

    // The sale recorded the tracks as bought; the artist takes "One" off the release and adds
    // another: the buyer keeps "One" (listed after the release's tracks) and gets the new one.
    expect(sale.releaseTrackIds).toEqual([
      tracks[2]!.track.id,
      tracks[0]!.track.id,
      tracks[1]!.track.id,
    ]);
    await h.db.releaseTrack.delete({
      where: { releaseId_trackId: { releaseId: release.id, trackId: tracks[0]!.track.id } },
    });
    await h.db.releaseTrack.create({
      data: { releaseId: release.id, trackId: other.track.id, position: 4 },
    });
    const after = await getPurchaseStatus({ token }, h.db);
    expect(after.items.map((i) => [i.position, i.title])).toEqual([
      [1, "Three"],
      [3, "Two"],
      [4, "Not on it"],
      [5, "One"],
    ]);
    const kept = await consumeDownload({ token, trackId: tracks[0]!.track.id }, h.db);
    expect(kept.fileName).toBe("Release Artist - One.wav");
    const added = await consumeDownload({ token, trackId: other.track.id }, h.db);
    expect(added.fileName).toBe("Release Artist - Not on it.wav");
    // A zip with a file missing from storage is refused before anything is spent (every file
    // is opened and closed first); the others are read from the real storage.
    const storage = getStorage();
    const opened: string[] = [];
    const missing = await consumeReleaseZip({ token, format: "original" }, h.db, {
      open: (key) => {
        opened.push(key);
        return key === tracks[1]!.track.masterKey ? Promise.resolve(null) : storage.get(key);
      },
    }).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      code: "INTERNAL",
      message: 'The file of "Two" is missing from storage; contact support.',
    });
    expect(opened).toEqual([tracks[2]!.track.masterKey, tracks[1]!.track.masterKey]);
    expect((await h.db.sale.findUniqueOrThrow({ where: { id: sale.id } })).downloadCount).toBe(5);
    // The zip has them all, the kept one last, and costs a download per file (15 - 5 spent).
    const zip = await consumeReleaseZip({ token, format: "original" }, h.db, {
      open: (key) => storage.get(key),
    });
    expect(zip.entries.map((e) => e.name)).toEqual([
      "01 - Three.wav",
      "02 - Two.wav",
      "03 - Not on it.wav",
      "04 - One.wav",
    ]);
    expect((await h.db.sale.findUniqueOrThrow({ where: { id: sale.id } })).downloadCount).toBe(9);
    // Six downloads are left: a second zip of four fits, a third does not.
    await consumeReleaseZip({ token, format: "original" }, h.db);
    await expect(consumeReleaseZip({ token, format: "original" }, h.db)).rejects.toMatchObject({
      code: "GONE",
    });
    // A used-up link is refused as such before any file is opened: a file missing from storage
    // behind it changes nothing (410, not 500), and nothing is opened or spent.
    const openedAfter: string[] = [];
    await expect(
      consumeReleaseZip({ token, format: "original" }, h.db, {
        open: (key) => {
          openedAfter.push(key);
          return Promise.resolve(null);
        },
      }),
    ).rejects.toMatchObject({ code: "GONE" });
    expect(openedAfter).toEqual([]);
    expect((await h.db.sale.findUniqueOrThrow({ where: { id: sale.id } })).downloadCount).toBe(13);
  });

  test("a pre-order: charged now, downloads and the holding period from the release date", async () => {
    const releaseDate = new Date(Date.now() + 10 * DAY_MS);
    const release = await makeRelease({
      trackIds: [tracks[0]!.track.id, tracks[1]!.track.id],
      priceCents: 1500,
      releaseDate,
      preorder: true,
    });
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      product: "release",
      slug: release.slug,
      buyerEmail: "preorder@example.com",
    });
    const token = await pay(checkout.checkoutUrl);
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    expect(sale.status).toBe("COMPLETED");
    expect(sale.deliverAt?.getTime()).toBe(releaseDate.getTime());
    const { holdDays } = await programSettings(h.db);
    // The hold runs from the release date, not from the payment.
    expect(sale.holdUntil!.getTime()).toBeGreaterThanOrEqual(releaseDate.getTime());
    expect(sale.holdUntil!.getTime()).toBeLessThanOrEqual(
      releaseDate.getTime() + holdDays * DAY_MS,
    );
    // The link's days count from delivery too.
    expect(sale.downloadExpiresAt!.getTime()).toBeGreaterThan(releaseDate.getTime());

    const status = await getPurchaseStatus({ token }, h.db);
    expect(status.downloadState).toBe("preorder");
    expect(status.canDownload).toBe(false);
    const first = status.items[0]!.trackId;
    await expect(consumeDownload({ token, trackId: first }, h.db)).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/pre-order: the downloads open on/),
    });
    // On the release date the files open.
    const file = await consumeDownload(
      { token, trackId: first, now: new Date(releaseDate.getTime() + 60_000) },
      h.db,
    );
    expect(file.fileName).toMatch(/One\.wav$/);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a release before its date without pre-orders, a draft, an empty one: not on sale", async () => {
    const later = await makeRelease({
      trackIds: [tracks[0]!.track.id],
      releaseDate: new Date(Date.now() + 5 * DAY_MS),
      preorder: false,
    });
    const draft = await makeRelease({ trackIds: [tracks[1]!.track.id] });
    await h.db.release.update({ where: { id: draft.id }, data: { published: false } });
    const empty = await makeRelease({ trackIds: [] });
    const buyer = await h.callerFor(null);
    for (const r of [later, draft, empty])
      await expect(
        buyer.buyer.startCheckout({
          product: "release",
          slug: r.slug,
          buyerEmail: "x@example.com",
        }),
      ).rejects.toMatchObject({ message: `No release on sale at /r/${r.slug}.` });
    // A track's slug is not a release's.
    await expect(
      buyer.buyer.startCheckout({
        product: "release",
        slug: tracks[0]!.track.slug,
        buyerEmail: "x@example.com",
      }),
    ).rejects.toMatchObject({ message: `No release on sale at /r/${tracks[0]!.track.slug}.` });
  });

  test("pay what you want over the minimum, and the artist's codes apply to a release while a code for some tracks does not", async () => {
    const release = await makeRelease({
      trackIds: [tracks[0]!.track.id, tracks[1]!.track.id],
      priceCents: 1200,
      minPriceCents: 800,
    });
    const buyer = await h.callerFor(null);
    await expect(
      buyer.buyer.startCheckout({
        product: "release",
        slug: release.slug,
        buyerEmail: "pwyw@example.com",
        amountCents: 700,
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/at least \$8\.00 for this release/),
    });

    const artistCode = await artist.caller.discount.create({
      code: `REL${n}ART`,
      type: "PERCENT",
      value: 2500,
      scope: "ARTIST",
    });
    const tracksCode = await artist.caller.discount.create({
      code: `REL${n}TRK`,
      type: "PERCENT",
      value: 2500,
      scope: "TRACKS",
      trackIds: [tracks[0]!.track.id],
    });
    const ok = await buyer.discount.validate({
      code: artistCode.code,
      product: "release",
      slug: release.slug,
      amountCents: 1600,
    });
    expect(ok).toMatchObject({ valid: true, discountCents: 400, totalCents: 1200 });
    const refused = await buyer.discount.validate({
      code: tracksCode.code,
      product: "release",
      slug: release.slug,
    });
    expect(refused).toMatchObject({
      valid: false,
      reason: `The code ${tracksCode.code} is not for this release.`,
    });
    const checkout = await buyer.buyer.startCheckout({
      product: "release",
      slug: release.slug,
      buyerEmail: "coded@example.com",
      amountCents: 1600,
      discountCode: artistCode.code,
    });
    await pay(checkout.checkoutUrl);
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    expect(sale).toMatchObject({
      productKind: "release",
      listAmountCents: 1600,
      discountCents: 400,
      amountCents: 1200,
      status: "COMPLETED",
    });
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a live artist-wide campaign applies to a release at checkout (its discount and boost, recorded on the sale); a chosen-tracks campaign does not", async () => {
    const release = await makeRelease({
      trackIds: [tracks[0]!.track.id, tracks[1]!.track.id],
      priceCents: 2000,
      commissionBps: 3000,
    });
    const window = {
      startsAt: new Date(Date.now() - DAY_MS),
      endsAt: new Date(Date.now() + DAY_MS),
    };
    const onTracks = await h.db.campaign.create({
      data: {
        name: "Tracks only",
        artistId: artist.artistId,
        scope: "TRACKS",
        trackIds: [tracks[0]!.track.id],
        discountBps: 5000,
        status: "ACTIVE",
        ...window,
      },
    });
    const wide = await h.db.campaign.create({
      data: {
        name: "Catalogue week",
        artistId: artist.artistId,
        scope: "ARTIST",
        scopeArtistId: artist.artistId,
        commissionBps: 4000,
        discountBps: 1000,
        status: "ACTIVE",
        ...window,
      },
    });
    try {
      await promoter.caller.promoter.getOrCreateReleaseLink({ releaseId: release.id });
      const { cookies } = await captureAffiliateClick(
        {
          method: "GET",
          url: new URL(
            `http://localhost/r/${release.slug}?ref=${(await h.db.affiliateLink.findFirstOrThrow({ where: { releaseId: release.id } })).code}`,
          ),
          headers: new Headers({
            "user-agent":
              "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36",
            "x-fanfare-peer-ip": "203.0.113.91",
          }),
        },
        async () => h.db,
      );
      const ref = cookies.find((c) => c.name === `ff_ref_${release.id}`)!;
      const buyer = await h.callerFor(null, { cookie: `ff_ref_${release.id}=${ref.value}` });
      const checkout = await buyer.buyer.startCheckout({
        product: "release",
        slug: release.slug,
        buyerEmail: "campaign@example.com",
      });
      expect(checkout.attributed).toBe(true);
      await pay(checkout.checkoutUrl);
      const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
      expect(sale).toMatchObject({
        productKind: "release",
        releaseId: release.id,
        campaignId: wide.id,
        listAmountCents: 2000,
        discountCents: 200,
        discountFunder: "ARTIST",
        amountCents: 1800,
        commissionBps: 4000,
        // 40 % of the list price (the split is on the list price, priceSale), the artist's funding.
        commissionCents: 800,
        status: "COMPLETED",
      });
      expect(await verifyLedger(h.db)).toEqual([]);
    } finally {
      await h.db.campaign.updateMany({
        where: { id: { in: [onTracks.id, wide.id] } },
        data: { status: "CANCELLED" },
      });
    }
  });
});
