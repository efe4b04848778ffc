import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, test, vi } from "vitest";

import type { ArtistPageContent, PublicPressKit } from "@fanfare/api/services/artist/public-page";

// The page's data comes from the cached loaders; here they answer from these variables.
let content: ArtistPageContent = { status: "missing" };
let kit: PublicPressKit | null = null;
vi.mock("~/lib/public-data", () => ({ loadArtistPage: vi.fn(async () => content) }));
vi.mock("~/lib/press-kit-data", () => ({ loadPressKit: vi.fn(async () => kit) }));

const { default: PressKitPage, generateMetadata } = await import("./page");

const artist = {
  id: "artist1",
  slug: "nova-lights",
  name: "Nova Lights",
  bio: "Synth-pop from Lisbon.\nSecond line.",
  links: [{ label: "Website", url: "https://nova.example" }],
  imageUrl: null,
  tracks: [
    {
      id: "t1",
      slug: "night-drive",
      title: "Night Drive",
      affiliateEnabled: true,
      commissionBps: 2500,
      artworkUrl: null,
    },
  ],
} as unknown as Extract<ArtistPageContent, { status: "found" }>["artist"];

const render = async (slug = "nova-lights") =>
  renderToStaticMarkup(await PressKitPage({ params: Promise.resolve({ slug }) }));

describe("the press page /a/<slug>/press", () => {
  beforeEach(() => {
    content = { status: "found", artist };
    kit = {
      photoUrls: [
        "/api/images/aaaaaaaaaaaaaaaaaaaaaaaa.png",
        "/api/images/bbbbbbbbbbbbbbbbbbbbbbbb.jpg",
      ],
      oneSheet: "## Facts\n\n**Debut** album out now. <script>alert(1)</script>",
    };
  });

  test("shows each photo with a download link to the original, the bio, one-sheet, links, tracks and the note", async () => {
    const html = await render();
    expect(html).toContain('href="/api/images/aaaaaaaaaaaaaaaaaaaaaaaa.png"');
    expect(html).toContain('download="nova-lights-press-1.png"');
    expect(html).toContain('download="nova-lights-press-2.jpg"');
    expect(html).toContain("Synth-pop from Lisbon.\nSecond line.");
    expect(html).toContain("<strong>Debut</strong>");
    expect(html).not.toContain("<script");
    expect(html).toContain('href="https://nova.example"');
    expect(html).toContain('href="/t/night-drive"');
    expect(html).toContain("Promoters earn 25% of each sale");
    expect(html).toContain(
      "Use these photos and words when you promote Nova Lights; get your link on any track page.",
    );
    expect(html).not.toContain("No press kit yet");
  });

  test("an empty kit says there is no press kit yet and still shows the bio and tracks", async () => {
    kit = { photoUrls: [], oneSheet: "" };
    const html = await render();
    expect(html).toContain("No press kit yet");
    expect(html).toContain("Synth-pop from Lisbon.");
    expect(html).toContain('href="/t/night-drive"');
    expect(html).not.toContain("download=");
  });

  test.each([
    ["no artist has the slug", "nova-lights"],
    ["the address is not a slug", "Not A Slug!"],
  ])("answers 404 when %s", async (_what, slug) => {
    content = { status: "missing" };
    await expect(render(slug)).rejects.toMatchObject({
      digest: expect.stringMatching(/404/),
    });
  });

  test("its metadata names the kit and carries the artist's share card", async () => {
    const m = await generateMetadata({ params: Promise.resolve({ slug: "nova-lights" }) });
    expect(m.title).toBe("Press kit: Nova Lights");
    // Raw HTML tags are dropped, as the page drops them (their text stays, as on the page).
    expect(m.description).toBe("Facts Debut album out now. alert(1)");
    expect(m.openGraph?.images).toEqual([
      expect.objectContaining({ url: "http://localhost:3000/api/og/artist/nova-lights" }),
    ]);
  });
});
