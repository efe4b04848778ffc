import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, test, vi } from "vitest";

import type { PublicRelease, ReleasePageContent } from "@fanfare/api/services/catalog/release-page";

// The page's data comes from the cached loaders; here they answer from these variables.
let content: ReleasePageContent = { status: "missing" };
const renderAgainBy = vi.fn(async (_at: string | null) => undefined);
vi.mock("~/lib/public-data", () => ({
  loadReleasePage: vi.fn(async () => content),
  renderAgainBy,
}));
// The islands that read the URL or the session in the browser render nothing here.
vi.mock("~/components/report-promoter", () => ({ ReportPromoterAction: () => null }));
vi.mock("~/components/track-islands", () => ({
  CheckoutCancelledNotice: () => null,
  BackToDiscover: () => null,
  PromoteAction: (p: { product: { kind: string; releaseId?: string } }) => (
    <div data-testid="promote-island">{JSON.stringify(p.product)}</div>
  ),
}));

const { default: ReleasePage, generateMetadata } = await import("./page");

const DAY = 86_400_000;
const track = (n: number, o: Partial<PublicRelease["tracks"][number]> = {}) => ({
  id: `t${n}`,
  slug: `track-${n}`,
  title: `Track ${n}`,
  position: n,
  durationSeconds: 125 + n,
  previewUrl: `/api/media/preview/t${n}`,
  artworkUrl: null,
  priceCents: 700,
  minPriceCents: null,
  currency: "usd",
  onSaleAlone: true,
  ...o,
});
const base = (): PublicRelease => ({
  id: "rel1",
  slug: "night-album",
  title: "Night Album",
  kind: "album",
  description: "Ten years in the making.",
  artworkUrl: "/api/media/release-artwork/rel1",
  artist: { id: "artist1", name: "Nova Lights", slug: "nova-lights" },
  tracks: [track(1), track(2), track(3)],
  trackCount: 3,
  durationSeconds: 126 + 127 + 128,
  priceCents: 1500,
  minPriceCents: null,
  currency: "usd",
  payWhatYouWant: false,
  affiliateEnabled: true,
  commissionBps: 2500,
  commissionAtPriceCents: 375,
  downloadTerms: { days: 7, downloads: 5 },
  releaseDate: null,
  preorder: false,
  published: true,
  publishedAt: "2026-01-01T00:00:00.000Z",
  upcoming: false,
  onSale: true,
  tracksPriceCents: 2100,
  tracksSoldAlone: true,
  campaign: null,
});

const render = async (slug = "night-album") =>
  renderToStaticMarkup(await ReleasePage({ params: Promise.resolve({ slug }) }));

