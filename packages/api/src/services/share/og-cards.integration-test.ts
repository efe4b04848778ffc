import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import {
  getArtistCard,
  getLandingCard,
  getPublicPromoter,
  getRefLink,
  getTrackCard,
  recommenderName,
} from "./og-cards";

type User = Awaited<ReturnType<Harness["makeUser"]>>;

describe("share card data (issue 14 §4)", () => {
  let h: Harness;
  let artist: User;
  let promoter: User;
  let track: { id: string; slug: string };
  let other: { id: string; slug: string };
  let code: string;

  /** "Recommended by" for `trackId` through `ref`, as the page and the card compute it. */
  const recommended = async (trackId: string, ref: string) => {
    const link = await getRefLink({ code: ref }, h.db);
    const p = link ? await getPublicPromoter({ promoterId: link.promoterId }, h.db) : null;
    return recommenderName(trackId, link, p);
  };

  beforeAll(async () => {
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Nova Lights" });
    promoter = await h.makeUser();
    track = (
      await h.makeTrack(artist, { title: "Night Drive", priceCents: 800, minPriceCents: 300 })
    ).track;
    other = (await h.makeTrack(artist, { title: "Day Ride", priceCents: 199 })).track;
    code = (await promoter.caller.promoter.getOrCreateLink({ trackId: track.id })).code;
    await promoter.caller.promoter.updateProfile({ displayName: "Mara Pine" });
  });
  afterAll(async () => {
    await h.close();
  });

  test("a published track's card: title, artist and price; none for a draft, a deleted or a taken-down track", async () => {
    expect(await getTrackCard({ slug: track.slug }, h.db)).toMatchObject({
      title: "Night Drive",
      artistName: "Nova Lights",
      priceLabel: "Pay what you want from $3.00",
    });
    expect((await getTrackCard({ slug: other.slug }, h.db))?.priceLabel).toBe("$1.99");
    expect(await getTrackCard({ slug: "no-such-track" }, h.db)).toBeNull();
    await artist.caller.artist.unpublishTrack({ trackId: other.id });
    expect(await getTrackCard({ slug: other.slug }, h.db)).toBeNull();
    await artist.caller.artist.publishTrack({ trackId: other.id });
  });

  test("a link names its promoter by the leaderboards' rule: initials unless they opted in", async () => {
    expect(await recommended(track.id, code)).toBe("M. P.");
    await promoter.caller.promoter.updateProfile({ showOnLeaderboard: true });
    expect(await recommended(track.id, code)).toBe("Mara Pine");
  });

  test("an unknown code, another track's code, a disabled link or a promoter who is not ACTIVE names no one", async () => {
    expect(await recommended(track.id, "nosuchcode")).toBeNull();
    expect(await recommended(track.id, "x".repeat(40))).toBeNull();
    expect(await recommended(other.id, code)).toBeNull();
    await h.db.affiliateLink.update({ where: { code }, data: { disabled: true } });
    expect(await recommended(track.id, code)).toBeNull();
    await h.db.affiliateLink.update({ where: { code }, data: { disabled: false } });
    await h.db.promoterProfile.update({
      where: { userId: promoter.id },
      data: { status: "SUSPENDED" },
    });
    expect(await recommended(track.id, code)).toBeNull();
    await h.db.promoterProfile.update({
      where: { userId: promoter.id },
      data: { status: "ACTIVE" },
    });
    expect(await recommended(track.id, code)).toBe("Mara Pine");
  });

  test("an artist's card counts their tracks on sale; none for an unknown artist", async () => {
    const profile = await h.db.artistProfile.findFirstOrThrow({ where: { userId: artist.id } });
    expect(await getArtistCard({ slug: profile.slug }, h.db)).toMatchObject({
      name: "Nova Lights",
      initials: "NL",
      trackCount: 2,
      imageKey: null,
    });
    expect(await getArtistCard({ slug: "no-such-artist" }, h.db)).toBeNull();
  });

  test("a landing page's card only while published, not taken down and its promoter ACTIVE", async () => {
    const profile = await h.db.promoterProfile.findUniqueOrThrow({
      where: { userId: promoter.id },
    });
    await h.db.track.update({ where: { id: track.id }, data: { artworkKey: "artwork/none.png" } });
    const page = await h.db.landingPage.create({
      data: {
        promoterId: profile.id,
        handle: "mara-picks",
        headline: "Music for night drives",
        published: false,
        tracks: {
          create: [
            { trackId: other.id, position: 0 },
            { trackId: track.id, position: 1 },
          ],
        },
      },
    });
    expect(await getLandingCard({ handle: "mara-picks" }, h.db)).toBeNull();
    await h.db.landingPage.update({ where: { id: page.id }, data: { published: true } });
    expect(await getLandingCard({ handle: "mara-picks" }, h.db)).toMatchObject({
      headline: "Music for night drives",
      name: "Mara Pine",
      initials: "MP",
      // Only tracks with artwork give a picture.
      artworkKeys: ["artwork/none.png"],
    });
    await h.db.landingPage.update({
      where: { id: page.id },
      data: { takenDownAt: new Date(), takenDownReason: "Spam" },
    });
    expect(await getLandingCard({ handle: "mara-picks" }, h.db)).toBeNull();
    expect(await getLandingCard({ handle: "nobody" }, h.db)).toBeNull();
  });
});
