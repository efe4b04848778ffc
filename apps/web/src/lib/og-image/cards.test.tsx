import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";

import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

import type { CardSpec } from "./cards";
import { CARD_HEIGHT, CARD_WIDTH, cardResponse, drawCardPng } from "./cards";
import { coveredText, fontCoverage } from "./font-coverage";
import { cardPictureUrl } from "./pictures";

/** Width and height from a PNG's IHDR chunk (bytes 16–23). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

/**
 * The colour of pixel (x, y) of an 8-bit RGBA (or RGB) non-interlaced PNG, as "#rrggbb": enough of
 * a decoder (PNG spec, chunks IHDR and IDAT, filters 0–4) to check a picture was drawn.
 */
function pixelAt(png: Uint8Array, x: number, y: number): string {
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const width = v.getUint32(16);
  const channels = png[25] === 6 ? 4 : 3;
  const idat: Uint8Array[] = [];
  for (let at = 8; at < png.length;) {
    const length = v.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  let prev = new Uint8Array(stride);
  let row = new Uint8Array(stride);
  for (let r = 0; r <= y; r++) {
    const filter = raw[r * (stride + 1)]!;
    const line = raw.subarray(r * (stride + 1) + 1, (r + 1) * (stride + 1));
    row = new Uint8Array(stride);
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels]! : 0;
      const b = prev[i]!;
      const c = i >= channels ? prev[i - channels]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const add = [0, a, b, (a + b) >> 1, paeth][filter]!;
      row[i] = (line[i]! + add) & 0xff;
    }
    prev = row;
  }
  const px = row.subarray(x * channels, x * channels + 3);
  return `#${[...px].map((n) => n.toString(16).padStart(2, "0")).join("")}`;
}

// Pictures as data URLs (8×8 plain colours, made with sharp); `cardPictureUrl` turns WebP into
// JPEG, since resvg does not draw WebP (see the test below).
const RED_PNG =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAEUlEQVQImWN4KOuBFTEMLQkA/tlRgeecKV8AAAAASUVORK5CYII=";
const CYAN_WEBP =
  "data:image/webp;base64,UklGRjwAAABXRUJQVlA4IDAAAADwAQCdASoIAAgAAUAmJaACdLoB+AAETAAA/urUf/yz5/DZ1Of/a0Pq0Pq0P5JAAAA=";
const GREEN_JPEG =
  "data:image/jpeg;base64,/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAH/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAABQf/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCAJqJf/9k=";

const geistRegular = fs.readFileSync(
  fileURLToPath(
    new URL("../../../node_modules/geist/dist/fonts/geist-sans/Geist-Regular.ttf", import.meta.url),
  ),
);

describe("font coverage (what the cards can draw without fetching a font)", () => {
  const covered = fontCoverage(geistRegular);

  test("Geist covers Latin, accents, Cyrillic and the usual punctuation", () => {
    for (const ch of "Az09 éßŁő Ж “”—…$€")
      expect(covered(ch.codePointAt(0)!), `U+${ch.codePointAt(0)!.toString(16)}`).toBe(true);
  });

  test("Geist does not cover emoji or CJK", () => {
    for (const ch of ["🎧", "夜", "♥"]) expect(covered(ch.codePointAt(0)!)).toBe(false);
  });

  test.each<[string, string]>([
    ["Night Drive 🎧", "Night Drive"],
    ["夜のドライブ Night", "Night"],
    ["Line one\nline two", "Line one line two"],
    ["🎧🎧", "A track"],
  ])("coveredText(%j) is %j", (input, output) => {
    expect(coveredText(input, covered, "A track")).toBe(output);
  });
});

