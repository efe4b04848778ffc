import { cents } from "@fanfare/db";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { handleProviderEvent } from "../checkout/handle-stripe-event";
import { verifyLedger } from "../ledger/verify-ledger";
import { attributionCookieName, recordClick, visitorHash } from "./clicks";
import { BROWSER_SESSION_COOKIE } from "./sightings";

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const SAFARI =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

type Maker = Awaited<ReturnType<Harness["makeUser"]>>;
type TrackRow = Awaited<ReturnType<Harness["makeTrack"]>>["track"];

/** One browser on one network: what the web app's proxy and tRPC route see of a request. */
type Browser = { ip: string; userAgent: string; sessionId: string };

describe("self-referral: hard signals stop the commission, soft signals are only recorded", () => {
  let h: Harness;
  let artist: Maker;
  let n = 0;
  const unique = () => `${Date.now().toString(36)}${++n}`;
  const browser = (ip: string, userAgent = CHROME): Browser => ({
    ip,
    userAgent,
    sessionId: `sid${unique()}`.padEnd(20, "x"),
  });

  /** Request headers as server.mjs and the browser send them, plus cookies. */
  const headersOf = (b: Browser, cookies: Record<string, string> = {}) => ({
    "x-fanfare-peer-ip": b.ip,
    "user-agent": b.userAgent,
    cookie: Object.entries({ [BROWSER_SESSION_COOKIE]: b.sessionId, ...cookies })
      .map(([k, v]) => `${k}=${v}`)
      .join("; "),
  });

  /** A track at $10.00 with 20 % commission: fee 100, commission 200, artist 700 cents. */
  const newTrack = async () =>
    (
      await h.makeTrack(artist, {
        priceCents: 1000,
        commissionBps: 2000,
        title: `Self Ref ${unique()}`,
      })
    ).track;

  /** The promoter gets their link, signed in, from `b` (which records where they were seen). */
  const linkFor = async (promoter: Maker, track: TrackRow, b: Browser) => {
    const caller = await h.callerFor(promoter.id, headersOf(b));
    const link = await caller.promoter.getOrCreateLink({ trackId: track.id });
    const me = await caller.promoter.me();
    return { link, promoterId: me.promoter.id };
  };

  const click = async (track: TrackRow, code: string, b: Browser) => {
    const r = await recordClick(
      {
        slug: track.slug,
        code,
        method: "GET",
        ip: b.ip,
        userAgent: b.userAgent,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${code}`,
        sessionId: b.sessionId,
      },
      h.db,
    );
    if (!r.recorded) throw new Error(`click not recorded: ${r.reason}`);
    return r.clickId;
  };

  /** Starts checkout through the tRPC procedure as `userId` (or signed out) from `b`, then pays. */
  const buy = async (
    track: TrackRow,
    opts: { userId: string | null; b: Browser; clickId: string | null; buyerEmail: string },
  ) => {
    const caller = await h.callerFor(
      opts.userId,
      headersOf(opts.b, opts.clickId ? { [attributionCookieName(track.id)]: opts.clickId } : {}),
    );
    const checkout = await caller.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: opts.buyerEmail,
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    const delivery = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(delivery.status).toBe(200);
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: checkout.saleId },
      include: { commission: true, fraudSignals: true },
    });
    return { checkout, sale };
  };

  const promoterAccounts = async (saleId: string) =>
    (await h.db.ledgerEntry.findMany({ where: { saleId } })).filter((e) =>
      e.accountId.startsWith("PROMOTER"),
    );

  /** Everything a sale with a hard self-referral signal must be: completed, no commission anywhere. */
  const expectCompletedWithoutCommission = async (
    sale: Awaited<ReturnType<typeof buy>>["sale"],
    promoter: { promoterId: string; linkId: string },
  ) => {
    expect(sale).toMatchObject({
      status: "COMPLETED",
      amountCents: 1000,
      platformFeeCents: 100,
      commissionCents: 0,
      commissionBps: 0,
      artistCents: 900,
      promoterId: null,
      linkId: null,
      clickId: null,
      commission: null,
    });
    expect(await promoterAccounts(sale.id)).toEqual([]);
    // The recorded list has no commission share (at checkout, or split again at completion).
    const shares = await h.db.saleShare.findMany({
      where: { saleId: sale.id },
      orderBy: { position: "asc" },
    });
    expect(shares.map((s) => [s.kind, s.payee, s.amountCents])).toEqual([
      ["PLATFORM_FEE", "platform", 100],
      ["ARTIST", "artist", 900],
    ]);
    const entries = await h.db.ledgerEntry.findMany({ where: { saleId: sale.id } });
    expect(entries.reduce((s, e) => s + cents(e.amountCents), 0)).toBe(0);
    expect(
      await h.db.affiliateLink.findUniqueOrThrow({ where: { id: promoter.linkId } }),
    ).toMatchObject({
      salesCount: 0,
      commissionCents: 0n,
    });
    expect(
      await h.db.promoterProfile.findUniqueOrThrow({ where: { id: promoter.promoterId } }),
    ).toMatchObject({ salesCount: 0, earningsCents: 0n });
    expect(
      await h.db.emailOutbox.count({ where: { idempotencyKey: `commission-earned:${sale.id}` } }),
    ).toBe(0);
    expect(await verifyLedger(h.db)).toEqual([]);
  };

  beforeAll(async () => {
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Self Ref Artist" });
  });
  afterAll(async () => {
    await h.close();
  });

  test("a promoter who clicks their own link while signed in and pays with another email earns no commission; the sale completes, the reason is recorded and the ledger balances", async () => {
    const track = await newTrack();
    const promoter = await h.makeUser();
    const laptop = browser("198.51.100.10");
    const { link, promoterId } = await linkFor(promoter, track, laptop);
    const clickId = await click(track, link.code, laptop);

    const { checkout, sale } = await buy(track, {
      userId: promoter.id,
      b: laptop,
      clickId,
      buyerEmail: `someone-else-${unique()}@example.com`,
    });

    expect(checkout.attributed).toBe(false);
    expect(sale.selfReferral).toBe("PROMOTER_SIGNED_IN");
    await expectCompletedWithoutCommission(sale, { promoterId, linkId: link.id });
    // The admin sees who would have been paid, without any email or IP in the evidence.
    expect(sale.fraudSignals).toHaveLength(1);
    const signal = sale.fraudSignals[0]!;
    expect(signal).toMatchObject({
      kind: "SELF_REFERRAL_BLOCKED",
      promoterId,
      saleId: sale.id,
      evidence: { reason: "PROMOTER_SIGNED_IN", clickId, linkId: link.id, trackId: track.id },
    });
    const evidence = JSON.stringify(signal.evidence);
    expect(evidence).not.toContain("@");
    expect(evidence).not.toContain(laptop.ip);
  });

  test.each<[string, (local: string) => { account: string; buyer: string }]>([
    [
      "the promoter's own address, in capitals",
      (l) => ({ account: `${l}@example.com`, buyer: `${l.toUpperCase()}@EXAMPLE.com` }),
    ],
    [
      "a plus-address of the promoter's (promoter+x@…)",
      (l) => ({ account: `${l}@example.com`, buyer: `${l}+x@example.com` }),
    ],
    [
      "a dotted Gmail variant (p.r.o.moter@gmail.com)",
      (l) => ({ account: `${l}@gmail.com`, buyer: `${l.split("").join(".")}@gmail.com` }),
    ],
    [
      "the googlemail.com alias with a tag",
      (l) => ({ account: `${l}@gmail.com`, buyer: `${l}+fanfare@googlemail.com` }),
    ],
  ])(
    "a buyer paying with %s, signed out on another device, earns the promoter no commission",
    async (_label, emails) => {
      const track = await newTrack();
      const { account, buyer: buyerEmail } = emails(`promoter${unique()}`);
      const promoter = await h.makeUser({ email: account });
      const { link, promoterId } = await linkFor(promoter, track, browser("198.51.100.20"));
      const phone = browser("203.0.113.20", SAFARI);
      const clickId = await click(track, link.code, phone);

      const { checkout, sale } = await buy(track, { userId: null, b: phone, clickId, buyerEmail });

      expect(checkout.attributed).toBe(false);
      expect(sale.selfReferral).toBe("BUYER_EMAIL_MATCHES_PROMOTER");
      expect(sale.fraudSignals.map((s) => s.kind)).toEqual(["SELF_REFERRAL_BLOCKED"]);
      await expectCompletedWithoutCommission(sale, { promoterId, linkId: link.id });
    },
  );

  test("an artist promoting their own track earns no commission on it (a link made before the link rule refused it)", async () => {
    const track = await newTrack();
    // The API refuses an artist a link on their own track, so the old link is inserted directly.
    const profile = (await artist.caller.promoter.me()).promoter;
    const link = await h.db.affiliateLink.create({
      data: { code: `art${unique()}`.slice(0, 12), promoterId: profile.id, trackId: track.id },
    });
    const fan = browser("203.0.113.30", SAFARI);
    const clickId = await click(track, link.code, fan);

    const { checkout, sale } = await buy(track, {
      userId: null,
      b: fan,
      clickId,
      buyerEmail: `fan-${unique()}@example.com`,
    });

    expect(checkout.attributed).toBe(false);
    expect(sale.selfReferral).toBe("PROMOTER_IS_ARTIST");
    await expectCompletedWithoutCommission(sale, { promoterId: profile.id, linkId: link.id });
  });

  test("a friend on the same network (same visitor hash, own email, not signed in) earns the promoter the commission, and a soft signal is recorded", async () => {
    const track = await newTrack();
    const promoter = await h.makeUser();
    const home = browser("198.51.100.40");
    const { link, promoterId } = await linkFor(promoter, track, home);
    // Same Wi-Fi and the same browser build: same IP and user agent, another browser session.
    const friend = { ...browser(home.ip, home.userAgent) };
    const clickId = await click(track, link.code, friend);

    const { checkout, sale } = await buy(track, {
      userId: null,
      b: friend,
      clickId,
      buyerEmail: `friend-${unique()}@example.com`,
    });

    expect(checkout.attributed).toBe(true);
    expect(sale).toMatchObject({
      status: "COMPLETED",
      promoterId,
      linkId: link.id,
      clickId,
      commissionCents: 200,
      artistCents: 700,
      selfReferral: null,
      commission: { amountCents: 200, status: "PENDING" },
    });
    expect(sale.fraudSignals).toHaveLength(1);
    expect(sale.fraudSignals[0]).toMatchObject({
      kind: "PROMOTER_VISITOR_HASH_ON_PURCHASE",
      promoterId,
      saleId: sale.id,
      evidence: { clickId, linkId: link.id, trackId: track.id },
    });
    expect(JSON.stringify(sale.fraudSignals[0]!.evidence)).not.toContain(home.ip);
    expect(await promoterAccounts(sale.id)).toMatchObject([{ amountCents: 200n }]);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("the promoter's browser session on a signed-out purchase from another network keeps the commission and records a session signal", async () => {
    const track = await newTrack();
    const other = await newTrack();
    const promoter = await h.makeUser();
    const office = browser("198.51.100.50");
    const { link, promoterId } = await linkFor(promoter, track, browser("198.51.100.51", SAFARI));
    // Signed in, the promoter buys another track from the office browser: that browser session
    // (and visitor hash) becomes a sighting of theirs.
    const own = await buy(other, {
      userId: promoter.id,
      b: office,
      clickId: null,
      buyerEmail: promoter.email,
    });
    expect(own.sale.fraudSignals).toEqual([]);

    // Later, signed out, the same browser on a mobile hotspot: another IP, the same ff_sid.
    const hotspot = { ...office, ip: "203.0.113.50" };
    const clickId = await click(track, link.code, hotspot);
    const { sale } = await buy(track, {
      userId: null,
      b: hotspot,
      clickId,
      buyerEmail: `alias-${unique()}@example.com`,
    });

    expect(sale).toMatchObject({ promoterId, commissionCents: 200, selfReferral: null });
    expect(sale.fraudSignals.map((s) => s.kind)).toEqual(["PROMOTER_SESSION_ON_PURCHASE"]);
    expect(await verifyLedger(h.db)).toEqual([]);
  });

  test("a stranger's purchase through the link raises no signal at all", async () => {
    const track = await newTrack();
    const promoter = await h.makeUser();
    const { link, promoterId } = await linkFor(promoter, track, browser("198.51.100.60"));
    const stranger = browser("203.0.113.60", SAFARI);
    const clickId = await click(track, link.code, stranger);
    const { sale } = await buy(track, {
      userId: null,
      b: stranger,
      clickId,
      buyerEmail: `stranger-${unique()}@example.com`,
    });
    expect(sale).toMatchObject({
      promoterId,
      commissionCents: 200,
      selfReferral: null,
      fraudSignals: [],
    });
  });

  test("getting a link records the promoter's visitor hash and browser session as sightings, never the IP; getting it again refreshes them", async () => {
    const track = await newTrack();
    const promoter = await h.makeUser();
    const laptop = browser("198.51.100.70");
    await linkFor(promoter, track, laptop);
    const first = await h.db.visitorSighting.findMany({
      where: { userId: promoter.id },
      orderBy: { kind: "asc" },
    });
    expect(first.map((s) => [s.kind, s.value])).toEqual([
      ["VISITOR_HASH", visitorHash(laptop.ip, laptop.userAgent)],
      ["SESSION", laptop.sessionId],
    ]);
    expect(first.some((s) => s.value.includes(laptop.ip))).toBe(false);

    await new Promise((r) => setTimeout(r, 5));
    await linkFor(promoter, track, laptop);
    const again = await h.db.visitorSighting.findMany({
      where: { userId: promoter.id },
      orderBy: { kind: "asc" },
    });
    expect(again).toHaveLength(2);
    expect(again[0]!.lastSeenAt.getTime()).toBeGreaterThan(first[0]!.lastSeenAt.getTime());
  });
  test("a buyer who starts checkout under another address but pays from the promoter's mailbox (Checkout's own email field) earns no commission", async () => {
    const track = await newTrack();
    const promoter = await h.makeUser({ email: `payer-${unique()}@example.com` });
    const phone = browser("198.51.100.77", SAFARI);
    const { link, promoterId } = await linkFor(promoter, track, browser("203.0.113.5"));
    const clickId = await click(track, link.code, phone);
    const caller = await h.callerFor(
      null,
      headersOf(phone, { [attributionCookieName(track.id)]: clickId }),
    );
    const checkout = await caller.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: `friend-${unique()}@example.com`,
    });
    expect(checkout.attributed).toBe(true);
    const [local, domain] = promoter.email.split("@");
    const result = await handleProviderEvent(
      {
        id: `evt_paid_as_promoter_${checkout.saleId}`,
        type: "checkout.session.completed",
        data: {
          object: {
            id: `cs_paid_as_promoter_${checkout.saleId}`,
            client_reference_id: checkout.saleId,
            amount_total: 1000,
            currency: "usd",
            payment_status: "paid",
            payment_intent: `pi_paid_as_promoter_${checkout.saleId}`,
            customer_details: { email: `${local}+music@${domain}`, name: "P" },
          },
        },
      },
      h.db,
    );
    expect(result.status).toBe("applied");
    const sale = await h.db.sale.findUniqueOrThrow({
      where: { id: checkout.saleId },
      include: { commission: true, fraudSignals: true },
    });
    expect(sale.selfReferral).toBe("BUYER_EMAIL_MATCHES_PROMOTER");
    await expectCompletedWithoutCommission(sale, { promoterId, linkId: link.id });
    expect(sale.fraudSignals.map((f) => f.kind)).toContain("SELF_REFERRAL_BLOCKED");
  });
});