describe("the release page /r/<slug>", () => {
  beforeEach(() => {
    content = { status: "published", release: base() };
    renderAgainBy.mockClear();
  });

  test("shows the release, its tracks in order with previews, the total, the buy form and the promote island", async () => {
    const html = await render();
    expect(html).toContain("Night Album");
    expect(html).toContain('href="/a/nova-lights"');
    expect(html).toContain("Album");
    const order = ["Track 1", "Track 2", "Track 3"].map((t) => html.indexOf(t));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(html).toContain('aria-label="Play preview of Track 2"');
    expect(html).toContain('href="/t/track-1"');
    expect(html).toContain("3 tracks, total running time 6:21");
    expect(html).toContain("Buy this album");
    expect(html).toContain("$15.00");
    expect(html).toContain("3 tracks, $21.00 separately");
    expect(html).toContain("masters of all 3 tracks");
    expect(html).toContain(
      "{&quot;kind&quot;:&quot;release&quot;,&quot;releaseId&quot;:&quot;rel1&quot;}",
    );
    expect(html).not.toContain("Pre-order");
    expect(renderAgainBy).not.toHaveBeenCalled();
  });

  test("a live campaign shows its banner, the discounted price and the boosted commission", async () => {
    content = {
      status: "published",
      release: {
        ...base(),
        campaign: {
          name: "Spring push",
          endsAt: new Date(Date.now() + 2 * DAY).toISOString(),
          commissionBps: 4000,
          discountBps: 1000,
          discountedPriceCents: 1350,
        },
      },
    };
    const html = await render();
    expect(html).toContain('data-testid="campaign-banner"');
    expect(html).toContain("10% off for fans · promoters earn 40% (usually 25%)");
    expect(html).toContain("10% off during Spring push");
    expect(html).toContain("$13.50");
    expect(html).toContain("Boosted to 40% during Spring push.");
    content = { status: "published", release: base() };
    const plain = await render();
    expect(plain).not.toContain("campaign-banner");
    expect(plain).not.toContain("Boosted");
  });

  test("no 'separately' line when the tracks cost no more, or one is not sold alone", async () => {
    content = { status: "published", release: { ...base(), tracksPriceCents: 1500 } };
    expect(await render()).not.toContain("separately");
    content = { status: "published", release: { ...base(), tracksSoldAlone: false } };
    expect(await render()).not.toContain("separately");
  });

  test("a pre-order says when it is out, sells now as a pre-order, and re-renders on the date", async () => {
    const date = new Date(Date.now() + 10 * DAY);
    date.setUTCHours(0, 0, 0, 0);
    const iso = date.toISOString();
    content = {
      status: "published",
      release: { ...base(), releaseDate: iso, preorder: true, upcoming: true },
    };
    const html = await render();
    const day = date.toLocaleDateString("en-US", {
      timeZone: "UTC",
      year: "numeric",
      month: "long",
      day: "numeric",
    });
    expect(html).toContain(`Pre-order: out ${day}`);
    expect(html).toContain("Pre-order this album");
    expect(html).toContain(`your downloads open on ${iso.slice(0, 10)} (UTC)`);
    expect(renderAgainBy).toHaveBeenCalledWith(iso);
  });

  test("before its date without pre-orders there is nothing to buy; once the date passed it is on sale", async () => {
    const future = new Date(Date.now() + 3 * DAY).toISOString();
    content = {
      status: "published",
      release: { ...base(), releaseDate: future, upcoming: true, onSale: false },
    };
    let html = await render();
    expect(html).toContain("Not on sale yet");
    expect(html).not.toContain("Buy this album");
    // Read before the date, served after it: the page applies the rule again.
    const past = new Date(Date.now() - DAY).toISOString();
    content = {
      status: "published",
      release: { ...base(), releaseDate: past, upcoming: true, onSale: false },
    };
    html = await render();
    expect(html).toContain("Buy this album");
    expect(html).toContain("Released ");
    expect(html).not.toContain("Not on sale yet");
  });

  test("pay what you want: the minimum, and the amount field", async () => {
    content = {
      status: "published",
      release: { ...base(), minPriceCents: 500, payWhatYouWant: true },
    };
    const html = await render();
    expect(html).toContain("$5.00 or more");
    expect(html).toContain("Name your price");
  });

  test("an unpublished release shows the neutral page; a missing one or a malformed slug is a 404", async () => {
    content = { status: "unavailable" };
    expect(await render()).toContain("This release is not available");
    content = { status: "missing" };
    await expect(render()).rejects.toMatchObject({ digest: expect.stringMatching(/404/) });
    content = { status: "published", release: base() };
    await expect(render("Not A Slug!")).rejects.toMatchObject({
      digest: expect.stringMatching(/404/),
    });
  });

  test("its metadata: title, description and the artwork for unfurlers", async () => {
    const m = await generateMetadata({ params: Promise.resolve({ slug: "night-album" }) });
    expect(m.title).toBe("Night Album by Nova Lights");
    expect(m.description).toBe("Ten years in the making.");
    expect(m.openGraph?.images).toEqual([
      expect.objectContaining({ url: "http://localhost:3000/api/media/release-artwork/rel1" }),
    ]);
    content = { status: "unavailable" };
    expect(
      (await generateMetadata({ params: Promise.resolve({ slug: "night-album" }) })).robots,
    ).toEqual({ index: false, follow: false });
  });
});
