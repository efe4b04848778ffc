import { describe, expect, test } from "vitest";

import type { ParsedPageUrl } from "./track-link";
import { buildPageLink, PAGE_URL_ERRORS, parsePageUrl, parseTrackUrl } from "./track-link";

const APP = "https://fanfare.fm";

describe("parsePageUrl: a pasted address read back to the page a link may point at (issue 14 §1)", () => {
  test.each<[string, ParsedPageUrl]>([
    [
      "https://fanfare.fm/t/night-drive?ref=abc",
      { ok: true, page: { kind: "track", slug: "night-drive" } },
    ],
    [
      "https://fanfare.fm/a/nova-lights",
      { ok: true, page: { kind: "artist", slug: "nova-lights" } },
    ],
    [
      "fanfare.fm/a/nova-lights/?ref=other&src=x#top",
      { ok: true, page: { kind: "artist", slug: "nova-lights" } },
    ],
    [
      "https://www.fanfare.fm:443/a/nova-lights",
      { ok: true, page: { kind: "artist", slug: "nova-lights" } },
    ],
    ["/a/nova-lights", { ok: true, page: { kind: "artist", slug: "nova-lights" } }],
    ["https://fanfare.fm", { ok: true, page: { kind: "discover", path: "/", query: "" } }],
    ["https://fanfare.fm/", { ok: true, page: { kind: "discover", path: "/", query: "" } }],
    [
      "https://fanfare.fm/?genre=ambient&sort=popular&ref=abc&utm_source=x&cursor=c1",
      { ok: true, page: { kind: "discover", path: "/", query: "genre=ambient&sort=popular" } },
    ],
    [
      "/?q=night%20drive",
      { ok: true, page: { kind: "discover", path: "/", query: "q=night%20drive" } },
    ],
    [
      "https://fanfare.fm/discover/new/ambient/_",
      { ok: true, page: { kind: "discover", path: "/discover/new/ambient/_", query: "" } },
    ],
    ["", { ok: false, error: PAGE_URL_ERRORS.empty }],
    ["   ", { ok: false, error: PAGE_URL_ERRORS.empty }],
    ["https://evil.example/a/nova-lights", { ok: false, error: PAGE_URL_ERRORS.notFanfare }],
    ["//evil.example/a/nova-lights", { ok: false, error: PAGE_URL_ERRORS.notFanfare }],
    ["javascript:alert(1)", { ok: false, error: PAGE_URL_ERRORS.notFanfare }],
    ["https://fanfare.fm/a/nova-lights/press", { ok: false, error: PAGE_URL_ERRORS.notLinkable }],
    ["https://fanfare.fm/a/Nova%20Lights", { ok: false, error: PAGE_URL_ERRORS.notLinkable }],
    ["https://fanfare.fm/leaderboard", { ok: false, error: PAGE_URL_ERRORS.notLinkable }],
    ["https://fanfare.fm/dashboard/promoter", { ok: false, error: PAGE_URL_ERRORS.notLinkable }],
  ])("%s", (raw, expected) => {
    expect(parsePageUrl(raw, APP)).toEqual(expected);
  });

  test("parseTrackUrl is unchanged: only track pages", () => {
    expect(parseTrackUrl("https://fanfare.fm/a/nova-lights", APP).ok).toBe(false);
    expect(parseTrackUrl("fanfare.fm/t/night-drive", APP)).toEqual({
      ok: true,
      slug: "night-drive",
    });
  });
});

describe("buildPageLink: the page link a promoter shares", () => {
  test.each([
    [
      "artist page with a source tag",
      { page: { kind: "artist", slug: "nova-lights" }, sourceTag: "newsletter" },
      "https://fanfare.fm/a/nova-lights?ref=k3m9x2pq&src=newsletter",
    ],
    [
      "discover home, no tag",
      { page: { kind: "discover", path: "/", query: "" } },
      "https://fanfare.fm/?ref=k3m9x2pq",
    ],
    [
      "a genre keeps its query before ref; UTM in order, blank values left out",
      {
        page: { kind: "discover", path: "/", query: "genre=ambient" },
        sourceTag: " blog ",
        utm: { utm_campaign: "spring sale", utm_source: "fanfare", utm_medium: " " },
      },
      "https://fanfare.fm/?genre=ambient&ref=k3m9x2pq&src=blog&utm_source=fanfare&utm_campaign=spring%20sale",
    ],
  ] as const)("%s", (_label, extra, expected) => {
    expect(buildPageLink({ appUrl: `${APP}/`, code: "k3m9x2pq", ...extra })).toBe(expected);
  });

  test("a built link parses back to its page", () => {
    const url = buildPageLink({
      appUrl: APP,
      page: { kind: "discover", path: "/", query: "q=night" },
      code: "k3m9x2pq",
      sourceTag: "x",
    });
    expect(parsePageUrl(url, APP)).toEqual({
      ok: true,
      page: { kind: "discover", path: "/", query: "q=night" },
    });
  });
});
