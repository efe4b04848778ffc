import { describe, expect, test } from "vitest";

import { isDownloadFormat, originalLabel, transcodeArgs } from "./format-spec";

const tags = {
  title: "Song",
  artist: "Artist",
  album: "Album",
  albumArtist: "Artist",
  trackNumber: 2,
  trackCount: 9,
};

/** The value after `flag` (the first occurrence). */
const valueOf = (args: string[], flag: string) => args[args.indexOf(flag) + 1];

describe("ffmpeg arguments per download format", () => {
  test.each([
    ["mp3_320", ["-c:a", "libmp3lame", "-b:a", "320k", "-id3v2_version", "3"], "mp3"],
    ["aac_256", ["-c:a", "aac", "-b:a", "256k"], "ipod"],
    ["flac", ["-c:a", "flac"], "flac"],
  ] as const)(
    "%s encodes with %j into the %s muxer, bit-exact, with only our tags",
    (format, codec, muxer) => {
      const args = transcodeArgs({ format, input: "in.wav", output: "out", tags });
      const joined = args.join(" ");
      expect(joined).toContain(codec.join(" "));
      expect(valueOf(args, "-f")).toBe(muxer);
      expect(valueOf(args, "-fflags")).toBe("+bitexact");
      expect(valueOf(args, "-flags:a")).toBe("+bitexact");
      expect(valueOf(args, "-map_metadata")).toBe("-1");
      expect(args.filter((a, i) => args[i - 1] === "-metadata")).toEqual([
        "title=Song",
        "artist=Artist",
        "album=Album",
        "album_artist=Artist",
        "track=2/9",
      ]);
      expect(args.at(-1)).toBe("out");
      expect(args).not.toContain("attached_pic");
    },
  );

  test("a JPEG or PNG cover is copied as the attached picture; a WebP one is made PNG", () => {
    for (const [format, codec] of [
      ["jpeg", "copy"],
      ["png", "copy"],
      ["webp", "png"],
    ] as const) {
      const args = transcodeArgs({
        format: "aac_256",
        input: "in.wav",
        output: "out",
        tags,
        cover: { path: "cover", format },
      });
      expect(args.slice(0, 4)).toEqual(["-i", "in.wav", "-i", "cover"]);
      expect(valueOf(args, "-c:v")).toBe(codec);
      expect(valueOf(args, "-disposition:v:0")).toBe("attached_pic");
      expect(valueOf(args, "-flags:v")).toBe("+bitexact");
    }
  });

  test("a lossy format above 48 kHz is resampled to 44.1 kHz and above 2 channels mixed to stereo; FLAC keeps both", () => {
    const hiRes = { input: "in.wav", output: "out", tags, sampleRateHz: 96_000, channels: 6 };
    const mp3 = transcodeArgs({ format: "mp3_320", ...hiRes });
    expect(valueOf(mp3, "-ar")).toBe("44100");
    expect(valueOf(mp3, "-ac")).toBe("2");
    const flac = transcodeArgs({ format: "flac", ...hiRes });
    expect(flac).not.toContain("-ar");
    expect(flac).not.toContain("-ac");
    const cd = transcodeArgs({ format: "aac_256", ...hiRes, sampleRateHz: 48_000, channels: 2 });
    expect(cd).not.toContain("-ar");
  });

  test("a track number outside 1..count is refused", () => {
    expect(() =>
      transcodeArgs({
        format: "flac",
        input: "i",
        output: "o",
        tags: { ...tags, trackNumber: 10 },
      }),
    ).toThrow(/track 10 of 9/);
  });

  test.each([
    [["wav"], "Original (WAV)"],
    [["wav", "flac", "wav"], "Original (FLAC, WAV)"],
    [[], "Original"],
  ])("the original of masters %j is labelled %s", (formats, label) => {
    expect(originalLabel(formats)).toBe(label);
  });

  test("download formats are the three transcodes and the original", () => {
    expect(["mp3_320", "aac_256", "flac", "original"].every(isDownloadFormat)).toBe(true);
    expect(isDownloadFormat("wav")).toBe(false);
  });
});
