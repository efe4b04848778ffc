import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";
import { ATTRIBUTION_MODELS } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { verifyLedger } from "../ledger/verify-ledger";
import { programSettings } from "../settings/program-settings";
import { captureAffiliateClick, isAffiliateVisit } from "./click-capture";
import { attributionCookieName, recordClick } from "./clicks";
import { isPageLinkVisit } from "./page-click-capture";
import { promoterCode } from "./recruits";

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const DAY_MS = 86_400_000;

type Maker = Awaited<ReturnType<Harness["makeUser"]>>;
type TrackRow = Awaited<ReturnType<Harness["makeTrack"]>>["track"];

describe("isPageLinkVisit: which pages a promoter's page link lands on (issue 14 §1)", () => {
  test.each([
    ["GET", "/a/nova-lights?ref=k3m9x2pq", true],
    ["GET", "/a/nova-lights/?ref=k3m9x2pq&src=newsletter", true],
    ["GET", "/?ref=k3m9x2pq", true],
    ["GET", "/?genre=ambient&ref=k3m9x2pq", true],
    ["GET", "/?q=night&ref=k3m9x2pq", true],
    ["GET", "/discover/new/ambient/_?ref=k3m9x2pq", true],
    ["GET", "/a/nova-lights", false],
    ["GET", "/a/nova-lights?ref=", false],
    ["HEAD", "/a/nova-lights?ref=k3m9x2pq", false],
    ["GET", "/a/nova-lights/press?ref=k3m9x2pq", false],
    ["GET", "/join?ref=k3m9x2pq", false],
    ["GET", "/leaderboard?ref=k3m9x2pq", false],
    ["GET", "/t/night-drive?ref=k3m9x2pq", false],
  ])("%s %s -> %s", (method, path, expected) => {
    expect(isPageLinkVisit(method, new URL(path, "http://localhost"))).toBe(expected);
  });
});

