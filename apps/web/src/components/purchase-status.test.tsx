import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, test } from "vitest";

import type { FormatOption } from "./purchase-status";
import { FormatPicker, withFormat } from "./purchase-status";

const formats: FormatOption[] = [
  { format: "mp3_320", label: "MP3 320", ready: true },
  { format: "aac_256", label: "AAC 256", ready: true },
  { format: "flac", label: "FLAC", ready: false },
  { format: "original", label: "Original (WAV)", ready: true },
];

describe("the receipt's format picker (issue 16 §2)", () => {
  test("offers MP3 320, AAC 256, FLAC and the original named by its format, the chosen one checked, in a GET form that works without JavaScript", () => {
    const html = renderToStaticMarkup(
      <FormatPicker formats={formats} value="original" onChange={() => undefined} />,
    );
    expect(html).toMatch(/^<form [^>]*method="get"/);
    const labels = [...html.matchAll(/value="[a-z0-9_]+"\/>([^<]+)<\/label>/g)].map((m) => m[1]);
    expect(labels).toEqual(["MP3 320", "AAC 256", "FLAC", "Original (WAV)"]);
    expect(html.match(/type="radio"[^>]*name="format"/g)).toHaveLength(4);
    expect(html.match(/checked=""/g)).toHaveLength(1);
    expect(html).toMatch(/checked="" value="original"/);
    expect(html).toContain("exactly as the artist uploaded them");
    expect(html).toContain("<noscript>");
  });

  test("a format still being prepared says so; a ready one says what its files carry", () => {
    const flac = renderToStaticMarkup(
      <FormatPicker formats={formats} value="flac" onChange={() => undefined} />,
    );
    expect(flac).toContain("Being prepared");
    const mp3 = renderToStaticMarkup(
      <FormatPicker formats={formats} value="mp3_320" onChange={() => undefined} />,
    );
    expect(mp3).toContain("Tagged with the title, artist, album, track number and artwork.");
  });

  test.each([
    ["/api/download/tok", "original", "/api/download/tok"],
    ["/api/download/tok", "flac", "/api/download/tok?format=flac"],
    ["/api/download/tok?track=t1", "mp3_320", "/api/download/tok?track=t1&format=mp3_320"],
    ["/api/download/tok?zip=1", "aac_256", "/api/download/tok?zip=1&format=aac_256"],
  ] as const)("the link %s in %s is %s (the original keeps today's address)", (path, f, want) => {
    expect(withFormat(path, f)).toBe(want);
  });
});
