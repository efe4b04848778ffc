import { describe, expect, test } from "vitest";

import {
  captureNetworkClickId,
  captureSourceFromQuery,
  captureSourceTag,
  captureUtmValue,
  sourceReportSince,
  ZArtistSourceReportInput,
  ZSourceTag,
} from "./sources";
import { buildTrackLink, defaultUtm, parseTrackUrl, TRACK_URL_ERRORS } from "./track-link";
import { isTrackingParam, urlWithoutTrackingParams } from "./tracking-params";

describe("captureSourceTag: what a click stores from ?src=", () => {
  test.each([
    ["youtube-review", "youtube-review"],
    ["ig_story", "ig_story"],
    ["  YouTube ", "youtube"],
    ["a".repeat(40), "a".repeat(40)],
  ])("keeps %j as %j", (raw, stored) => {
    expect(captureSourceTag(raw)).toBe(stored);
  });
  test.each([
    ["no value", null],
    ["an empty value", ""],
    ["41 characters", "a".repeat(41)],
    ["a space", "my tag"],
    ["punctuation", "news!"],
    ["a NUL", "yt\u0000"],
    ["markup", "<b>x</b>"],
    ["non-ASCII letters", "vidéo"],
  ])("drops %s (never fails the page)", (_, raw) => {
    expect(captureSourceTag(raw)).toBeNull();
  });
});

describe("captureUtmValue: what a click stores from utm_*", () => {
  test("keeps free text with its case and spaces, trimmed", () => {
    expect(captureUtmValue("  Spring Launch ")).toBe("Spring Launch");
  });
  test("cuts a value longer than 200 characters to 200, never splitting a surrogate pair", () => {
    expect(captureUtmValue("c".repeat(500))).toBe("c".repeat(200));
    const emoji = "🎵".repeat(300);
    const kept = captureUtmValue(emoji)!;
    expect(Array.from(kept)).toHaveLength(200);
    expect(kept).toBe("🎵".repeat(200));
  });
  test.each([
    ["no value", null],
    ["an empty value", ""],
    ["only spaces", "   "],
    ["a NUL (PostgreSQL cannot store it: the click would be lost)", "news\u0000letter"],
    ["an escape character", "\u001b[31mred"],
    ["a C1 control character", "a\u0085b"],
  ])("drops %s", (_, raw) => {
    expect(captureUtmValue(raw)).toBeNull();
  });
});

describe("ZSourceTag: the link builder's field", () => {
  test.each(["", "youtube", "ig_story-2", "x".repeat(40)])("accepts %j", (tag) => {
    expect(ZSourceTag.safeParse(tag).success).toBe(true);
  });
  test.each([
    ["upper case", "YouTube", /lowercase letters/],
    ["a space", "my tag", /lowercase letters/],
    ["41 characters", "x".repeat(41), /40 characters or fewer/],
  ])("refuses %s with a message", (_, tag, message) => {
    const r = ZSourceTag.safeParse(tag);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(message);
  });
});

describe("sourceReportSince: periods are whole UTC days, today included", () => {
  const now = new Date("2026-12-06T15:30:00Z");
  test.each([
    ["7d", "2026-11-30T00:00:00.000Z"],
    ["30d", "2026-11-07T00:00:00.000Z"],
    ["90d", "2026-09-08T00:00:00.000Z"],
  ] as const)("%s starts at %s", (period, since) => {
    expect(sourceReportSince(period, now)?.toISOString()).toBe(since);
  });
  test("all has no start", () => {
    expect(sourceReportSince("all", now)).toBeNull();
  });
  test("the artist's input takes an optional track and refuses an unknown grouping", () => {
    expect(ZArtistSourceReportInput.safeParse({ period: "7d", groupBy: "src" }).success).toBe(true);
    const r = ZArtistSourceReportInput.safeParse({ period: "7d", groupBy: "referer" });
    expect(r.error?.issues[0]?.message).toBe(
      "Group by must be one of src, utm_source, utm_medium, utm_campaign.",
    );
  });
});

describe("buildTrackLink: the link a promoter shares", () => {
  const base = { appUrl: "https://fanfare.fm/", slug: "night-drive", code: "k3m9x2pq" };
  test("a plain link is the track page with ref", () => {
    expect(buildTrackLink(base)).toBe("https://fanfare.fm/t/night-drive?ref=k3m9x2pq");
  });
  test("the source tag follows ref, then the UTM values in utm_source…utm_content order", () => {
    expect(
      buildTrackLink({
        ...base,
        sourceTag: "youtube-review",
        utm: { utm_content: "youtube-review", utm_source: "fanfare", utm_campaign: "k3m9x2pq" },
      }),
    ).toBe(
      "https://fanfare.fm/t/night-drive?ref=k3m9x2pq&src=youtube-review&utm_source=fanfare&utm_campaign=k3m9x2pq&utm_content=youtube-review",
    );
  });
  test("empty values are left out and free text is percent-encoded (a space as %20)", () => {
    expect(
      buildTrackLink({
        ...base,
        sourceTag: " ",
        utm: { utm_source: "", utm_medium: " ", utm_campaign: "Spring & Summer" },
      }),
    ).toBe("https://fanfare.fm/t/night-drive?ref=k3m9x2pq&utm_campaign=Spring%20%26%20Summer");
  });
  test("defaultUtm fills source, medium, campaign (the link code) and content (the tag)", () => {
    expect(defaultUtm({ code: "k3m9x2pq", sourceTag: "newsletter" })).toEqual({
      utm_source: "fanfare",
      utm_medium: "affiliate",
      utm_campaign: "k3m9x2pq",
      utm_content: "newsletter",
    });
    expect(defaultUtm({ code: "k3m9x2pq" })).not.toHaveProperty("utm_content");
  });
  test("a built link reads back to its track, and its tracking parameters strip to ref alone", () => {
    const url = buildTrackLink({
      ...base,
      sourceTag: "yt",
      utm: defaultUtm({ code: base.code, sourceTag: "yt" }),
    });
    expect(parseTrackUrl(url, "https://fanfare.fm")).toEqual({ ok: true, slug: "night-drive" });
    expect(urlWithoutTrackingParams(url)).toBe("/t/night-drive?ref=k3m9x2pq");
  });
});