describe("page links (issue 14 §1): artist pages and discover attribute sales", () => {
  let h: Harness;
  let artist: Maker;
  let otherArtist: Maker;
  let admin: Maker;
  let artistSlug: string;
  let artistId: string;
  let ipCounter = 0;
  let n = 0;
  const nextIp = () => `198.51.100.${++ipCounter}`;

  const newTrack = async (who: Maker = artist) =>
    (await h.makeTrack(who, { title: `Page Link Track ${++n}`, priceCents: 1000 })).track;

  /** A promoter (profile made through "Get your link" on some track) and their page-link code. */
  const newPromoter = async () => {
    const user = await h.makeUser();
    const seedTrack = await newTrack(otherArtist);
    await user.caller.promoter.getOrCreateLink({ trackId: seedTrack.id });
    const promoterId = (await user.caller.promoter.me()).promoter.id;
    return { user, promoterId, code: await promoterCode(promoterId, h.db) };
  };

  /** One browser: its IP, user agent and the cookies the server has set on it. */
  const newBrowser = (userAgent = CHROME) => {
    const ip = nextIp();
    const jar = new Map<string, string>();
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    return {
      jar,
      cookieHeader,
      /** Opens a URL as server.mjs would capture it; @returns the cookies set. */
      open: async (path: string) => {
        const url = new URL(path, "http://localhost");
        if (!isAffiliateVisit("GET", url)) return [];
        const { cookies } = await captureAffiliateClick(
          {
            method: "GET",
            url,
            headers: new Headers({
              "user-agent": userAgent,
              "x-fanfare-peer-ip": ip,
              ...(jar.size ? { cookie: cookieHeader() } : {}),
            }),
          },
          async () => h.db,
        );
        for (const c of cookies) jar.set(c.name, c.value);
        return cookies;
      },
      /** Starts a checkout of `track` with this browser's cookies; @returns the sale. */
      checkout: async (track: TrackRow, extra: { discountCode?: string } = {}) => {
        const caller = await h.callerFor(null, {
          cookie: cookieHeader(),
          "user-agent": userAgent,
          "x-fanfare-peer-ip": ip,
        });
        const r = await caller.buyer.startCheckout({
          slug: track.slug,
          buyerEmail: `fan${Math.random().toString(36).slice(2)}@example.com`,
          ...extra,
        });
        return { ...r, sale: await h.db.sale.findUniqueOrThrow({ where: { id: r.saleId } }) };
      },
    };
  };

  const pay = async (checkoutUrl: string) =>
    completeSandboxCheckout(h.db, {
      sessionId: new URL(checkoutUrl).pathname.split("/").pop()!,
      webhookUrl: h.webhookUrl,
    });

  const setModel = async (model: number) => {
    if ((await programSettings(h.db)).attributionModel === model) return;
    await admin.caller.admin.settings.update({
      values: { attributionModel: model },
      reason: `attribution model ${model} for the page-link test`,
    });
  };

  beforeAll(async () => {
    vi.stubEnv("ATTRIBUTION_MODEL", "");
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Page Link Artist" });
    otherArtist = await h.makeUser({ artistName: "Some Other Artist" });
    admin = await h.makeAdmin();
    const profile = await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } });
    artistSlug = profile.slug;
    artistId = profile.id;
  });
  afterEach(async () => {
    await setModel(ATTRIBUTION_MODELS.LAST_CLICK);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await h.close();
  });

  test("an artist-page link with src=newsletter: captured, a buyer buys ANOTHER track of the artist, and the promoter sees the sale under newsletter", async () => {
    const featured = await newTrack();
    const bought = await newTrack();
    const promoter = await newPromoter();
    const browser = newBrowser();

    const cookies = await browser.open(`/a/${artistSlug}?ref=${promoter.code}&src=newsletter`);
    expect(cookies.map((c) => c.name)).toEqual(["ff_sid", `ff_pa_${artistId}`]);
    expect(cookies[1]!.maxAgeSeconds).toBe(30 * 86_400);
    const pageClick = await h.db.pageClick.findUniqueOrThrow({ where: { id: cookies[1]!.value } });
    expect(pageClick).toMatchObject({
      promoterId: promoter.promoterId,
      scope: "artist",
      artistId,
      sourceTag: "newsletter",
      counted: true,
      isBot: false,
      sessionId: cookies[0]!.value,
    });

    // A reload inside the dedupe window is stored, not counted; the cookie follows the latest.
    const again = await browser.open(`/a/${artistSlug}?ref=${promoter.code}&src=newsletter`);
    const repeat = await h.db.pageClick.findUniqueOrThrow({ where: { id: again[0]!.value } });
    expect(repeat.counted).toBe(false);

    // A link-preview fetcher is stored as a bot, sets no attribution cookie.
    const bot = newBrowser("Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)");
    const botCookies = await bot.open(`/a/${artistSlug}?ref=${promoter.code}&src=newsletter`);
    expect(botCookies.map((c) => c.name)).toEqual(["ff_sid"]);
    expect(
      await h.db.pageClick.count({ where: { promoterId: promoter.promoterId, isBot: true } }),
    ).toBe(1);

    const { sale, checkoutUrl } = await browser.checkout(bought);
    expect(sale.promoterId).toBe(promoter.promoterId);
    const click = await h.db.clickEvent.findUniqueOrThrow({ where: { id: sale.clickId! } });
    expect(click).toMatchObject({
      trackId: bought.id,
      pageClickId: repeat.id,
      sourceTag: "newsletter",
      counted: false,
      createdAt: repeat.createdAt,
      visitorHash: repeat.visitorHash,
    });
    const link = await h.db.affiliateLink.findUniqueOrThrow({ where: { id: sale.linkId! } });
    expect(link).toMatchObject({ promoterId: promoter.promoterId, trackId: bought.id });
    await pay(checkoutUrl);
    const commission = await h.db.commission.findUniqueOrThrow({ where: { saleId: sale.id } });
    expect(commission.promoterId).toBe(promoter.promoterId);
    expect(commission.amountCents).toBe(sale.commissionCents);
    expect(sale.commissionBps).toBe(bought.commissionBps);

    // A second checkout from the same page click reuses its ClickEvent.
    const second = await browser.checkout(bought);
    expect(second.sale.clickId).toBe(sale.clickId);

    const report = await promoter.user.caller.promoter.sourceReport({
      period: "30d",
      groupBy: "src",
    });
    const row = report.rows.find((r) => r.key === "newsletter");
    expect(row).toMatchObject({ clicks: 1, sales: 1, earningsCents: commission.amountCents });
    expect(featured.id).not.toBe(bought.id);

    // The artist's report counts the click on their page too (over all their tracks; a page
    // click belongs to no one track) and the sale it brought.
    const artistReport = await artist.caller.artist.sourceReport({ period: "30d", groupBy: "src" });
    expect(artistReport.rows.find((r) => r.key === "newsletter")).toMatchObject({
      clicks: 1,
      sales: 1,
    });
    const oneTrack = await artist.caller.artist.sourceReport({
      period: "30d",
      groupBy: "src",
      trackId: bought.id,
    });
    expect(oneTrack.rows.find((r) => r.key === "newsletter")).toMatchObject({
      clicks: 0,
      sales: 1,
    });
  });

  test("the artist-page cookie does not reach another artist's track, nor a track with the program off", async () => {
    const promoter = await newPromoter();
    const browser = newBrowser();
    await browser.open(`/a/${artistSlug}?ref=${promoter.code}`);
    const elsewhere = await newTrack(otherArtist);
    expect((await browser.checkout(elsewhere)).sale.promoterId).toBeNull();
    const off = await newTrack();
    await artist.caller.artist.updateTrack({ trackId: off.id, affiliateEnabled: false });
    expect((await browser.checkout(off)).sale.promoterId).toBeNull();
  });

  test("a disabled promoter's artist-page click attributes nothing, and a new one is not recorded", async () => {
    const track = await newTrack();
    const promoter = await newPromoter();
    const browser = newBrowser();
    await browser.open(`/a/${artistSlug}?ref=${promoter.code}`);
    await h.db.promoterProfile.update({
      where: { id: promoter.promoterId },
      data: { status: "SUSPENDED" },
    });
    expect((await browser.checkout(track)).sale.promoterId).toBeNull();
    const fresh = newBrowser();
    expect((await fresh.open(`/a/${artistSlug}?ref=${promoter.code}`)).map((c) => c.name)).toEqual([
      "ff_sid",
    ]);
  });

  test("an unknown code or a track-link code on an artist page records nothing", async () => {
    const track = await newTrack();
    const promoter = await newPromoter();
    const link = await promoter.user.caller.promoter.getOrCreateLink({ trackId: track.id });
    const before = await h.db.pageClick.count();
    for (const ref of ["zzzzzzzz", link.code]) {
      const cookies = await newBrowser().open(`/a/${artistSlug}?ref=${ref}`);
      expect(cookies.map((c) => c.name)).toEqual(["ff_sid"]);
    }
    expect(await newBrowser().open(`/a/no-such-artist?ref=${promoter.code}`)).toHaveLength(1);
    expect(await h.db.pageClick.count()).toBe(before);
  });

  test("a discover link attributes any track, but only in the same browser session", async () => {
    const track = await newTrack(otherArtist);
    const promoter = await newPromoter();
    const browser = newBrowser();
    const cookies = await browser.open(`/?genre=ambient&ref=${promoter.code}&src=blog`);
    const pd = cookies.find((c) => c.name === "ff_pd")!;
    expect(pd.maxAgeSeconds).toBeUndefined(); // a session cookie
    expect(await h.db.pageClick.findUniqueOrThrow({ where: { id: pd.value } })).toMatchObject({
      scope: "discover",
      artistId: null,
      sourceTag: "blog",
    });

    // Another session (the browser was closed: a new ff_sid) carrying the old ff_pd: no credit.
    const stale = newBrowser();
    stale.jar.set("ff_pd", pd.value);
    stale.jar.set("ff_sid", "another-session-0");
    expect((await stale.checkout(track)).sale.promoterId).toBeNull();

    const { sale } = await browser.checkout(track);
    expect(sale.promoterId).toBe(promoter.promoterId);
    const click = await h.db.clickEvent.findUniqueOrThrow({ where: { id: sale.clickId! } });
    expect(click).toMatchObject({ pageClickId: pd.value, sourceTag: "blog", counted: false });
  });

  test("a later track click beats an earlier artist-page click under last click, and loses under first click; a code beats both", async () => {
    const track = await newTrack();
    const pagePromoter = await newPromoter();
    const trackPromoter = await newPromoter();
    const trackLink = await trackPromoter.user.caller.promoter.getOrCreateLink({
      trackId: track.id,
    });
    const browser = newBrowser();
    await browser.open(`/a/${artistSlug}?ref=${pagePromoter.code}`);
    // Make the artist-page click a day older, then the visitor opens a track link.
    await h.db.pageClick.update({
      where: { id: browser.jar.get(`ff_pa_${artistId}`)! },
      data: { createdAt: new Date(Date.now() - DAY_MS) },
    });
    await browser.open(`/t/${track.slug}?ref=${trackLink.code}`);
    expect(browser.jar.get(attributionCookieName(track.id))).toBeTruthy();

    expect((await browser.checkout(track)).sale.promoterId).toBe(trackPromoter.promoterId);
    await setModel(ATTRIBUTION_MODELS.FIRST_CLICK);
    expect((await browser.checkout(track)).sale.promoterId).toBe(pagePromoter.promoterId);

    // A third promoter's personal code wins over both.
    const codePromoter = await newPromoter();
    await codePromoter.user.caller.promoter.claimCode({ code: `PAGE-LINKS-${n}`, percentBps: 500 });
    const withCode = await browser.checkout(track, { discountCode: `PAGE-LINKS-${n}` });
    expect(withCode.sale.promoterId).toBe(codePromoter.promoterId);
    expect(withCode.sale.clickId).toBeNull();
  });

  test("the page click's ClickEvent leaves the click counters alone, and the ledger is clean", async () => {
    const track = await newTrack();
    const promoter = await newPromoter();
    const browser = newBrowser();
    await browser.open(`/a/${artistSlug}?ref=${promoter.code}&src=newsletter`);
    const { sale, checkoutUrl } = await browser.checkout(track);
    await pay(checkoutUrl);
    expect(await h.db.clickRollupPending.count({ where: { linkId: sale.linkId! } })).toBe(0);
    expect(await verifyLedger(h.db)).toEqual([]);
    // recordClick itself is untouched: a track click still records as before.
    const link = await promoter.user.caller.promoter.getOrCreateLink({ trackId: track.id });
    const r = await recordClick(
      {
        slug: track.slug,
        code: link.code,
        method: "GET",
        ip: nextIp(),
        userAgent: CHROME,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${link.code}`,
        sessionId: null,
      },
      h.db,
    );
    expect(r).toMatchObject({ recorded: true, counted: true });
  });
});
