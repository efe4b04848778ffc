import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { pruneClickWindowsJob } from "../jobs/handlers";
import {
  countPageView,
  embedScope,
  landingScope,
  pageViewTotals,
  purgePageViewDedupe,
} from "./page-views";
import { recordPublicView } from "./record-view";

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0";
const GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
const DAY1 = new Date("2030-05-10T08:00:00.000Z");
const hoursAfter = (from: Date, n: number) => new Date(from.getTime() + n * 3_600_000);

describe("page views", () => {
  let h: Harness;
  let n = 0;
  /** A scope of its own per test, so tests never share counts. */
  const freshScope = () => `test:${++n}`;
  const total = async (scope: string, since?: Date) =>
    (await pageViewTotals([scope], h.db, { since })).get(scope);

  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  test("scopes are landing:<id>, embed:<trackId> and embed:<trackId>:<linkId>", () => {
    expect(landingScope("lp1")).toBe("landing:lp1");
    expect(embedScope("t1")).toBe("embed:t1");
    expect(embedScope("t1", null)).toBe("embed:t1");
    expect(embedScope("t1", "l1")).toBe("embed:t1:l1");
  });

  test("counts one view per visitor, scope and UTC day", async () => {
    const scope = freshScope();
    const view = (over: Partial<Parameters<typeof countPageView>[0]> = {}) =>
      countPageView({ scope, ip: "198.51.100.1", userAgent: CHROME, now: DAY1, ...over }, h.db);

    expect(await view()).toEqual({ counted: true });
    expect(await view({ now: hoursAfter(DAY1, 10) })).toEqual({ counted: false });
    // Another browser on the same IP, or the same browser elsewhere, is another visitor.
    expect(await view({ userAgent: FIREFOX })).toEqual({ counted: true });
    expect(await view({ ip: "198.51.100.2" })).toEqual({ counted: true });
    // The same visitor on another scope counts there.
    const other = freshScope();
    expect(await view({ scope: other })).toEqual({ counted: true });
    // The next UTC day counts again (16:00 + 10 h is past midnight UTC).
    expect(await view({ now: hoursAfter(DAY1, 16) })).toEqual({ counted: true });

    expect(await total(scope)).toBe(4);
    expect(await total(other)).toBe(1);
    expect(await total(scope, hoursAfter(DAY1, 16))).toBe(1);
    const days = await h.db.pageViewDaily.findMany({ where: { scope }, orderBy: { day: "asc" } });
    expect(days.map((d) => [d.day.toISOString().slice(0, 10), d.views])).toEqual([
      ["2030-05-10", 3],
      ["2030-05-11", 1],
    ]);
  });

  test("concurrent identical views count once", async () => {
    const scope = freshScope();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        countPageView({ scope, ip: "198.51.100.9", userAgent: CHROME, now: DAY1 }, h.db),
      ),
    );
    expect(results.filter((r) => r.counted)).toHaveLength(1);
    expect(await total(scope)).toBe(1);
  });

  test("bots, link-preview fetchers, a missing user agent and HEAD requests never count", async () => {
    const scope = freshScope();
    const base = { scope, ip: "198.51.100.3", now: DAY1 };
    expect(await countPageView({ ...base, userAgent: GOOGLEBOT }, h.db)).toEqual({
      counted: false,
    });
    expect(await countPageView({ ...base, userAgent: "Slackbot-LinkExpanding 1.0" }, h.db)).toEqual(
      { counted: false },
    );
    expect(await countPageView({ ...base, userAgent: null }, h.db)).toEqual({ counted: false });
    expect(await countPageView({ ...base, userAgent: CHROME, method: "HEAD" }, h.db)).toEqual({
      counted: false,
    });
    expect(await total(scope)).toBe(0);
    // Nothing was written for them, so the same browser's real view still counts.
    expect(await h.db.pageViewDedupe.count({ where: { scope } })).toBe(0);
    expect(await countPageView({ ...base, userAgent: CHROME }, h.db)).toEqual({ counted: true });
  });

  test("pageViewTotals answers every scope asked for, 0 for those without views", async () => {
    const seen = freshScope();
    await countPageView({ scope: seen, ip: "198.51.100.4", userAgent: CHROME, now: DAY1 }, h.db);
    const totals = await pageViewTotals([seen, "test:never"], h.db);
    expect([...totals]).toEqual([
      [seen, 1],
      ["test:never", 0],
    ]);
    expect((await pageViewTotals([], h.db)).size).toBe(0);
  });

  test("the purge deletes dedupe rows older than two days, keeps the counts, and runs with the prune job", async () => {
    const scope = freshScope();
    const at = (daysAfter: number) => new Date(DAY1.getTime() + daysAfter * 86_400_000);
    for (const d of [0, 1, 2, 3])
      await countPageView({ scope, ip: "198.51.100.5", userAgent: CHROME, now: at(d) }, h.db);
    const dedupeDays = async () =>
      (await h.db.pageViewDedupe.findMany({ where: { scope }, orderBy: { day: "asc" } })).map((r) =>
        r.day.toISOString().slice(0, 10),
      );

    // On day 3: day 0 is more than two days old; days 1 to 3 stay.
    expect(await purgePageViewDedupe(h.db, at(3))).toBeGreaterThanOrEqual(1);
    expect(await dedupeDays()).toEqual(["2030-05-11", "2030-05-12", "2030-05-13"]);
    expect(await purgePageViewDedupe(h.db, at(3))).toBe(0);
    // The hourly prune job purges them too.
    const pruned = await pruneClickWindowsJob({ db: h.db, now: at(5) });
    expect(pruned.pageViewDedupe).toBeGreaterThanOrEqual(2);
    expect(await dedupeDays()).toEqual(["2030-05-13"]);
    expect(await total(scope)).toBe(4);
  });
});

