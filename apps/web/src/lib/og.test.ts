import { describe, expect, test } from "vitest";

import { artistCardUrl, landingCardUrl, ogImageMetadata, trackCardUrl, withOgImage } from "./og";
import { publicPageRewrites, trackRefRewrite } from "./public-routes";

describe("share card metadata", () => {
  test("card URLs are absolute, on APP_URL", () => {
    expect(trackCardUrl("night-drive")).toBe("http://localhost:3000/api/og/track/night-drive");
    expect(trackCardUrl("night-drive", "k3m9x2pq")).toBe(
      "http://localhost:3000/api/og/track/night-drive?ref=k3m9x2pq",
    );
    expect(artistCardUrl("nova-lights")).toBe("http://localhost:3000/api/og/artist/nova-lights");
    expect(landingCardUrl("mara-picks")).toBe("http://localhost:3000/api/og/landing/mara-picks");
  });

  test("ogImageMetadata gives og:image with its size and a large Twitter card", () => {
    expect(ogImageMetadata("https://f.example/c.png", "Night Drive")).toEqual({
      openGraph: {
        images: [
          {
            url: "https://f.example/c.png",
            width: 1200,
            height: 630,
            alt: "Night Drive",
            type: "image/png",
          },
        ],
      },
      twitter: {
        card: "summary_large_image",
        images: [{ url: "https://f.example/c.png", alt: "Night Drive" }],
      },
    });
  });

  test("withOgImage keeps the page's own Open Graph and Twitter fields", () => {
    const m = withOgImage(
      {
        title: "Nova Lights",
        openGraph: { title: "Nova Lights", type: "profile" },
        twitter: { card: "summary", title: "Nova Lights" },
      },
      "https://f.example/a.png",
      "Nova Lights on Fanfare",
    );
    expect(m.title).toBe("Nova Lights");
    expect(m.openGraph).toMatchObject({ title: "Nova Lights", type: "profile" });
    expect(m.openGraph?.images).toHaveLength(1);
    expect(m.twitter).toMatchObject({ title: "Nova Lights", card: "summary_large_image" });
  });
});

describe("the track page through a link is cached per ref", () => {
  test("/t/<slug>?ref=<code> is rewritten to the ref variant; only a well-formed code", () => {
    const rule = trackRefRewrite();
    expect(rule).toEqual({
      source: "/t/:slug",
      has: [{ type: "query", key: "ref", value: "(?<code>[A-Za-z0-9_-]{1,32})" }],
      destination: "/t/:slug/ref/:code",
    });
    const value = new RegExp(`^${rule.has![0]!.value}$`);
    expect(value.test("k3m9x2pq")).toBe(true);
    expect(value.test("<script>")).toBe(false);
    expect(value.test("x".repeat(33))).toBe(false);
    expect(publicPageRewrites()).toContainEqual(rule);
  });

  test("no rewrite depends on src or utm_* (they never vary a cached page)", () => {
    const keys = publicPageRewrites().flatMap((r) => (r.has ?? []).map((h) => h.key));
    expect(keys.filter((k) => k === "src" || k?.startsWith("utm_"))).toEqual([]);
  });
});
