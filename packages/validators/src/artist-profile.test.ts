import { describe, expect, test } from "vitest";

import {
  isPublicHttpsUrl,
  MAX_ARTIST_LINKS,
  storedArtistLinks,
  ZArtistLinks,
  ZUpdateArtistProfileInput,
} from "./artist-profile";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

const link = (url: string, label = "Website") => ({ label, url });

describe("an artist page link is an https:// address with a host and no credentials", () => {
  test.each([
    ["https://example.com", true],
    ["https://example.com/music?tab=new#top", true],
    ["https://bandcamp.example/album/night-drive", true],
    ["http://example.com", false],
    ["javascript:alert(1)", false],
    ["data:text/html,<script>alert(1)</script>", false],
    ["//example.com", false],
    ["/a/nova-lights", false],
    ["example.com", false],
    ["https://", false],
    ["https://user:secret@example.com", false],
    ["https://user@example.com", false],
    ["ftp://example.com", false],
    ["", false],
  ])("%s → %s", (url, ok) => {
    expect(isPublicHttpsUrl(url)).toBe(ok);
    expect(ZArtistLinks.safeParse([link(url)]).success).toBe(ok);
  });
});

describe("the links list", () => {
  test("accepts up to 8 links and refuses the 9th with the limit in the message", () => {
    const eight = Array.from({ length: MAX_ARTIST_LINKS }, (_, i) =>
      link(`https://example.com/${i}`),
    );
    expect(ZArtistLinks.safeParse(eight).success).toBe(true);
    expect(messages(ZArtistLinks.safeParse([...eight, link("https://example.com/9")]))).toEqual([
      "List at most 8 links.",
    ]);
  });

  test("trims labels and addresses and refuses an empty or 41-character label", () => {
    expect(ZArtistLinks.parse([link("  https://example.com  ", "  Shop  ")])).toEqual([
      link("https://example.com", "Shop"),
    ]);
    expect(messages(ZArtistLinks.safeParse([link("https://example.com", "   ")]))).toEqual([
      "Give each link a label.",
    ]);
    expect(messages(ZArtistLinks.safeParse([link("https://example.com", "l".repeat(41))]))).toEqual(
      ["Link labels must be at most 40 characters."],
    );
    expect(ZArtistLinks.safeParse([link("https://example.com", "l".repeat(40))]).success).toBe(
      true,
    );
  });

  test("says what an address must look like", () => {
    expect(messages(ZArtistLinks.safeParse([link("http://example.com")]))).toEqual([
      "Link address must be a full address starting with https://.",
    ]);
    expect(
      messages(ZArtistLinks.safeParse([link(`https://example.com/${"p".repeat(490)}`)])),
    ).toEqual(["Link address must be at most 500 characters."]);
  });

  test("refuses a label with a control character, naming the field", () => {
    expect(messages(ZArtistLinks.safeParse([link("https://example.com", "a\u001bb")]))).toEqual([
      "Link label contains a control character (U+001B), which is not allowed.",
    ]);
  });
});

describe("the profile update", () => {
  test("keeps line breaks in the bio and refuses 2001 characters", () => {
    expect(ZUpdateArtistProfileInput.parse({ bio: "Line one\nLine two\r\n\tthree" }).bio).toBe(
      "Line one\nLine two\r\n\tthree",
    );
    expect(messages(ZUpdateArtistProfileInput.safeParse({ bio: "b".repeat(2001) }))).toEqual([
      "Bio must be at most 2000 characters.",
    ]);
  });

  test("absent fields stay absent (kept as stored); a null picture removes it", () => {
    expect(ZUpdateArtistProfileInput.parse({})).toEqual({});
    expect(ZUpdateArtistProfileInput.parse({ imageUploadId: null })).toEqual({
      imageUploadId: null,
    });
  });
});

describe("stored links", () => {
  test("keeps only entries that still pass the rules, at most 8", () => {
    const stored = [
      link("https://example.com/a"),
      link("http://example.com/old"),
      { label: "No url" },
      "not an object",
      ...Array.from({ length: 9 }, (_, i) => link(`https://example.com/${i}`)),
    ];
    const kept = storedArtistLinks(stored);
    expect(kept).toHaveLength(8);
    expect(kept[0]).toEqual(link("https://example.com/a"));
    expect(kept.every((l) => l.url.startsWith("https://"))).toBe(true);
  });

  test("anything but a list is no links", () => {
    expect(storedArtistLinks(null)).toEqual([]);
    expect(storedArtistLinks({ label: "x", url: "https://example.com" })).toEqual([]);
  });
});
