import { describe, expect, test } from "vitest";

import { parseDownloadQuery, parseSubscriberDownloadQuery } from "./download-query";

const parse = (query: string) => parseDownloadQuery(new URLSearchParams(query));

describe("the download route's query (track, format, zip)", () => {
  test.each([
    ["", { trackId: null, format: "original", zip: false }],
    ["track=ckabc123", { trackId: "ckabc123", format: "original", zip: false }],
    ["format=mp3_320", { trackId: null, format: "mp3_320", zip: false }],
    ["track=ckabc123&format=flac", { trackId: "ckabc123", format: "flac", zip: false }],
    ["format=aac_256&zip=1", { trackId: null, format: "aac_256", zip: true }],
    ["zip=1", { trackId: null, format: "original", zip: true }],
    ["format=original&zip=0", { trackId: null, format: "original", zip: false }],
  ])("%j is read as %j (no format: the original, as before formats existed)", (query, want) => {
    expect(parse(query)).toEqual({ ok: true, ...want });
  });

  test.each([
    [
      "format=wav",
      "format",
      /Unknown download format "wav": choose one of mp3_320, aac_256, flac, original\./,
    ],
    ["format=MP3_320", "format", /Unknown download format "MP3_320"/],
    ["format=", "format", /Unknown download format ""/],
    [`format=${"x".repeat(200)}`, "format", /Unknown download format "x{37}\.\.\."/],
    ["format=mp3_320&format=flac", "format", /format parameter is given more than once/],
    ["zip=yes", "zip", /zip must be 1 .* or 0, not "yes"/],
    ["zip=1&track=ckabc123", "zip", /not both/],
    ["track=ab%00cd", "track", /Track id/],
    ["track=a&track=b", "track", /given more than once/],
  ])("%j is refused (400) on %s with the reason", (query, field, message) => {
    const got = parse(query);
    expect(got.ok).toBe(false);
    if (got.ok) return;
    expect(got.field).toBe(field);
    expect(got.message).toMatch(message);
  });
});

describe("a subscriber's download query (format only)", () => {
  const sub = (query: string) => parseSubscriberDownloadQuery(new URLSearchParams(query));

  test.each([
    ["", "original"],
    ["format=flac", "flac"],
    ["format=mp3_320&zip=0", "mp3_320"],
  ])("%j is read as %s", (query, format) => {
    expect(sub(query)).toEqual({ ok: true, format });
  });

  test.each([
    [
      "format=ogg",
      "format",
      /Unknown download format "ogg": choose one of mp3_320, aac_256, flac, original\./,
    ],
    ["format=flac&format=flac", "format", /given more than once/],
    ["track=ckabc123", "track", /names its track in the path/],
    ["zip=1", "zip", /one track at a time: there is no zip/],
  ])("%j is refused (400) on %s with the reason", (query, field, message) => {
    const got = sub(query);
    expect(got).toMatchObject({ ok: false, field, message: expect.stringMatching(message) });
  });
});
