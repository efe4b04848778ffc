import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";
import { ATTRIBUTION_MODELS } from "@fanfare/validators";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { programSettings } from "../settings/program-settings";
import { resolveAttribution } from "./attribution";
import { attributionCookieName, recordClick } from "./clicks";

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const DAY_MS = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS);

type Maker = Awaited<ReturnType<Harness["makeUser"]>>;
type TrackRow = Awaited<ReturnType<Harness["makeTrack"]>>["track"];

describe("the attribution model (issue 11 §1): last click by default, first click optional", () => {
  let h: Harness;
  let artist: Maker;
  let admin: Maker;
  let ipCounter = 0;
  let trackCounter = 0;

  /** A fresh visitor: its own IP, so its own visitor hash (IP | user agent). */
  const nextIp = () => `203.0.113.${++ipCounter}`;

  const newTrack = async () =>
    (await h.makeTrack(artist, { title: `Model Track ${++trackCounter}`, priceCents: 1000 })).track;

  /** A fresh promoter with a link on `track`. */
  const newLink = async (track: TrackRow) => {
    const user = await h.makeUser();
    const link = await user.caller.promoter.getOrCreateLink({ trackId: track.id });
    const me = await user.caller.promoter.me();
    return { user, link, promoterId: me.promoter.id };
  };

  /** The visitor `ip` opens the link at `at`, as the click-capture proxy records it. */
  const click = async (track: TrackRow, code: string, ip: string, at: Date) => {
    const r = await recordClick(
      {
        slug: track.slug,
        code,
        method: "GET",
        ip,
        userAgent: CHROME,
        referer: null,
        landingPath: `/t/${track.slug}?ref=${code}`,
        sessionId: null,
        now: at,
      },
      h.db,
    );
    if (!r.recorded) throw new Error(`click not recorded: ${r.reason}`);
    return r;
  };

  /** The admin saves the model in the console (applies from the next checkout). */
  const setModel = async (model: number) => {
    if ((await programSettings(h.db)).attributionModel === model) return;
    await admin.caller.admin.settings.update({
      values: { attributionModel: model },
      reason: `attribution model ${model} for the test`,
    });
  };

  /** Starts a checkout with the cookie the proxy left (the latest click); @returns the sale. */
  const startCheckout = async (track: TrackRow, cookieClickId: string) => {
    const buyer = await h.callerFor(null, {
      cookie: `${attributionCookieName(track.id)}=${cookieClickId}`,
    });
    return buyer.buyer.startCheckout({
      slug: track.slug,
      buyerEmail: `fan${Math.random().toString(36).slice(2)}@example.com`,
    });
  };

  const pay = async (checkoutUrl: string) =>
    completeSandboxCheckout(h.db, {
      sessionId: new URL(checkoutUrl).pathname.split("/").pop()!,
      webhookUrl: h.webhookUrl,
    });

  const commissionOf = (saleId: string) =>
    h.db.commission.findUnique({ where: { saleId }, select: { promoterId: true, linkId: true } });

  /** The sale completed, credited to `who` through `clickId`, and its commission is theirs. */
  const expectCredited = async (
    saleId: string,
    who: { promoterId: string; link: { id: string } },
    clickId: string,
  ) => {
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: saleId } })).toMatchObject({
      status: "COMPLETED",
      promoterId: who.promoterId,
      linkId: who.link.id,
      clickId,
    });
    expect(await commissionOf(saleId)).toEqual({ promoterId: who.promoterId, linkId: who.link.id });
  };

  beforeAll(async () => {
    // An environment override would win over the console's value.
    vi.stubEnv("ATTRIBUTION_MODEL", "");
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Model Artist" });
    admin = await h.makeAdmin();
  });
  afterEach(async () => {
    await setModel(ATTRIBUTION_MODELS.LAST_CLICK);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await h.close();
  });

  test("last click (the default): one visitor opens two promoters' links, and the second promoter gets the commission", async () => {
    expect((await programSettings(h.db)).attributionModel).toBe(ATTRIBUTION_MODELS.LAST_CLICK);
    const track = await newTrack();
    const first = await newLink(track);
    const second = await newLink(track);
    const ip = nextIp();
    await click(track, first.link.code, ip, daysAgo(3));
    const latest = await click(track, second.link.code, ip, daysAgo(1));

    const checkout = await startCheckout(track, latest.clickId);
    await pay(checkout.checkoutUrl);

    await expectCredited(checkout.saleId, second, latest.clickId);
  });

  test("first click: the same visits credit the first promoter, whose click the cookie no longer holds", async () => {
    await setModel(ATTRIBUTION_MODELS.FIRST_CLICK);
    const track = await newTrack();
    const first = await newLink(track);
    const second = await newLink(track);
    const ip = nextIp();
    const earliest = await click(track, first.link.code, ip, daysAgo(3));
    // A reload of the first link (an uncounted repeat), then the second promoter's link.
    await click(track, first.link.code, ip, new Date(daysAgo(3).getTime() + 60_000));
    const latest = await click(track, second.link.code, ip, daysAgo(1));

    const checkout = await startCheckout(track, latest.clickId);
    await pay(checkout.checkoutUrl);

    await expectCredited(checkout.saleId, first, earliest.clickId);
  });

  test("first click: another visitor's earlier click on the same track is not this buyer's", async () => {
    await setModel(ATTRIBUTION_MODELS.FIRST_CLICK);
    const track = await newTrack();
    const first = await newLink(track);
    const second = await newLink(track);
    await click(track, first.link.code, nextIp(), daysAgo(3));
    const mine = await click(track, second.link.code, nextIp(), daysAgo(1));

    const checkout = await startCheckout(track, mine.clickId);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } })).toMatchObject({
      promoterId: second.promoterId,
      clickId: mine.clickId,
    });
  });

  test("first click: a first click outside the window loses to a later one inside it", async () => {
    await setModel(ATTRIBUTION_MODELS.FIRST_CLICK);
    const { attributionWindowDays } = await programSettings(h.db);
    const track = await newTrack();
    const stale = await newLink(track);
    const fresh = await newLink(track);
    const ip = nextIp();
    await click(track, stale.link.code, ip, daysAgo(attributionWindowDays + 1));
    const inside = await click(track, fresh.link.code, ip, daysAgo(2));

    const checkout = await startCheckout(track, inside.clickId);
    expect(checkout.attributed).toBe(true);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } })).toMatchObject({
      promoterId: fresh.promoterId,
      clickId: inside.clickId,
    });
  });

  test("first click: a suspended first promoter's click falls through to the next eligible click", async () => {
    await setModel(ATTRIBUTION_MODELS.FIRST_CLICK);
    const track = await newTrack();
    const suspended = await newLink(track);
    const active = await newLink(track);
    const ip = nextIp();
    await click(track, suspended.link.code, ip, daysAgo(4));
    const later = await click(track, active.link.code, ip, daysAgo(1));
    await h.db.promoterProfile.update({
      where: { id: suspended.promoterId },
      data: { status: "SUSPENDED" },
    });

    const checkout = await startCheckout(track, later.clickId);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } })).toMatchObject({
      promoterId: active.promoterId,
      clickId: later.clickId,
    });
  });

  test("first click: the self-referral checks apply to the chosen click (no fall-through to the next promoter)", async () => {
    await setModel(ATTRIBUTION_MODELS.FIRST_CLICK);
    const track = await newTrack();
    const first = await newLink(track);
    const second = await newLink(track);
    const ip = nextIp();
    const earliest = await click(track, first.link.code, ip, daysAgo(3));
    const latest = await click(track, second.link.code, ip, daysAgo(1));

    // The first promoter buys through the other promoter's link, under their own email.
    expect(
      await resolveAttribution(
        { clickId: latest.clickId, trackId: track.id, buyerEmail: first.user.email },
        h.db,
      ),
    ).toEqual({
      attributed: false,
      reason: "self_referral",
      selfReferral: "BUYER_EMAIL_MATCHES_PROMOTER",
      clickId: earliest.clickId,
      linkId: first.link.id,
      promoterId: first.promoterId,
    });
  });

  test("a change of the model applies to the next checkout only: a started sale keeps its promoter", async () => {
    const track = await newTrack();
    const first = await newLink(track);
    const second = await newLink(track);
    const ip = nextIp();
    await click(track, first.link.code, ip, daysAgo(3));
    const latest = await click(track, second.link.code, ip, daysAgo(1));

    // Started under last click, paid after the admin switched to first click.
    const before = await startCheckout(track, latest.clickId);
    await setModel(ATTRIBUTION_MODELS.FIRST_CLICK);
    await pay(before.checkoutUrl);
    const after = await startCheckout(track, latest.clickId);
    await pay(after.checkoutUrl);

    expect(await h.db.sale.findUniqueOrThrow({ where: { id: before.saleId } })).toMatchObject({
      status: "COMPLETED",
      promoterId: second.promoterId,
    });
    expect(await commissionOf(before.saleId)).toMatchObject({ promoterId: second.promoterId });
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: after.saleId } })).toMatchObject({
      status: "COMPLETED",
      promoterId: first.promoterId,
    });
    expect(await commissionOf(after.saleId)).toMatchObject({ promoterId: first.promoterId });

    // And back: the first-click sale stays with the first promoter.
    await setModel(ATTRIBUTION_MODELS.LAST_CLICK);
    const third = await startCheckout(track, latest.clickId);
    expect(await h.db.sale.findUniqueOrThrow({ where: { id: third.saleId } })).toMatchObject({
      promoterId: second.promoterId,
    });
    expect(await commissionOf(after.saleId)).toMatchObject({ promoterId: first.promoterId });
  });

  test("last click reads no click but the cookie's; first click reads the visitor's clicks", async () => {
    const track = await newTrack();
    const first = await newLink(track);
    const second = await newLink(track);
    const ip = nextIp();
    await click(track, first.link.code, ip, daysAgo(3));
    const latest = await click(track, second.link.code, ip, daysAgo(1));
    const input = { clickId: latest.clickId, trackId: track.id, buyerEmail: "fan@example.com" };
    const raw = vi.spyOn(h.db, "$queryRaw");
    try {
      await programSettings(h.db); // settings cached, as on a warm process
      raw.mockClear();
      expect(await resolveAttribution(input, h.db)).toMatchObject({
        promoterId: second.promoterId,
      });
      expect(raw).not.toHaveBeenCalled();

      await setModel(ATTRIBUTION_MODELS.FIRST_CLICK);
      raw.mockClear();
      expect(await resolveAttribution(input, h.db)).toMatchObject({
        promoterId: first.promoterId,
      });
      expect(raw).toHaveBeenCalledTimes(1);
    } finally {
      raw.mockRestore();
    }
  });
});
