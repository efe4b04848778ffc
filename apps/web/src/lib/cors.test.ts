import { afterEach, describe, expect, test, vi } from "vitest";

import { ACT_AS_HEADER } from "@fanfare/validators";

import { corsHeaders } from "./cors";

describe("corsHeaders", () => {
  afterEach(() => vi.unstubAllEnvs());

  test("an allowed origin may send the acting-for-an-artist header (a label's API client)", () => {
    vi.stubEnv("CORS_ORIGINS", "https://m.fanfare.example");
    const req = new Request("https://fanfare.example/api/trpc/artist.myTracks", {
      headers: { origin: "https://m.fanfare.example" },
    });
    const allowed = corsHeaders(req, "GET, POST").get("access-control-allow-headers")!.split(", ");
    expect(allowed).toEqual(expect.arrayContaining([ACT_AS_HEADER, "authorization"]));
  });

  test("another origin gets no allow headers at all", () => {
    vi.stubEnv("CORS_ORIGINS", "https://m.fanfare.example");
    const req = new Request("https://fanfare.example/api/trpc/artist.myTracks", {
      headers: { origin: "https://evil.example" },
    });
    expect(corsHeaders(req, "GET, POST").get("access-control-allow-headers")).toBeNull();
  });
});