describe("parseTrackUrl: a pasted Fanfare address", () => {
  const app = "https://fanfare.fm";
  test.each([
    "https://fanfare.fm/t/night-drive",
    "https://www.fanfare.fm/t/night-drive/",
    "https://FANFARE.fm:443/t/night-drive?ref=other123&src=x#buy",
    "fanfare.fm/t/night-drive",
    "/t/night-drive",
    "  https://fanfare.fm/t/night-drive  ",
  ])("reads %j as the track night-drive", (raw) => {
    expect(parseTrackUrl(raw, app)).toEqual({ ok: true, slug: "night-drive" });
  });
  test("a local origin with a port matches itself only", () => {
    expect(parseTrackUrl("http://localhost:3000/t/a-b", "http://localhost:3000")).toEqual({
      ok: true,
      slug: "a-b",
    });
    expect(parseTrackUrl("http://localhost:4000/t/a-b", "http://localhost:3000")).toEqual({
      ok: false,
      error: TRACK_URL_ERRORS.notFanfare,
    });
  });
  test.each([
    ["", TRACK_URL_ERRORS.empty],
    ["https://evil.example/t/night-drive", TRACK_URL_ERRORS.notFanfare],
    ["//evil.example/t/night-drive", TRACK_URL_ERRORS.notFanfare],
    ["javascript:alert(1)//fanfare.fm/t/x", TRACK_URL_ERRORS.notFanfare],
    ["https://fanfare.fm.evil.example/t/x", TRACK_URL_ERRORS.notFanfare],
    ["https://fanfare.fm/a/nova-lights", TRACK_URL_ERRORS.notTrack],
    ["https://fanfare.fm/p/pat-picks", TRACK_URL_ERRORS.notTrack],
    ["https://fanfare.fm/?q=synth", TRACK_URL_ERRORS.notTrack],
    ["https://fanfare.fm/t/", TRACK_URL_ERRORS.notTrack],
    ["https://fanfare.fm/t/night-drive/buy", TRACK_URL_ERRORS.notTrack],
    ["https://fanfare.fm/t/Night_Drive", TRACK_URL_ERRORS.notTrack],
  ])("refuses %j", (raw, error) => {
    expect(parseTrackUrl(raw, app)).toEqual({ ok: false, error });
  });
  test("the refusal of another page of the site says a track page URL is needed", () => {
    expect(TRACK_URL_ERRORS.notTrack).toMatch(/A track page URL is needed/);
  });
});

describe("urlWithoutTrackingParams: the address bar after the click was captured", () => {
  test.each([
    [
      "https://fanfare.fm/t/x?ref=abc&src=yt&utm_source=fanfare&utm_medium=affiliate&utm_campaign=abc&utm_term=t&utm_content=yt",
      "/t/x?ref=abc",
    ],
    ["https://fanfare.fm/t/x?src=yt&ref=abc&click_id=123&sub_id=9#buy", "/t/x?ref=abc#buy"],
    ["https://fanfare.fm/t/x?utm_id=1&utm_whatever=2", "/t/x"],
    [
      "https://fanfare.fm/t/x?ref=abc&q=a%20b&src=yt&checkout=cancelled",
      "/t/x?ref=abc&q=a%20b&checkout=cancelled",
    ],
    ["https://fanfare.fm/t/x?utm%5Fsource=fanfare&ref=abc", "/t/x?ref=abc"],
  ])("%s → %s", (href, next) => {
    expect(urlWithoutTrackingParams(href)).toBe(next);
  });
  test.each([
    "https://fanfare.fm/t/x",
    "https://fanfare.fm/t/x?ref=abc",
    "https://fanfare.fm/t/x?ref=abc&source=yt&utm=1",
  ])("leaves %s alone (null: nothing to replace)", (href) => {
    expect(urlWithoutTrackingParams(href)).toBeNull();
  });
  test("ref is never a tracking parameter", () => {
    expect(isTrackingParam("ref")).toBe(false);
    expect(["src", "utm_source", "click_id", "sub_id"].every(isTrackingParam)).toBe(true);
  });
});

describe("a partner network's click_id and sub_id (issue 15 §3)", () => {
  test("a click id is kept when it is 1–128 printable ASCII characters, trimmed; anything else is dropped", () => {
    expect(captureNetworkClickId(" imp_123-ABC.x~ ")).toBe("imp_123-ABC.x~");
    expect(captureNetworkClickId("x".repeat(128))).toBe("x".repeat(128));
    for (const bad of [
      "",
      "  ",
      "x".repeat(129),
      "a b",
      "a\u0000",
      "é",
      ".",
      "..",
      null,
      undefined,
    ])
      expect(captureNetworkClickId(bad)).toBeNull();
  });
  test("src wins; a network's sub_id stands in for a missing or bad one, by the same tag rules", () => {
    const q = (s: string) => captureSourceFromQuery(new URLSearchParams(s));
    expect(q("src=yt&sub_id=partner")).toBe("yt");
    expect(q("sub_id=Partner-9")).toBe("partner-9");
    expect(q("src=bad%20tag&sub_id=p1")).toBe("p1");
    expect(q("sub_id=bad%20tag")).toBeNull();
    expect(q("")).toBeNull();
  });
});
