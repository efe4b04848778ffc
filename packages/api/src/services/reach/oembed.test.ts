import { describe, expect, test } from "vitest";

import {
  buildOembed,
  EMBED_HEIGHT,
  EMBED_WIDTH,
  embedIframeHtml,
  embedUrl,
  oembedDiscoveryUrl,
  parseTrackUrl,
} from "./oembed";

const APP = "https://fanfare.example";
const TRACK = { slug: "night-drive", title: "Night Drive", artist: { name: "Nova", slug: "nova" } };

describe("parseTrackUrl", () => {
  test.each([
    ["a track URL", `${APP}/t/night-drive`, { slug: "night-drive", ref: null }],
    ["with a trailing slash", `${APP}/t/night-drive/`, { slug: "night-drive", ref: null }],
    ["with ref", `${APP}/t/night-drive?ref=abc123`, { slug: "night-drive", ref: "abc123" }],
    [
      "with ref, src and utm (only ref is kept)",
      `${APP}/t/night-drive?src=blog&ref=abc123&utm_source=x`,
      { slug: "night-drive", ref: "abc123" },
    ],
    [
      "a malformed ref is dropped",
      `${APP}/t/night-drive?ref=a%20b`,
      { slug: "night-drive", ref: null },
    ],
    [
      "the player's own URL",
      `${APP}/embed/t/night-drive?ref=abc`,
      { slug: "night-drive", ref: "abc" },
    ],
    ["the default port written out", "https://fanfare.example:443/t/x", { slug: "x", ref: null }],
  ])("accepts %s", (_label, url, expected) => {
    expect(parseTrackUrl(url, APP)).toEqual(expected);
  });

  test.each([
    ["another host", "https://evil.example/t/night-drive"],
    ["a look-alike host", "https://fanfare.example.evil.example/t/night-drive"],
    ["another scheme", "http://fanfare.example/t/night-drive"],
    ["another port", "https://fanfare.example:8443/t/night-drive"],
    ["a page that is not a track", `${APP}/a/nova`],
    ["a deeper path", `${APP}/t/night-drive/extra`],
    ["a malformed slug", `${APP}/t/Night_Drive`],
    ["an encoded slash", `${APP}/t/night%2Fdrive`],
    ["not a URL", "night-drive"],
    ["javascript:", "javascript:alert(1)"],
    ["empty", ""],
  ])("refuses %s", (_label, url) => {
    expect(parseTrackUrl(url, APP)).toBeNull();
  });
});

describe("embed HTML", () => {
  test("embedUrl is /embed/t/<slug> on the app's origin, with ref when given", () => {
    expect(embedUrl(APP, "night-drive")).toBe(`${APP}/embed/t/night-drive`);
    expect(embedUrl(`${APP}/`, "night-drive", "abc")).toBe(`${APP}/embed/t/night-drive?ref=abc`);
    expect(embedUrl(APP, "night-drive", null)).toBe(`${APP}/embed/t/night-drive`);
  });

  test("the discovery URL asks /api/oembed for the track URL, which parses back to the track", () => {
    const d = new URL(oembedDiscoveryUrl(APP, "night-drive"));
    expect(`${d.origin}${d.pathname}`).toBe(`${APP}/api/oembed`);
    expect(d.searchParams.get("format")).toBe("json");
    expect(parseTrackUrl(d.searchParams.get("url")!, APP)).toEqual({
      slug: "night-drive",
      ref: null,
    });
  });

  test("the iframe's attributes are escaped: a title cannot close the attribute or open a tag", () => {
    const html = embedIframeHtml({
      appUrl: APP,
      track: {
        slug: "x",
        title: `"><script>alert('x')</script>`,
        artist: { name: "A & B", slug: "ab" },
      },
    });
    expect(html).not.toContain("<script>");
    expect(html).toContain(
      'title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; by A &amp; B on Fanfare"',
    );
    // Exactly one element, whose attributes all parse back to what was meant.
    expect(html.match(/</g)).toHaveLength(2);
    expect(html).toMatch(/^<iframe [^<>]*><\/iframe>$/);
  });

  test("the iframe names the player, its size, no border and autoplay", () => {
    const html = embedIframeHtml({ appUrl: APP, track: TRACK, ref: "abc" });
    expect(html).toContain(`src="${APP}/embed/t/night-drive?ref=abc"`);
    expect(html).toContain(`width="${EMBED_WIDTH}"`);
    expect(html).toContain(`height="${EMBED_HEIGHT}"`);
    expect(html).toContain('frameborder="0"');
    expect(html).toContain('allow="autoplay"');
    expect(html).toContain('title="Night Drive by Nova on Fanfare"');
  });
});

describe("buildOembed", () => {
  test("answers an oEmbed 1.0 rich response that survives JSON", () => {
    const r = buildOembed({ appUrl: APP, track: TRACK, ref: "abc" });
    expect(JSON.parse(JSON.stringify(r))).toEqual({
      version: "1.0",
      type: "rich",
      provider_name: "Fanfare",
      provider_url: `${APP}/`,
      title: "Night Drive",
      author_name: "Nova",
      author_url: `${APP}/a/nova`,
      html: embedIframeHtml({ appUrl: APP, track: TRACK, ref: "abc" }),
      width: EMBED_WIDTH,
      height: EMBED_HEIGHT,
      cache_age: 3600,
    });
  });

  test.each([
    ["no limits", undefined, undefined, EMBED_WIDTH, EMBED_HEIGHT],
    ["larger limits keep the default size", "1000", "1000", EMBED_WIDTH, EMBED_HEIGHT],
    ["a narrower maxwidth", "300", undefined, 300, EMBED_HEIGHT],
    ["a lower maxheight", undefined, "100", EMBED_WIDTH, 100],
    ["both", "320", "120", 320, 120],
    ["garbage is ignored", "wide", "-5", EMBED_WIDTH, EMBED_HEIGHT],
    ["zero is ignored", "0", "0", EMBED_WIDTH, EMBED_HEIGHT],
  ])("respects maxwidth/maxheight: %s", (_label, maxwidth, maxheight, width, height) => {
    const r = buildOembed({ appUrl: APP, track: TRACK, maxwidth, maxheight });
    expect([r.width, r.height]).toEqual([width, height]);
    expect(r.html).toContain(`width="${width}" height="${height}"`);
  });
});
