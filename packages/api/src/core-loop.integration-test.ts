import { cents } from "@fanfare/db";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import { rollupClicks } from "./services/affiliate/click-rollup";
import { attributionCookieName, recordClick } from "./services/affiliate/clicks";
import { consumeDownload } from "./services/downloads/downloads";
import { getStorage } from "./services/media";
import type { Harness } from "./test/harness";
import { setupHarness } from "./test/harness";

const UA =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

const tokenOf = (successUrl: string) => new URL(successUrl).pathname.split("/").pop()!;

describe("the core loop: publish, link, click, checkout, signed webhook, commission, download", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  test("an attributed sale pays the promoter, the artist and the platform, and the buyer downloads the exact master", async () => {
    const artist = await h.makeUser({ artistName: "Test Artist" });
    const { track, masterBytes } = await h.makeTrack(artist, {
      priceCents: 999,
      commissionBps: 2500,
    });
    const promoter = await h.makeUser();

    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    expect(link.url).toMatch(new RegExp(`/t/${track.slug}\\?ref=${link.code}$`));
    // Idempotent: one link per promoter and track.
    expect((await promoter.caller.promoter.getOrCreateLink({ trackId: track.id })).code).toBe(
      link.code,
    );

    const click = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: "198.51.100.20",
        userAgent: UA,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${link.code}&src=youtube`,
        sessionId: "s1",
      },
      h.db,
    );
    expect(click).toMatchObject({ recorded: true, counted: true, reason: "counted" });
    if (!click.recorded) throw new Error("unreachable");

    const buyer = await h.callerFor(null, {
      cookie: `${attributionCookieName(track.id)}=${click.clickId}`,
    });
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "Buyer@Example.com",
    });
    expect(checkout.attributed).toBe(true);
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;

    const pending = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    expect(pending).toMatchObject({
      status: "PENDING",
      amountCents: 999,
      platformFeeCents: 100,
      commissionCents: 250,
      artistCents: 649,
      buyerEmail: "buyer@example.com",
    });

    const delivery = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(delivery.status).toBe(200);
    const token = tokenOf(delivery.successUrl);

    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: checkout.saleId },
      include: { commission: true },
    });
    expect(sale.status).toBe("COMPLETED");
    expect(sale.downloadExpiresAt!.getTime() - sale.completedAt!.getTime()).toBe(7 * 86_400_000);
    expect(sale.commission).toMatchObject({ amountCents: 250, status: "PENDING", rateBps: 2500 });

    // Ledger: one transaction, entries sum to zero, balances follow.
    const entries = await h.db.ledgerEntry.findMany({ where: { saleId: sale.id } });
    expect(entries.reduce((s, e) => s + cents(e.amountCents), 0)).toBe(0);
    expect(
      Object.fromEntries(entries.map((e) => [e.accountId.split(":")[0], cents(e.amountCents)])),
    ).toEqual({
      BUYER_CLEARING: -999,
      PLATFORM_REVENUE: 100,
      // Inside the 14-day holding period the shares wait in the pending accounts.
      ARTIST_PENDING: 649,
      PROMOTER_PENDING: 250,
    });

    // Dashboards show the click (once the clicks.rollup job has run: click counts lag by
    // seconds), the sale and the commission (immediately).
    await rollupClicks({}, h.db);
    const links = await promoter.caller.promoter.links();
    expect(links[0]).toMatchObject({ clickCount: 1, salesCount: 1, commissionCents: 250 });
    const pstats = await promoter.caller.promoter.stats();
    expect(pstats).toMatchObject({
      clickCount: 1,
      salesCount: 1,
      earningsCents: 250,
      pendingCents: 250,
    });
    const sales = await artist.caller.artist.sales();
    expect(sales.items[0]).toMatchObject({
      amountCents: 999,
      artistCents: 649,
      commissionCents: 250,
      promoter: { linkCode: link.code },
      // The buyer did not agree to share their contact: the artist sees a pseudonymous id only.
      buyer: {
        contactShared: false,
        name: null,
        email: null,
        id: expect.stringMatching(/^buyer_/),
      },
    });
    expect(JSON.stringify(sales)).not.toMatch(/buyerEmail|@example\.com/);
    const astats = await artist.caller.artist.stats();
    expect(astats).toMatchObject({
      salesCount: 1,
      grossCents: 999,
      artistCents: 649,
      commissionsCents: 250,
      clickCount: 1,
    });

    // The buyer's success page and the download: byte-identical master.
    const status = await buyer.buyer.purchaseStatus({ token });
    expect(status).toMatchObject({ status: "COMPLETED", canDownload: true, downloadsRemaining: 5 });
    const file = await consumeDownload({ token }, h.db);
    const object = await getStorage().get(file.storageKey);
    expect(Buffer.compare(await readAll(object!.body), Buffer.from(masterBytes))).toBe(0);
    expect(file.fileName).toBe("Test Artist - Test Track.wav");
  });

  test("a duplicate or replayed completion event changes nothing", async () => {
    const artist = await h.makeUser({ artistName: "Dup Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 500 });
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "dup@example.com",
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    const first = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    const again = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(again.eventId).toBe(first.eventId);
    expect(again.status).toBe(200);
    const t = await h.db.track.findUniqueOrThrow({ where: { id: track.id } });
    expect(t).toMatchObject({ salesCount: 1, grossCents: 500n });
    expect(await h.db.ledgerEntry.count({ where: { saleId: checkout.saleId } })).toBe(3);
    expect(await h.db.processedWebhookEvent.count({ where: { id: first.eventId } })).toBe(1);
  });

  test("an unknown ref shows the track, counts nothing and attributes nothing", async () => {
    const artist = await h.makeUser({ artistName: "Unknown Ref Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 700 });
    const click = await recordClick(
      {
        slug: track.slug,
        code: "nosuchcode",
        method: "GET",
        ip: "198.51.100.30",
        userAgent: UA,
        referer: null,
        landingPath: `/t/${track.slug}?ref=nosuchcode`,
        sessionId: null,
      },
      h.db,
    );
    expect(click).toEqual({ recorded: false, reason: "unknown_code" });
    const anon = await h.callerFor(null, {
      cookie: `${attributionCookieName(track.id)}=not-a-click-id`,
    });
    expect((await anon.buyer.trackBySlug({ slug: track.slug })).title).toBe("Test Track");
    const checkout = await anon.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "u@example.com",
    });
    expect(checkout.attributed).toBe(false);
    const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
    expect(sale).toMatchObject({
      promoterId: null,
      commissionCents: 0,
      platformFeeCents: 70,
      artistCents: 630,
    });
    expect(await h.db.clickEvent.count({ where: { trackId: track.id } })).toBe(0);
  });

  test("a promoter buying through their own link earns nothing (self-referral)", async () => {
    const artist = await h.makeUser({ artistName: "Self Ref Artist" });
    const { track } = await h.makeTrack(artist);
    const promoter = await h.makeUser({ email: `self-${Date.now()}@example.com` });
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const click = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: "198.51.100.31",
        userAgent: UA,
        referer: null,
        landingPath: "/t/x",
        sessionId: null,
      },
      h.db,
    );
    if (!click.recorded) throw new Error("click not recorded");
    const buyer = await h.callerFor(null, {
      cookie: `${attributionCookieName(track.id)}=${click.clickId}`,
    });
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: promoter.email,
    });
    expect(checkout.attributed).toBe(false);
  });

  test("pay-what-you-want charges the buyer's amount and refuses less than the minimum", async () => {
    const artist = await h.makeUser({ artistName: "PWYW Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 800, minPriceCents: 300 });
    const buyer = await h.callerFor(null);
    await expect(
      buyer.buyer.startCheckout({
        slug: track.slug,
        buyerEmail: "p@example.com",
        amountCents: 299,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: "Pay at least $3.00 for this track." });
    const ok = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "p@example.com",
      amountCents: 1500,
    });
    expect((await h.db.sale.findUniqueOrThrow({ where: { id: ok.saleId } })).amountCents).toBe(
      1500,
    );
  });

  test("a download link stops after 5 downloads and after 7 days, and never works before payment", async () => {
    const artist = await h.makeUser({ artistName: "Limit Artist" });
    const { track } = await h.makeTrack(artist, { priceCents: 600 });
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: "l@example.com",
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    // The success URL (and so the token) is known from the sandbox session before payment.
    const { getSandboxCheckoutSession } = await import("@fanfare/payments");
    const session = await getSandboxCheckoutSession(h.db, sessionId);
    const token = tokenOf(session!.success_url!);
    await expect(consumeDownload({ token }, h.db)).rejects.toMatchObject({ code: "CONFLICT" });
    await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    const later = new Date(Date.now() + 8 * 86_400_000);
    await expect(consumeDownload({ token, now: later }, h.db)).rejects.toMatchObject({
      code: "GONE",
      message: expect.stringMatching(/expired/),
    });
    for (let i = 0; i < 5; i++) await consumeDownload({ token }, h.db);
    await expect(consumeDownload({ token }, h.db)).rejects.toMatchObject({
      code: "GONE",
      message: "This link has been used for all 5 downloads.",
    });
    await expect(consumeDownload({ token: "x".repeat(43) }, h.db)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  /** A $6.00 track bought in the sandbox and paid: the track, its sale and download token. */
  async function boughtTrack(artistName: string, buyerEmail: string) {
    const artist = await h.makeUser({ artistName });
    const { track } = await h.makeTrack(artist, { priceCents: 600 });
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({ slug: track.slug, buyerEmail });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    const delivery = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    return { track, saleId: checkout.saleId, token: tokenOf(delivery.successUrl) };
  }

  test("a file missing from storage is refused before a download is spent; a refused spend closes the opened file", async () => {
    const { track, saleId, token } = await boughtTrack("Missing File Artist", "m@example.com");
    const count = async () =>
      (await h.db.sale.findUniqueOrThrow({ where: { id: saleId } })).downloadCount;

    const asked: string[] = [];
    const missing = await consumeDownload({ token }, h.db, {
      open: (key) => {
        asked.push(key);
        return Promise.resolve(null);
      },
    }).catch((e: unknown) => e);
    expect(missing).toMatchObject({
      code: "INTERNAL",
      message: expect.stringMatching(
        /^The file of sale \S+ is missing from storage; contact support\.$/,
      ),
    });
    expect(asked).toEqual([track.masterKey]);
    expect(await count()).toBe(0);

    // Found: streamed, and spent. After the fifth, the spend is refused and the file closed.
    let cancelled = 0;
    const open = () =>
      Promise.resolve({
        body: new ReadableStream<Uint8Array>({ cancel: () => void cancelled++ }),
        sizeBytes: 1,
        contentType: "audio/wav",
      });
    for (let i = 0; i < 5; i++) {
      const file = await consumeDownload({ token }, h.db, { open });
      expect(file.object).toBeDefined();
    }
    expect(await count()).toBe(5);
    expect(cancelled).toBe(0);
    await expect(consumeDownload({ token }, h.db, { open })).rejects.toMatchObject({
      code: "GONE",
    });
    expect(cancelled).toBe(1);
  });

  test("concurrent downloads never exceed the limit", async () => {
    const { saleId, token } = await boughtTrack("Race Artist", "r@example.com");
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, () => consumeDownload({ token }, h.db)),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect((await h.db.sale.findUniqueOrThrow({ where: { id: saleId } })).downloadCount).toBe(5);
  });
});
