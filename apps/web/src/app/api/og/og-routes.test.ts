import { beforeEach, describe, expect, test, vi } from "vitest";

// The routes' data comes from the share card service (tested against a database in
// packages/api/src/services/share/og-cards.integration-test.ts); here it is a fixture.
const data = vi.hoisted(() => ({
  track: null as null | Record<string, unknown>,
  artist: null as null | Record<string, unknown>,
  landing: null as null | Record<string, unknown>,
  refLink: null as null | Record<string, unknown>,
}));
vi.mock("@fanfare/db", () => ({ getDb: async () => ({}) }));
vi.mock("@fanfare/api/services/share/og-cards", () => ({
  getTrackCard: vi.fn(async () => data.track),
  getArtistCard: vi.fn(async () => data.artist),
  getLandingCard: vi.fn(async () => data.landing),
  getRefLink: vi.fn(async () => data.refLink),
  getPublicPromoter: vi.fn(async () => ({ name: "M. P.", active: true })),
  recommenderName: vi.fn(() => "M. P."),
  readCardPicture: vi.fn(async () => null),
}));

const service = await import("@fanfare/api/services/share/og-cards");
const { GET: trackCard } = await import("./track/[slug]/route");
const { GET: artistCard } = await import("./artist/[slug]/route");
const { GET: landingCard } = await import("./landing/[handle]/route");

const params = <T>(p: T) => ({ params: Promise.resolve(p) });

/** Status, type, cache header and (for a PNG) the size in its IHDR chunk. */
async function inspect(res: Response) {
  const bytes = new Uint8Array(await res.arrayBuffer());
  const png = res.headers.get("content-type") === "image/png";
  const v = new DataView(bytes.buffer);
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    cache: res.headers.get("cache-control"),
    size: png ? `${v.getUint32(16)}x${v.getUint32(20)}` : null,
  };
}

const PNG_OK = {
  status: 200,
  type: "image/png",
  cache: expect.stringMatching(/^public, max-age=3600/),
  size: "1200x630",
};
const NOT_FOUND = {
  status: 404,
  type: "application/json",
  cache: "public, max-age=60",
  size: null,
};

describe("share card routes (/api/og/*): image/png 1200×630, 404 when there is nothing public", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    data.track = {
      trackId: "t1",
      slug: "night-drive",
      title: "Night Drive",
      artistName: "Nova Lights",
      priceLabel: "$1.99",
      artworkKey: null,
    };
    data.artist = {
      artistId: "a1",
      slug: "nova-lights",
      name: "Nova Lights",
      initials: "NL",
      trackCount: 2,
      imageKey: null,
    };
    data.landing = {
      handle: "mara-picks",
      headline: "Music for night drives",
      name: "Mara Pine",
      initials: "MP",
      themeColor: "#2563eb",
      photoKey: null,
      artworkKeys: ["a.png", "b.png"],
    };
    data.refLink = { promoterId: "p1", trackId: "t1", disabled: false };
  });

  test("a track's card", async () => {
    const res = await trackCard(
      new Request("http://x/api/og/track/night-drive"),
      params({ slug: "night-drive" }),
    );
    expect(await inspect(res)).toEqual(PNG_OK);
    expect(service.getRefLink).not.toHaveBeenCalled();
  });

  test("a track's card through a link asks who recommends it", async () => {
    const res = await trackCard(
      new Request("http://x/api/og/track/night-drive?ref=k3m9x2pq&src=x&utm_source=y"),
      params({ slug: "night-drive" }),
    );
    expect(await inspect(res)).toEqual(PNG_OK);
    expect(service.getRefLink).toHaveBeenCalledWith({ code: "k3m9x2pq" }, {});
    expect(service.recommenderName).toHaveBeenCalled();
  });

  test("a malformed ref is ignored (the plain card)", async () => {
    const res = await trackCard(
      new Request("http://x/api/og/track/night-drive?ref=%3Cscript%3E"),
      params({ slug: "night-drive" }),
    );
    expect((await inspect(res)).status).toBe(200);
    expect(service.getRefLink).not.toHaveBeenCalled();
  });

  test("an unknown, unpublished or taken-down track, and a malformed slug, answer 404", async () => {
    data.track = null;
    expect(
      await inspect(await trackCard(new Request("http://x"), params({ slug: "draft-track" }))),
    ).toEqual(NOT_FOUND);
    expect(
      await inspect(await trackCard(new Request("http://x"), params({ slug: "Bad Slug!" }))),
    ).toEqual(NOT_FOUND);
  });

  test("an artist's card; 404 for an unknown artist", async () => {
    expect(
      await inspect(await artistCard(new Request("http://x"), params({ slug: "nova-lights" }))),
    ).toEqual(PNG_OK);
    data.artist = null;
    expect(
      await inspect(await artistCard(new Request("http://x"), params({ slug: "nobody" }))),
    ).toEqual(NOT_FOUND);
  });

  test("a landing page's card reads its photo and artworks; 404 when the page is not public", async () => {
    expect(
      await inspect(await landingCard(new Request("http://x"), params({ handle: "mara-picks" }))),
    ).toEqual(PNG_OK);
    expect(service.readCardPicture).toHaveBeenCalledTimes(3);
    data.landing = null;
    expect(
      await inspect(await landingCard(new Request("http://x"), params({ handle: "mara-picks" }))),
    ).toEqual(NOT_FOUND);
    expect(
      await inspect(await landingCard(new Request("http://x"), params({ handle: "x".repeat(31) }))),
    ).toEqual(NOT_FOUND);
  });
});