describe("share cards: 1200×630 PNG, drawn offline", () => {
  const fetchSpy = vi.fn<typeof fetch>();
  let realFetch: typeof fetch;
  beforeEach(() => {
    realFetch = globalThis.fetch;
    fetchSpy.mockReset();
    // Satori fetches its own layout engine from a data: URL; anything else would be the network.
    fetchSpy.mockImplementation((input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (url.startsWith("data:")) return realFetch(input, init);
      return Promise.reject(new Error(`The card tried to fetch ${url}`));
    });
    globalThis.fetch = fetchSpy;
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  const network = () =>
    fetchSpy.mock.calls.map(([u]) => String(u)).filter((u) => !u.startsWith("data:"));

  const cards: [string, CardSpec][] = [
    [
      "a track with artwork, a recommender and emoji in its title",
      {
        kind: "track",
        content: {
          title: "Night Drive 🎧 夜",
          artistName: "Nova Lights",
          priceLabel: "Pay what you want from $3.00",
          artwork: RED_PNG,
          recommendedBy: "M. P.",
        },
      },
    ],
    [
      "a track without artwork",
      {
        kind: "track",
        content: {
          title: "Day Ride",
          artistName: "Ελληνικά",
          priceLabel: "$1.99",
          artwork: null,
          recommendedBy: null,
        },
      },
    ],
    [
      "an artist with initials",
      {
        kind: "artist",
        content: { name: "Nova Lights", initials: "NL", trackCount: 1, picture: null },
      },
    ],
    [
      "a landing page with a photo and three artworks",
      {
        kind: "landing",
        content: {
          headline: "Music for night drives ❤",
          name: "Mara Pine",
          initials: "MP",
          themeColor: "#2563eb",
          photo: RED_PNG,
          artworks: [RED_PNG, RED_PNG, GREEN_JPEG],
        },
      },
    ],
  ];

  test.each(cards)("%s", async (_label, spec) => {
    const png = await drawCardPng(spec);
    expect(pngSize(png)).toEqual({ width: CARD_WIDTH, height: CARD_HEIGHT });
    expect(network()).toEqual([]);
  });

  test("pictures are drawn: PNG artwork on the track card; PNG and JPEG on a landing card", async () => {
    const track = await drawCardPng(cards[0]![1]);
    // The artwork is 500 px square from (64, 65).
    expect(pixelAt(track, 300, 300)).toBe("#e11d48");
    const landing = await drawCardPng(cards[3]![1]);
    // Three 180 px artworks along the bottom, from x = 64, 24 px apart, ending 64 px up.
    const y = 630 - 64 - 90;
    expect(pixelAt(landing, 154, y)).toBe("#e11d48");
    expect(pixelAt(landing, 562, y)).toMatch(/^#6[0-9a-f]a[0-9a-f]0[0-9a-f]$/);
  });

  test("WebP is converted to JPEG first: the renderer leaves a raw WebP out", async () => {
    const bytes = Buffer.from(CYAN_WEBP.split(",")[1]!, "base64");
    const converted = await cardPictureUrl({ bytes, contentType: "image/webp" }, 180);
    expect(converted).toMatch(/^data:image\/jpeg;base64,/);
    const landing = (artworks: string[]) =>
      drawCardPng({
        kind: "landing",
        content: {
          headline: "WebP",
          name: "A B",
          initials: "AB",
          themeColor: "#7c3aed",
          photo: null,
          artworks,
        },
      });
    const y = 630 - 64 - 90;
    expect(pixelAt(await landing([converted!]), 154, y)).toMatch(/^#0[0-9a-f]9[0-9a-f]b[0-9a-f]$/);
    expect(pixelAt(await landing([CYAN_WEBP]), 154, y)).not.toMatch(
      /^#0[0-9a-f]9[0-9a-f]b[0-9a-f]$/,
    );
  });

  test("a picture is scaled to the size the card draws it", async () => {
    const bytes = Buffer.from(RED_PNG.split(",")[1]!, "base64");
    const url = await cardPictureUrl({ bytes, contentType: "image/png" }, 120);
    const jpeg = Buffer.from(url!.split(",")[1]!, "base64");
    // JPEG SOF0 frame header: height and width after the marker FFC0.
    const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
    expect([jpeg.readUInt16BE(sof + 5), jpeg.readUInt16BE(sof + 7)]).toEqual([120, 120]);
    expect(await cardPictureUrl(null, 120)).toBeNull();
  });

  test("a picture the renderer cannot decode costs the picture, not the card", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const png = await drawCardPng({
      kind: "artist",
      content: {
        name: "Broken Picture",
        initials: "BP",
        trackCount: 3,
        picture: "data:image/png;base64,bm90IGEgcGljdHVyZQ==",
      },
    });
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    errors.mockRestore();
  });

  test("the response is image/png, sized, and cacheable by anyone for an hour", async () => {
    const res = await cardResponse(cards[2]![1]);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=3600/);
    const png = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get("content-length"))).toBe(png.byteLength);
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
  });
});
