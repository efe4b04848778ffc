import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { resolveAttribution } from "./attribution";
import { rollupClicks } from "./click-rollup";
import type { RecordClickInput } from "./clicks";
import { attributionCookieName, pruneExpiredClickWindows, recordClick } from "./clicks";

const CHROME =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0";
const T0 = new Date("2030-03-01T12:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const days = (from: Date, n: number) => new Date(from.getTime() + n * 86_400_000);

type Maker = Awaited<ReturnType<Harness["makeUser"]>>;
type TrackRow = Awaited<ReturnType<Harness["makeTrack"]>>["track"];

describe("recordClick and attribution", () => {
  let h: Harness;
  let artist: Maker;
  let track: TrackRow;
  let ipCounter = 0;
  let trackCounter = 0;

  // Every test gets its own visitor so tests never share a dedupe window.
  const nextIp = () => `198.51.100.${++ipCounter}`;

  const newTrack = async () =>
    (await h.makeTrack(artist, { title: `Click Track ${++trackCounter}` })).track;

  /** A fresh promoter with a link on `forTrack`, so the link's totals start at zero. */
  const newLink = async (forTrack: TrackRow = track) => {
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: forTrack.id });
    const me = await promoter.caller.promoter.me();
    return { promoter, promoterId: me.promoter.id, link, code: link.code };
  };

  const visit = (forTrack: TrackRow, code: string, overrides: Partial<RecordClickInput> = {}) =>
    recordClick(
      {
        slug: forTrack.slug,
        code,
        method: "GET",
        ip: "198.51.100.250",
        userAgent: CHROME,
        referer: null,
        landingPath: `/t/${forTrack.slug}?ref=${code}`,
        sessionId: null,
        ...overrides,
      },
      h.db,
    );

  // The click path updates no counter; the `clicks.rollup` job adds counted clicks to them within
  // seconds. These read a counter the way a dashboard does once the rollup has run.
  const linkClicks = async (linkId: string) => {
    await rollupClicks({}, h.db);
    return (await h.db.affiliateLink.findUniqueOrThrow({ where: { id: linkId } })).clickCount;
  };
  const trackClicks = async (trackId: string) => {
    await rollupClicks({}, h.db);
    return (await h.db.track.findUniqueOrThrow({ where: { id: trackId } })).clickCount;
  };
  const promoterClicks = async (promoterId: string) => {
    await rollupClicks({}, h.db);
    return (await h.db.promoterProfile.findUniqueOrThrow({ where: { id: promoterId } })).clickCount;
  };

  beforeAll(async () => {
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Click Artist" });
    track = await newTrack();
  });
  afterAll(async () => {
    await h.close();
  });

  describe("dedupe: one counted click per link per visitor per hour", () => {
    test("a second identical visit within the hour is recorded as a duplicate and not counted; the link's clickCount stays 1", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      const first = await visit(track, code, { ip, now: T0 });
      const second = await visit(track, code, { ip, now: minutes(30) });
      expect(first).toMatchObject({ recorded: true, counted: true, reason: "counted" });
      expect(second).toMatchObject({ recorded: true, counted: false, reason: "duplicate" });
      expect(await linkClicks(link.id)).toBe(1);
      expect(await h.db.clickEvent.count({ where: { linkId: link.id } })).toBe(2);
    });

    test("a visit 61 minutes after the counted one counts again", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      await visit(track, code, { ip, now: T0 });
      const later = await visit(track, code, { ip, now: minutes(61) });
      expect(later).toMatchObject({ recorded: true, counted: true, reason: "counted" });
      expect(await linkClicks(link.id)).toBe(2);
    });

    test("duplicates do not extend the window: it runs from the counted click", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      await visit(track, code, { ip, now: T0 });
      expect(await visit(track, code, { ip, now: minutes(50) })).toMatchObject({
        counted: false,
        reason: "duplicate",
      });
      expect(await visit(track, code, { ip, now: minutes(61) })).toMatchObject({
        counted: true,
        reason: "counted",
      });
      expect(await linkClicks(link.id)).toBe(2);
    });

    test("a different visitor counts: another IP, or the same IP with another user agent", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      expect(await visit(track, code, { ip, now: T0 })).toMatchObject({ counted: true });
      expect(await visit(track, code, { ip: nextIp(), now: minutes(1) })).toMatchObject({
        counted: true,
      });
      expect(await visit(track, code, { ip, userAgent: FIREFOX, now: minutes(2) })).toMatchObject({
        counted: true,
      });
      expect(await linkClicks(link.id)).toBe(3);
    });

    test("the same visitor counts once on each promoter's link for the same track", async () => {
      const a = await newLink();
      const b = await newLink();
      const ip = nextIp();
      expect(await visit(track, a.code, { ip, now: T0 })).toMatchObject({ counted: true });
      expect(await visit(track, b.code, { ip, now: minutes(1) })).toMatchObject({ counted: true });
      expect(await linkClicks(a.link.id)).toBe(1);
      expect(await linkClicks(b.link.id)).toBe(1);
    });

    test("25 concurrent identical clicks count exactly once; link, track and promoter clickCount are each 1", async () => {
      const own = await newTrack();
      const { link, code, promoterId } = await newLink(own);
      const ip = nextIp();
      const results = await Promise.all(Array.from({ length: 25 }, () => visit(own, code, { ip })));
      expect(results.every((r) => r.recorded)).toBe(true);
      expect(results.filter((r) => r.recorded && r.counted)).toHaveLength(1);
      expect(results.filter((r) => r.recorded && r.reason === "duplicate")).toHaveLength(24);
      expect(await h.db.clickEvent.count({ where: { linkId: link.id } })).toBe(25);
      expect(await h.db.clickEvent.count({ where: { linkId: link.id, counted: true } })).toBe(1);
      expect(await linkClicks(link.id)).toBe(1);
      expect(await trackClicks(own.id)).toBe(1);
      expect(await promoterClicks(promoterId)).toBe(1);
    });
  });

  describe("counters: the click path appends, the rollup adds", () => {
    const pendingOf = (linkId: string) =>
      h.db.clickRollupPending.findMany({ where: { linkId }, orderBy: { id: "asc" } });
    const ymd = (d: Date) => d.toISOString().slice(0, 10);

    test("a counted click updates no counter row: it queues one pending row on its UTC day, and rollupClicks adds it to link, track, promoter and the daily stats exactly once", async () => {
      const own = await newTrack();
      const { link, code, promoterId } = await newLink(own);
      await rollupClicks({}, h.db); // anything earlier tests left pending
      const lastMs = new Date("2030-03-01T23:59:59.999Z");
      const nextDay = new Date("2030-03-02T00:00:00.000Z");
      expect(await visit(own, code, { ip: nextIp(), now: lastMs })).toMatchObject({
        reason: "counted",
      });
      expect(await visit(own, code, { ip: nextIp(), now: nextDay })).toMatchObject({
        reason: "counted",
      });
      // Not counted: a duplicate, a bot and an IP-capped click queue nothing.
      const ip = nextIp();
      await visit(own, code, { ip, now: nextDay });
      await visit(own, code, { ip, now: nextDay });
      await visit(own, code, { ip: nextIp(), userAgent: "Twitterbot/1.0", now: nextDay });
      const rawLink = await h.db.affiliateLink.findUniqueOrThrow({ where: { id: link.id } });
      const rawTrack = await h.db.track.findUniqueOrThrow({ where: { id: own.id } });
      expect([rawLink.clickCount, rawTrack.clickCount]).toEqual([0, 0]);
      expect((await pendingOf(link.id)).map((p) => [p.trackId, p.promoterId, ymd(p.day)])).toEqual([
        [own.id, promoterId, "2030-03-01"],
        [own.id, promoterId, "2030-03-02"],
        [own.id, promoterId, "2030-03-02"],
      ]);

      expect(await rollupClicks({}, h.db)).toEqual({ clicks: 3 });
      expect(await pendingOf(link.id)).toEqual([]);
      expect(await rollupClicks({}, h.db)).toEqual({ clicks: 0 });
      expect(await linkClicks(link.id)).toBe(3);
      expect(await trackClicks(own.id)).toBe(3);
      expect(await promoterClicks(promoterId)).toBe(3);
      const linkDays = await h.db.linkDailyStats.findMany({
        where: { linkId: link.id },
        orderBy: { day: "asc" },
      });
      expect(linkDays.map((d) => [ymd(d.day), d.promoterId, d.clicks, d.sales])).toEqual([
        ["2030-03-01", promoterId, 1, 0],
        ["2030-03-02", promoterId, 2, 0],
      ]);
      const promoterDays = await h.db.promoterDailyStats.findMany({
        where: { promoterId },
        orderBy: { day: "asc" },
      });
      expect(promoterDays.map((d) => [ymd(d.day), d.clicks])).toEqual([
        ["2030-03-01", 1],
        ["2030-03-02", 2],
      ]);
    });

    test("an IP-capped click leaves neither a pending row nor a dedupe window", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      const agentOf = (i: number) => `${CHROME} Cap/${i}`;
      for (let i = 0; i < 5; i++)
        await visit(track, code, { ip, userAgent: agentOf(i), now: minutes(i) });
      expect(
        await visit(track, code, { ip, userAgent: agentOf(5), now: minutes(6) }),
      ).toMatchObject({ reason: "ip_capped", counted: false });
      expect(await h.db.clickRollupPending.count({ where: { linkId: link.id } })).toBe(5);
      expect(await h.db.clickDedupe.count({ where: { linkId: link.id } })).toBe(5);
      expect(await linkClicks(link.id)).toBe(5);
    });
  });

  describe("IP cap: at most CLICK_IP_CAP_PER_HOUR (5) counted clicks per link per IP per hour, across user agents", () => {
    /** A distinct browser user agent per index, so each is its own visitor behind one IP. */
    const agent = (i: number) =>
      `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.${i}.0 Safari/537.36`;
    const reasons = (results: Awaited<ReturnType<typeof visit>>[]) =>
      results.map((r) => (r.recorded ? r.reason : r.reason));

    test("50 user agents from one IP mint exactly 5 counted clicks; the other 45 are stored as ip_capped", async () => {
      const own = await newTrack();
      const { link, code, promoterId } = await newLink(own);
      const ip = nextIp();
      const results = [];
      for (let i = 0; i < 50; i++)
        results.push(await visit(own, code, { ip, userAgent: agent(i), now: minutes(i) }));
      expect(reasons(results)).toEqual([
        ...Array<string>(5).fill("counted"),
        ...Array<string>(45).fill("ip_capped"),
      ]);
      expect(await h.db.clickEvent.count({ where: { linkId: link.id } })).toBe(50);
      expect(await h.db.clickEvent.count({ where: { linkId: link.id, counted: true } })).toBe(5);
      expect(await linkClicks(link.id)).toBe(5);
      expect(await trackClicks(own.id)).toBe(5);
      expect(await promoterClicks(promoterId)).toBe(5);
      // One window row for the IP, keyed by a hash: the raw IP is stored nowhere.
      const windows = await h.db.$queryRaw<
        Record<string, unknown>[]
      >`SELECT * FROM "ClickIpWindow" WHERE "linkId" = ${link.id}`;
      expect(windows).toHaveLength(1);
      expect(windows[0]).toMatchObject({ count: 50 });
      expect(String(windows[0]!.ipHash)).toMatch(/^[0-9a-f]{64}$/);
      expect(Object.values(windows[0]!).some((v) => String(v).includes(ip))).toBe(false);
    });

    test("other IPs are unaffected when one IP is capped, and the same IP still counts on another link", async () => {
      const { link, code } = await newLink();
      const other = await newLink();
      const ip = nextIp();
      for (let i = 0; i < 6; i++)
        await visit(track, code, { ip, userAgent: agent(i), now: minutes(i) });
      expect(
        await visit(track, code, { ip: nextIp(), userAgent: agent(0), now: minutes(7) }),
      ).toMatchObject({ counted: true, reason: "counted" });
      expect(
        await visit(track, other.code, { ip, userAgent: agent(0), now: minutes(8) }),
      ).toMatchObject({ counted: true, reason: "counted" });
      expect(await linkClicks(link.id)).toBe(6);
      expect(await linkClicks(other.link.id)).toBe(1);
    });

    test("IPv6 addresses in the same /64 share one cap; an address in another /64 has its own", async () => {
      const { link, code } = await newLink();
      const results = [];
      // Rotating through the interface-identifier half of one /64 (as RFC 8981 temporary addresses do).
      for (let i = 0; i < 8; i++)
        results.push(
          await visit(track, code, {
            ip: `2001:db8:77:1:${(i + 1).toString(16)}::${i + 1}`,
            userAgent: agent(i),
            now: minutes(i),
          }),
        );
      expect(reasons(results)).toEqual([
        ...Array<string>(5).fill("counted"),
        ...Array<string>(3).fill("ip_capped"),
      ]);
      expect(
        await visit(track, code, { ip: "2001:db8:77:2::1", userAgent: agent(0), now: minutes(9) }),
      ).toMatchObject({ counted: true });
      expect(await linkClicks(link.id)).toBe(6);
    });

    test("an IPv4-mapped IPv6 address shares the cap of its IPv4 address", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      for (let i = 0; i < 5; i++)
        await visit(track, code, {
          ip: i % 2 ? `::ffff:${ip}` : ip,
          userAgent: agent(i),
          now: minutes(i),
        });
      expect(
        await visit(track, code, { ip: `::ffff:${ip}`, userAgent: agent(5), now: minutes(6) }),
      ).toMatchObject({ counted: false, reason: "ip_capped" });
      expect(await linkClicks(link.id)).toBe(5);
    });

    test("a repeat visit is a duplicate and does not consume the IP's budget", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      for (let i = 0; i < 4; i++)
        await visit(track, code, { ip, userAgent: agent(0), now: minutes(i) });
      const others = [];
      for (let i = 1; i <= 5; i++)
        others.push(await visit(track, code, { ip, userAgent: agent(i), now: minutes(10 + i) }));
      // 1 counted + 3 duplicates of agent 0 use one unit of budget; agents 1-4 take the other 4.
      expect(reasons(others)).toEqual(["counted", "counted", "counted", "counted", "ip_capped"]);
      expect(await linkClicks(link.id)).toBe(5);
    });

    test("the IP's window restarts after an hour, and a capped visitor counts then (a capped click leaves no dedupe window)", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      for (let i = 0; i < 5; i++)
        await visit(track, code, { ip, userAgent: agent(i), now: minutes(i) });
      expect(await visit(track, code, { ip, userAgent: agent(5), now: minutes(10) })).toMatchObject(
        { reason: "ip_capped" },
      );
      expect(await visit(track, code, { ip, userAgent: agent(5), now: minutes(20) })).toMatchObject(
        { reason: "ip_capped" },
      );
      // The window opened at T0: at 60 minutes it is over.
      expect(await visit(track, code, { ip, userAgent: agent(5), now: minutes(60) })).toMatchObject(
        { counted: true, reason: "counted" },
      );
      expect(await visit(track, code, { ip, userAgent: agent(6), now: minutes(61) })).toMatchObject(
        { counted: true, reason: "counted" },
      );
      expect(await linkClicks(link.id)).toBe(7);
    });

    test("the cap is the CLICK_IP_CAP_PER_HOUR setting", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      const before = process.env.CLICK_IP_CAP_PER_HOUR;
      process.env.CLICK_IP_CAP_PER_HOUR = "2";
      try {
        const results = [];
        for (let i = 0; i < 4; i++)
          results.push(await visit(track, code, { ip, userAgent: agent(i), now: minutes(i) }));
        expect(reasons(results)).toEqual(["counted", "counted", "ip_capped", "ip_capped"]);
      } finally {
        if (before === undefined) delete process.env.CLICK_IP_CAP_PER_HOUR;
        else process.env.CLICK_IP_CAP_PER_HOUR = before;
      }
      expect(await linkClicks(link.id)).toBe(2);
    });

    test("30 concurrent clicks from one IP with 30 user agents count exactly 5 times; 25 concurrent identical clicks still count once", async () => {
      const own = await newTrack();
      const { link, code, promoterId } = await newLink(own);
      const ip = nextIp();
      const results = await Promise.all(
        Array.from({ length: 30 }, (_, i) => visit(own, code, { ip, userAgent: agent(i) })),
      );
      expect(results.filter((r) => r.recorded && r.counted)).toHaveLength(5);
      expect(results.filter((r) => r.recorded && r.reason === "ip_capped")).toHaveLength(25);
      expect(await h.db.clickEvent.count({ where: { linkId: link.id, counted: true } })).toBe(5);
      expect(await linkClicks(link.id)).toBe(5);
      expect(await trackClicks(own.id)).toBe(5);
      expect(await promoterClicks(promoterId)).toBe(5);

      const fresh = await newLink(own);
      const oneVisitorIp = nextIp();
      const identical = await Promise.all(
        Array.from({ length: 25 }, () => visit(own, fresh.code, { ip: oneVisitorIp })),
      );
      expect(identical.filter((r) => r.recorded && r.counted)).toHaveLength(1);
      expect(identical.filter((r) => r.recorded && r.reason === "duplicate")).toHaveLength(24);
    });

    test("pruning expired windows changes no outcome: the IP's budget and the visitor's dedupe behave as before", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      const at = (m: number) => new Date(Date.UTC(2031, 0, 1, 0, m));
      for (let i = 0; i < 6; i++) await visit(track, code, { ip, userAgent: agent(i), now: at(i) });
      // Inside the hour nothing of this link is pruned, so the cap still holds.
      await pruneExpiredClickWindows({ now: at(30) }, h.db);
      expect(await visit(track, code, { ip, userAgent: agent(6), now: at(31) })).toMatchObject({
        reason: "ip_capped",
      });
      expect(await visit(track, code, { ip, userAgent: agent(0), now: at(32) })).toMatchObject({
        reason: "duplicate",
      });
      // After the hour both windows are gone, and the next clicks count as they would have.
      const pruned = await pruneExpiredClickWindows({ now: at(90) }, h.db);
      expect(pruned.ipWindows).toBeGreaterThanOrEqual(1);
      expect(pruned.dedupeWindows).toBeGreaterThanOrEqual(5);
      expect(await h.db.clickIpWindow.count({ where: { linkId: link.id } })).toBe(0);
      expect(await h.db.clickDedupe.count({ where: { linkId: link.id } })).toBe(0);
      expect(await visit(track, code, { ip, userAgent: agent(0), now: at(91) })).toMatchObject({
        reason: "counted",
      });
      expect(await pruneExpiredClickWindows({ now: at(90) }, h.db)).toEqual({
        ipWindows: 0,
        dedupeWindows: 0,
      });
      expect(await linkClicks(link.id)).toBe(6);
    });

    test("a capped click still attributes a purchase (only the click counters are protected)", async () => {
      const { code, promoterId } = await newLink();
      const ip = nextIp();
      for (let i = 0; i < 5; i++)
        await visit(track, code, { ip, userAgent: agent(i), now: new Date(Date.now() - 60_000) });
      const capped = await visit(track, code, { ip, userAgent: agent(5) });
      if (!capped.recorded) throw new Error("unreachable");
      expect(capped.reason).toBe("ip_capped");
      expect(
        await resolveAttribution(
          { clickId: capped.clickId, trackId: track.id, buyerEmail: "capped-buyer@example.com" },
          h.db,
        ),
      ).toMatchObject({ attributed: true, promoterId });
    });
  });

  describe("bots and link-preview fetchers", () => {
    test.each<[string, string | null]>([
      ["Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"],
      ["Slackbot link expander", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"],
      [
        "Facebook link preview",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      ],
      ["Twitterbot", "Twitterbot/1.0"],
      ["Discordbot", "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"],
      ["WhatsApp", "WhatsApp/2.23.20.0 A"],
      ["curl", "curl/8.5.0"],
      ["an empty user agent", ""],
      ["a missing user agent", null],
    ])(
      "%s is recorded with isBot, never counted, and never increments link, track or promoter totals",
      async (_label, userAgent) => {
        const own = await newTrack();
        const { link, code, promoterId } = await newLink(own);
        const ip = nextIp();
        const first = await visit(own, code, { ip, userAgent, now: T0 });
        const again = await visit(own, code, { ip, userAgent, now: minutes(120) });
        for (const r of [first, again])
          expect(r).toMatchObject({ recorded: true, counted: false, reason: "bot" });
        if (!first.recorded) throw new Error("unreachable");
        expect(
          await h.db.clickEvent.findUniqueOrThrow({ where: { id: first.clickId } }),
        ).toMatchObject({ isBot: true, counted: false });
        expect(await linkClicks(link.id)).toBe(0);
        expect(await trackClicks(own.id)).toBe(0);
        expect(await promoterClicks(promoterId)).toBe(0);
      },
    );

    test("a bot visit does not open a dedupe window for a person behind the same IP", async () => {
      const { link, code } = await newLink();
      const ip = nextIp();
      await visit(track, code, { ip, userAgent: "Twitterbot/1.0", now: T0 });
      expect(await visit(track, code, { ip, now: minutes(1) })).toMatchObject({ counted: true });
      expect(await linkClicks(link.id)).toBe(1);
    });
  });

  describe("visits that record nothing", () => {
    const nothingRecorded = async (trackId: string, before: { clicks: number; dedupe: number }) => {
      expect(await h.db.clickEvent.count({ where: { trackId } })).toBe(before.clicks);
      expect(await h.db.clickDedupe.count()).toBe(before.dedupe);
    };
    const counts = async (trackId: string) => ({
      clicks: await h.db.clickEvent.count({ where: { trackId } }),
      dedupe: await h.db.clickDedupe.count(),
    });

    test.each(["HEAD", "head"])(
      "a HEAD request records nothing, however the method is cased (%s): link checkers and prefetchers send HEAD",
      async (method) => {
        const { link, code } = await newLink();
        const before = await counts(track.id);
        expect(await visit(track, code, { ip: nextIp(), method })).toEqual({
          recorded: false,
          reason: "head_request",
        });
        await nothingRecorded(track.id, before);
        expect(await linkClicks(link.id)).toBe(0);
      },
    );

    test("an unknown code records nothing", async () => {
      const before = await counts(track.id);
      expect(await visit(track, "nosuchcode", { ip: nextIp() })).toEqual({
        recorded: false,
        reason: "unknown_code",
      });
      await nothingRecorded(track.id, before);
    });

    test("a disabled link records nothing", async () => {
      const { link, code } = await newLink();
      await h.db.affiliateLink.update({ where: { id: link.id }, data: { disabled: true } });
      const before = await counts(track.id);
      expect(await visit(track, code, { ip: nextIp() })).toEqual({
        recorded: false,
        reason: "link_disabled",
      });
      await nothingRecorded(track.id, before);
      expect(await linkClicks(link.id)).toBe(0);
    });

    test("a code used on another track's page records nothing", async () => {
      const other = await newTrack();
      const { link, code } = await newLink(other);
      const before = await counts(track.id);
      const beforeOther = await counts(other.id);
      // The code belongs to `other`, the visit is on `track`'s page.
      expect(
        await visit(track, code, { ip: nextIp(), landingPath: `/t/${track.slug}?ref=${code}` }),
      ).toEqual({ recorded: false, reason: "track_mismatch" });
      await nothingRecorded(track.id, before);
      await nothingRecorded(other.id, beforeOther);
      expect(await linkClicks(link.id)).toBe(0);
    });

    test("a link to an unpublished track records nothing", async () => {
      const own = await newTrack();
      const { link, code } = await newLink(own);
      await artist.caller.artist.unpublishTrack({ trackId: own.id });
      const before = await counts(own.id);
      expect(await visit(own, code, { ip: nextIp() })).toEqual({
        recorded: false,
        reason: "track_unavailable",
      });
      await nothingRecorded(own.id, before);
      expect(await linkClicks(link.id)).toBe(0);
    });

    test("a link to a soft-deleted track records nothing", async () => {
      const own = await newTrack();
      const { link, code } = await newLink(own);
      await artist.caller.artist.deleteTrack({ trackId: own.id });
      const before = await counts(own.id);
      expect(await visit(own, code, { ip: nextIp() })).toEqual({
        recorded: false,
        reason: "track_unavailable",
      });
      await nothingRecorded(own.id, before);
      expect(await linkClicks(link.id)).toBe(0);
    });

    test("a link to a track whose affiliate program was turned off records nothing", async () => {
      const own = await newTrack();
      const { link, code } = await newLink(own);
      await artist.caller.artist.updateTrack({ trackId: own.id, affiliateEnabled: false });
      const before = await counts(own.id);
      expect(await visit(own, code, { ip: nextIp() })).toEqual({
        recorded: false,
        reason: "track_unavailable",
      });
      await nothingRecorded(own.id, before);
      expect(await linkClicks(link.id)).toBe(0);
    });
  });

  describe("what a click stores", () => {
    const columnsContaining = (row: Record<string, unknown>, needle: string) =>
      Object.entries(row)
        .filter(([, value]) => String(value).includes(needle))
        .map(([column]) => column);

    test("UTM fields and the src sub-tag are stored from the landing path, URL-decoded", async () => {
      const { code } = await newLink();
      const landingPath = `/t/${track.slug}?ref=${code}&utm_source=newsletter&utm_medium=email&utm_campaign=spring%20launch&utm_term=synth+pop&utm_content=hero&src=youtube`;
      const r = await visit(track, code, {
        ip: nextIp(),
        landingPath,
        referer: "https://news.example.com/issue-3",
        sessionId: "sess-abc",
      });
      if (!r.recorded) throw new Error(`not recorded: ${r.reason}`);
      expect(await h.db.clickEvent.findUniqueOrThrow({ where: { id: r.clickId } })).toMatchObject({
        utmSource: "newsletter",
        utmMedium: "email",
        utmCampaign: "spring launch",
        utmTerm: "synth pop",
        utmContent: "hero",
        sourceTag: "youtube",
        landingPath,
        referer: "https://news.example.com/issue-3",
        sessionId: "sess-abc",
        userAgent: CHROME,
      });
    });

    test("absent UTM fields and src are stored as null, not empty strings", async () => {
      const { code } = await newLink();
      const r = await visit(track, code, {
        ip: nextIp(),
        landingPath: `/t/${track.slug}?ref=${code}&utm_source=`,
      });
      if (!r.recorded) throw new Error(`not recorded: ${r.reason}`);
      expect(await h.db.clickEvent.findUniqueOrThrow({ where: { id: r.clickId } })).toMatchObject({
        utmSource: null,
        utmMedium: null,
        utmCampaign: null,
        utmTerm: null,
        utmContent: null,
        sourceTag: null,
      });
    });

    test("UTM values are capped at 200 characters", async () => {
      const { code } = await newLink();
      const r = await visit(track, code, {
        ip: nextIp(),
        landingPath: `/t/${track.slug}?ref=${code}&utm_campaign=${"c".repeat(500)}`,
      });
      if (!r.recorded) throw new Error(`not recorded: ${r.reason}`);
      expect(
        (await h.db.clickEvent.findUniqueOrThrow({ where: { id: r.clickId } })).utmCampaign,
      ).toBe("c".repeat(200));
    });

    test("a bad src or UTM value is dropped and the click still counts: a NUL (PostgreSQL cannot store it), a tag with a space; a tag is lowered; a network's click_id is kept and its sub_id stands in for a bad or missing src", async () => {
      const { code } = await newLink();
      const landingPath = `/t/${track.slug}?ref=${code}&utm_source=news%00letter&utm_medium=%1B%5B31m&utm_campaign=Spring%20Launch&src=my%20tag&click_id=abc&sub_id=7`;
      const r = await visit(track, code, { ip: nextIp(), landingPath });
      if (!r.recorded) throw new Error(`not recorded: ${r.reason}`);
      expect(r.counted).toBe(true);
      expect(await h.db.clickEvent.findUniqueOrThrow({ where: { id: r.clickId } })).toMatchObject({
        utmSource: null,
        utmMedium: null,
        utmCampaign: "Spring Launch",
        sourceTag: "7",
        networkClickId: "abc",
        landingPath,
      });
      const network = await visit(track, code, {
        ip: nextIp(),
        userAgent: `${CHROME} network`,
        landingPath: `/t/${track.slug}?ref=${code}&click_id=${"x".repeat(129)}&src=yt&sub_id=partner-9`,
      });
      if (!network.recorded) throw new Error(`not recorded: ${network.reason}`);
      // A click id over 128 characters is dropped; src wins over sub_id.
      expect(
        await h.db.clickEvent.findUniqueOrThrow({ where: { id: network.clickId } }),
      ).toMatchObject({ sourceTag: "yt", networkClickId: null });
      const upper = await visit(track, code, {
        ip: nextIp(),
        userAgent: `${CHROME} upper`,
        landingPath: `/t/${track.slug}?ref=${code}&src=YouTube-Review`,
      });
      if (!upper.recorded) throw new Error(`not recorded: ${upper.reason}`);
      expect(
        (await h.db.clickEvent.findUniqueOrThrow({ where: { id: upper.clickId } })).sourceTag,
      ).toBe("youtube-review");
    });

    test.each(["203.0.113.77", "2001:db8::77"])(
      "the raw IP %s is stored in no column of the click or its dedupe row",
      async (ip) => {
        const { link, code } = await newLink();
        const r = await visit(track, code, {
          ip,
          referer: "https://example.com/",
          landingPath: `/t/${track.slug}?ref=${code}&src=ip-test`,
          sessionId: "sess-ip",
        });
        if (!r.recorded) throw new Error(`not recorded: ${r.reason}`);
        // Raw SQL so that a column the Prisma model does not know about is checked too.
        const [row] = await h.db.$queryRaw<
          Record<string, unknown>[]
        >`SELECT * FROM "ClickEvent" WHERE "id" = ${r.clickId}`;
        expect(row).toBeDefined();
        expect(columnsContaining(row!, ip)).toEqual([]);
        expect(String(row!.visitorHash)).toMatch(/^[0-9a-f]{64}$/);
        const dedupe = await h.db.$queryRaw<
          Record<string, unknown>[]
        >`SELECT * FROM "ClickDedupe" WHERE "linkId" = ${link.id}`;
        expect(dedupe).toHaveLength(1);
        expect(columnsContaining(dedupe[0]!, ip)).toEqual([]);
      },
    );
  });

  describe("attribution", () => {
    const BUYER = "attribution-buyer@example.com";

    test("a click 29 days old attributes the sale to its promoter", async () => {
      const { code, promoterId } = await newLink();
      const r = await visit(track, code, { ip: nextIp(), now: T0 });
      if (!r.recorded) throw new Error("unreachable");
      expect(
        await resolveAttribution(
          { clickId: r.clickId, trackId: track.id, buyerEmail: BUYER, now: days(T0, 29) },
          h.db,
        ),
      ).toMatchObject({ attributed: true, clickId: r.clickId, promoterId });
    });

    test("a click 31 days old has expired (30-day window)", async () => {
      const { code } = await newLink();
      const r = await visit(track, code, { ip: nextIp(), now: T0 });
      if (!r.recorded) throw new Error("unreachable");
      expect(
        await resolveAttribution(
          { clickId: r.clickId, trackId: track.id, buyerEmail: BUYER, now: days(T0, 31) },
          h.db,
        ),
      ).toEqual({ attributed: false, reason: "expired" });
    });

    test("a bot's click never attributes, even though it was recorded", async () => {
      const { code } = await newLink();
      const r = await visit(track, code, {
        ip: nextIp(),
        userAgent: "facebookexternalhit/1.1",
        now: T0,
      });
      if (!r.recorded) throw new Error("unreachable");
      expect(
        await resolveAttribution(
          { clickId: r.clickId, trackId: track.id, buyerEmail: BUYER, now: minutes(5) },
          h.db,
        ),
      ).toEqual({ attributed: false, reason: "bot" });
    });

    test("a click on one track does not attribute a purchase of another", async () => {
      const other = await newTrack();
      const { code } = await newLink();
      const r = await visit(track, code, { ip: nextIp(), now: T0 });
      if (!r.recorded) throw new Error("unreachable");
      expect(
        await resolveAttribution(
          { clickId: r.clickId, trackId: other.id, buyerEmail: BUYER, now: minutes(5) },
          h.db,
        ),
      ).toEqual({ attributed: false, reason: "other_track" });
    });

    test("last click wins: with two promoters' clicks on the same track, the cookie holding the later click attributes to the later promoter", async () => {
      const own = await newTrack();
      const first = await newLink(own);
      const second = await newLink(own);
      const ip = nextIp();
      const early = await visit(own, first.code, {
        ip,
        now: new Date(Date.now() - 2 * 86_400_000),
      });
      const late = await visit(own, second.code, { ip, now: new Date(Date.now() - 86_400_000) });
      if (!early.recorded || !late.recorded) throw new Error("unreachable");

      // The click-capture proxy overwrites the track's cookie on every click, so it holds `late`.
      expect(
        await resolveAttribution(
          { clickId: late.clickId, trackId: own.id, buyerEmail: BUYER },
          h.db,
        ),
      ).toMatchObject({ attributed: true, promoterId: second.promoterId, linkId: second.link.id });

      const buyer = await h.callerFor(null, {
        cookie: `other=1; ${attributionCookieName(own.id)}=${late.clickId}`,
      });
      const checkout = await buyer.buyer.startCheckout({ slug: own.slug, buyerEmail: BUYER });
      expect(checkout.attributed).toBe(true);
      const sale = await h.db.sale.findUniqueOrThrow({ where: { id: checkout.saleId } });
      expect(sale).toMatchObject({
        promoterId: second.promoterId,
        linkId: second.link.id,
        clickId: late.clickId,
      });
    });
  });
});
