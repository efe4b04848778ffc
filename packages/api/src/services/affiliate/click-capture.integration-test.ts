import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { captureAffiliateClick, isAffiliateVisit, serializeCaptureCookie } from "./click-capture";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36";

describe("isAffiliateVisit: which requests server.mjs captures before Next", () => {
  test.each([
    ["GET", "/t/night-drive?ref=k3m9x2pq", true],
    ["GET", "/t/night-drive/?ref=k3m9x2pq", true],
    ["GET", "/t/night-drive?src=yt&ref=k3m9x2pq", true],
    ["HEAD", "/t/night-drive?ref=k3m9x2pq", false],
    ["POST", "/t/night-drive?ref=k3m9x2pq", false],
    ["GET", "/t/night-drive?ref=", false],
    ["GET", "/t/night-drive", false],
    ["GET", "/t/night-drive/extra?ref=k3m9x2pq", false],
    // Page links (issue 14 §1): captured by the same function (page-click-capture.ts).
    ["GET", "/a/someone?ref=k3m9x2pq", true],
    ["GET", "/?ref=k3m9x2pq", true],
    ["HEAD", "/a/someone?ref=k3m9x2pq", false],
    ["GET", "/join?ref=k3m9x2pq", false],
  ])("%s %s -> %s", (method, path, expected) => {
    expect(isAffiliateVisit(method, new URL(path, "http://localhost"))).toBe(expected);
  });
});

describe("serializeCaptureCookie", () => {
  test("httpOnly, Lax, Path=/, Max-Age with Expires when given, Secure only on https", () => {
    const at = Date.now();
    const c = serializeCaptureCookie({ name: "ff_ref_t1", value: "c1", maxAgeSeconds: 60 }, true);
    expect(c).toMatch(
      /^ff_ref_t1=c1; Path=\/; Max-Age=60; Expires=[^;]+; HttpOnly; SameSite=Lax; Secure$/,
    );
    const expires = Date.parse(/Expires=([^;]+)/.exec(c)![1]!);
    expect(Math.abs(expires - (at + 60_000))).toBeLessThan(5_000);
    expect(serializeCaptureCookie({ name: "ff_sid", value: "s" }, false)).toBe(
      "ff_sid=s; Path=/; HttpOnly; SameSite=Lax",
    );
  });
});

describe("captureAffiliateClick", () => {
  let h: Harness;
  let slug: string;
  let trackId: string;
  let code: string;
  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: "Capture Artist" });
    const { track } = await h.makeTrack(artist);
    slug = track.slug;
    trackId = track.id;
    const promoter = await h.makeUser();
    code = (await promoter.caller.promoter.getOrCreateLink({ trackId })).code;
  });
  afterAll(async () => {
    await h.close();
  });

  const visit = (headers: Record<string, string>, path = `/t/${slug}?ref=${code}`) =>
    captureAffiliateClick(
      { method: "GET", url: new URL(path, "http://localhost"), headers: new Headers(headers) },
      async () => h.db,
    );

  test("a new visitor gets a browser session and the attribution cookie naming the stored click", async () => {
    const { cookies } = await visit({ "user-agent": BROWSER, "x-fanfare-peer-ip": "198.51.100.1" });
    expect(cookies.map((c) => c.name)).toEqual(["ff_sid", `ff_ref_${trackId}`]);
    const click = await h.db.clickEvent.findUniqueOrThrow({ where: { id: cookies[1]!.value } });
    expect(click).toMatchObject({ trackId, counted: true, sessionId: cookies[0]!.value });
    expect(cookies[1]!.maxAgeSeconds).toBe(30 * 86_400);
  });

  test("a visitor with a session keeps it: only the attribution cookie is set", async () => {
    const { cookies } = await visit({
      "user-agent": BROWSER,
      "x-fanfare-peer-ip": "198.51.100.2",
      cookie: "ff_sid=known-session-id",
    });
    expect(cookies.map((c) => c.name)).toEqual([`ff_ref_${trackId}`]);
    const click = await h.db.clickEvent.findUniqueOrThrow({ where: { id: cookies[0]!.value } });
    expect(click.sessionId).toBe("known-session-id");
  });

  test("a bot is stored but gets no attribution cookie; an unknown code or a malformed path records nothing", async () => {
    const bot = await visit({
      "user-agent": "Twitterbot/1.0",
      "x-fanfare-peer-ip": "198.51.100.3",
    });
    expect(bot.cookies.map((c) => c.name)).toEqual(["ff_sid"]);
    const before = await h.db.clickEvent.count();
    const unknown = await visit({ "user-agent": BROWSER }, `/t/${slug}?ref=zzzzzzzz`);
    expect(unknown.cookies.map((c) => c.name)).toEqual(["ff_sid"]);
    const malformed = await visit({ "user-agent": BROWSER }, `/t/%E0%A4%A?ref=${code}`);
    expect(malformed.cookies).toEqual([]);
    expect(await h.db.clickEvent.count()).toBe(before);
  });

  test("a database failure is logged, not thrown: the page is still served", async () => {
    const { cookies } = await captureAffiliateClick(
      {
        method: "GET",
        url: new URL(`/t/${slug}?ref=${code}`, "http://localhost"),
        headers: new Headers({ "user-agent": BROWSER, cookie: "ff_sid=known-session-id" }),
      },
      () => Promise.reject(new Error("database unreachable")),
    );
    expect(cookies).toEqual([]);
  });
});