describe("recordPublicView (POST /api/views)", () => {
  let h: Harness;
  let ip = 0;
  const nextVisitor = () => ({ ip: `203.0.113.${++ip}`, userAgent: CHROME, now: DAY1 });

  beforeAll(async () => {
    h = await setupHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  const setup = async () => {
    const artist = await h.makeUser({ artistName: `View Artist ${++ip}` });
    const { track } = await h.makeTrack(artist, { title: `View Track ${ip}` });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    const promoterId = (await promoter.caller.promoter.me()).promoter.id;
    return { artist, track, link, promoterId };
  };
  const totals = async (trackId: string, linkId: string) => {
    const t = await pageViewTotals([embedScope(trackId), embedScope(trackId, linkId)], h.db);
    return { track: t.get(embedScope(trackId)), link: t.get(embedScope(trackId, linkId)) };
  };

  test("an embed play counts for the track, and for the link when ref names it; once per visitor and day", async () => {
    const { track, link } = await setup();
    const visitor = nextVisitor();
    const play = (ref?: string | null, v = visitor) =>
      recordPublicView({ view: { kind: "embed", slug: track.slug, ref }, ...v }, h.db);

    expect(await play(link.code)).toEqual({ counted: true });
    expect(await play(link.code)).toEqual({ counted: false });
    expect(await totals(track.id, link.id)).toEqual({ track: 1, link: 1 });
    // Without ref: the track's count only.
    expect(await play(null, nextVisitor())).toEqual({ counted: true });
    expect(await totals(track.id, link.id)).toEqual({ track: 2, link: 1 });
    // A bot counts nowhere.
    expect(await play(link.code, { ...nextVisitor(), userAgent: GOOGLEBOT })).toEqual({
      counted: false,
    });
    expect(await totals(track.id, link.id)).toEqual({ track: 2, link: 1 });
  });

  test("a ref that is unknown, of another track, disabled, or of a promoter who is not ACTIVE is ignored: the track's view still counts", async () => {
    const { track, link, promoterId } = await setup();
    const other = await setup();
    const play = (ref: string) =>
      recordPublicView({ view: { kind: "embed", slug: track.slug, ref }, ...nextVisitor() }, h.db);

    expect(await play("nosuchcode")).toEqual({ counted: true });
    expect(await play(other.link.code)).toEqual({ counted: true });
    expect(
      await h.db.pageViewDaily.count({ where: { scope: { startsWith: `embed:${track.id}:` } } }),
    ).toBe(0);

    await h.db.affiliateLink.update({ where: { id: link.id }, data: { disabled: true } });
    expect(await play(link.code)).toEqual({ counted: true });
    await h.db.affiliateLink.update({ where: { id: link.id }, data: { disabled: false } });
    await h.db.promoterProfile.update({ where: { id: promoterId }, data: { status: "SUSPENDED" } });
    expect(await play(link.code)).toEqual({ counted: true });
    expect(await totals(track.id, link.id)).toEqual({ track: 4, link: 0 });

    await h.db.promoterProfile.update({ where: { id: promoterId }, data: { status: "ACTIVE" } });
    expect(await play(link.code)).toEqual({ counted: true });
    expect(await totals(track.id, link.id)).toEqual({ track: 5, link: 1 });
  });

  test("an unknown, unpublished or deleted track answers NOT_FOUND and counts nothing", async () => {
    const { artist, track } = await setup();
    const play = (slug: string) =>
      recordPublicView({ view: { kind: "embed", slug }, ...nextVisitor() }, h.db);
    await expect(play("no-such-track")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await artist.caller.artist.unpublishTrack({ trackId: track.id });
    await expect(play(track.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await h.db.track.update({
      where: { id: track.id },
      data: { published: true, deletedAt: new Date() },
    });
    await expect(play(track.slug)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await pageViewTotals([embedScope(track.id)], h.db)).toEqual(
      new Map([[embedScope(track.id), 0]]),
    );
  });

  test("a landing page view counts when the page is published and not taken down; otherwise NOT_FOUND", async () => {
    const { promoterId } = await setup();
    const handle = `views-${ip}`;
    const page = await h.db.landingPage.create({
      data: { promoterId, handle, headline: "My picks", published: false },
    });
    const view = () =>
      recordPublicView({ view: { kind: "landing", handle }, ...nextVisitor() }, h.db);

    await expect(view()).rejects.toMatchObject({ code: "NOT_FOUND" });
    await h.db.landingPage.update({ where: { id: page.id }, data: { published: true } });
    expect(await view()).toEqual({ counted: true });
    await h.db.landingPage.update({
      where: { id: page.id },
      data: { takenDownAt: new Date(), takenDownReason: "Spam" },
    });
    await expect(view()).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      recordPublicView(
        { view: { kind: "landing", handle: "nobody-here" }, ...nextVisitor() },
        h.db,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await pageViewTotals([landingScope(page.id)], h.db)).get(landingScope(page.id))).toBe(
      1,
    );
  });
});
