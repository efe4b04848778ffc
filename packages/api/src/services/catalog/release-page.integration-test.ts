import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { AppError } from "../app-error";
import { publicTags } from "../cache/public-pages";
import { campaignPageTags } from "../campaigns/scope";
import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import {
  getPublicRelease,
  getReleasePageContent,
  listPublicReleases,
  publicReleasesOfTrack,
  releaseRefBySlug,
  releaseSaleState,
} from "./release-page";

const DAY = 86_400_000;

/**
 * The public side of releases (issue 16 §1): only published releases (not drafts, deleted or
 * taken-down ones) reach the page, the lists and `release.bySlug` (a draft reaches its own
 * artist only); tracks in the release's order with their total time and the sum of their own
 * prices; the on-sale rule with release dates and pre-orders; newest-first keyset paging; and
 * nothing personal or internal in what is returned.
 */
describe("release pages: visibility, order, on-sale rule, prices and lists", () => {
  let h: Harness;
  let artistUser: Awaited<ReturnType<Harness["makeUser"]>>;
  let artistId: string;
  let otherArtistId: string;
  const tracks: { id: string; slug: string }[] = [];
  let draftTrackId: string;
  let seq = 0;

  /** A release of `artistId` with `trackIds` at positions 1, 2, 3… (inserted last first). */
  const makeRelease = async (
    o: {
      slug?: string;
      title?: string;
      artist?: string;
      trackIds?: string[];
      published?: boolean;
      publishedAt?: Date;
      deletedAt?: Date;
      takenDown?: boolean;
      releaseDate?: Date | null;
      preorder?: boolean;
      priceCents?: number;
      minPriceCents?: number | null;
      artworkKey?: string | null;
      kind?: string;
    } = {},
  ) => {
    seq++;
    const published = o.published ?? true;
    const release = await h.db.release.create({
      data: {
        artistId: o.artist ?? artistId,
        slug: o.slug ?? `release-${seq}`,
        title: o.title ?? `Release ${seq}`,
        kind: o.kind ?? "album",
        description: "Liner notes",
        priceCents: o.priceCents ?? 1500,
        minPriceCents: o.minPriceCents ?? null,
        commissionBps: 2500,
        artworkKey: o.artworkKey ?? null,
        releaseDate: o.releaseDate ?? null,
        preorder: o.preorder ?? false,
        published: published && !o.takenDown,
        // Spaced a minute apart so "newest first" is well defined.
        publishedAt: o.publishedAt ?? new Date(Date.UTC(2026, 0, 1) + seq * 60_000),
        deletedAt: o.deletedAt ?? null,
        takenDownAt: o.takenDown ? new Date() : null,
        takedownReason: o.takenDown ? "Copyright claim" : null,
      },
    });
    const ids = o.trackIds ?? tracks.map((t) => t.id);
    // Inserted in reverse, so reading them back in order proves the order comes from `position`.
    for (let i = ids.length - 1; i >= 0; i--)
      await h.db.releaseTrack.create({
        data: { releaseId: release.id, trackId: ids[i]!, position: i + 1 },
      });
    return release;
  };

  beforeAll(async () => {
    h = await setupHarness();
    artistUser = await h.makeUser({ artistName: "Release Artist", email: "owner@example.com" });
    artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artistUser.id } }))
      .id;
    for (const [title, priceCents] of [
      ["Opening", 500],
      ["Middle", 700],
      ["Closing", 900],
    ] as const)
      tracks.push((await h.makeTrack(artistUser, { title, priceCents })).track);
    const draft = (await h.makeTrack(artistUser, { title: "Album Only", priceCents: 300 })).track;
    await artistUser.caller.artist.unpublishTrack({ trackId: draft.id });
    draftTrackId = draft.id;
    const other = await h.makeUser({ artistName: "Other Artist" });
    otherArtistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: other.id } }))
      .id;
  });
  afterAll(async () => {
    await h.close();
  });

  test("a published release: its tracks in order, total time, prices, commission and artist", async () => {
    const r = await makeRelease({ slug: "night-album", title: "Night Album" });
    const content = await getReleasePageContent({ releaseId: r.id }, h.db);
    if (content.status !== "published") throw new Error(content.status);
    const p = content.release;
    expect(p.tracks.map((t) => [t.position, t.title])).toEqual([
      [1, "Opening"],
      [2, "Middle"],
      [3, "Closing"],
    ]);
    expect(p.trackCount).toBe(3);
    const durations = await h.db.track.findMany({
      where: { id: { in: tracks.map((t) => t.id) } },
      select: { durationSeconds: true },
    });
    expect(p.durationSeconds).toBe(durations.reduce((s, t) => s + t.durationSeconds, 0));
    expect(p.durationSeconds).toBeGreaterThan(0);
    expect(p.tracksPriceCents).toBe(500 + 700 + 900);
    expect(p.tracksSoldAlone).toBe(true);
    expect(p).toMatchObject({
      slug: "night-album",
      title: "Night Album",
      kind: "album",
      priceCents: 1500,
      minPriceCents: null,
      payWhatYouWant: false,
      commissionBps: 2500,
      commissionAtPriceCents: 375,
      affiliateEnabled: true,
      artist: { id: artistId, name: "Release Artist" },
      releaseDate: null,
      preorder: false,
      upcoming: false,
      onSale: true,
      published: true,
    });
    // Each track's preview is the track's own public URL (ingest made one from the master).
    expect(p.tracks.map((t) => t.previewUrl)).toEqual(
      tracks.map((t) => `/api/media/preview/${t.id}`),
    );
    expect(await releaseRefBySlug({ slug: "night-album" }, h.db)).toEqual({ id: r.id, artistId });
    expect(await releaseRefBySlug({ slug: "no-such-release" }, h.db)).toBeNull();
  });

  test("nothing personal or internal: no user id, email, storage key or takedown reason", async () => {
    const r = await makeRelease({ artworkKey: "artwork/secret-key.png" });
    const anon = await h.callerFor(null);
    const json = JSON.stringify([
      await getReleasePageContent({ releaseId: r.id }, h.db),
      await anon.release.bySlug({ slug: r.slug }),
      await listPublicReleases({ limit: 50 }, h.db),
    ]);
    expect(json).not.toContain(artistUser.id);
    expect(json).not.toContain("owner@example.com");
    expect(json).not.toContain("secret-key");
    expect(json).not.toMatch(/"(artworkKey|previewKey|masterKey|userId|takedownReason)"/);
    // The release's own artwork by its id.
    expect((await anon.release.bySlug({ slug: r.slug })).artworkUrl).toBe(
      `/api/media/release-artwork/${r.id}`,
    );
  });

  test("without its own artwork a release shows its first track's", async () => {
    await h.db.track.update({ where: { id: tracks[1]!.id }, data: { artworkKey: "art/t2.png" } });
    try {
      const r = await makeRelease({ trackIds: [tracks[1]!.id, tracks[0]!.id] });
      const p = await getPublicRelease({ slug: r.slug }, h.db);
      expect(p.artworkUrl).toBe(`/api/media/artwork/${tracks[1]!.id}`);
      const card = (await listPublicReleases({ limit: 50 }, h.db)).items.find((c) => c.id === r.id);
      expect(card?.artworkUrl).toBe(`/api/media/artwork/${tracks[1]!.id}`);
    } finally {
      await h.db.track.update({ where: { id: tracks[1]!.id }, data: { artworkKey: null } });
    }
  });

  test("a draft is unavailable, and reaches its own artist only (as a draft)", async () => {
    const r = await makeRelease({ published: false });
    expect(await getReleasePageContent({ releaseId: r.id }, h.db)).toEqual({
      status: "unavailable",
    });
    await expect(getPublicRelease({ slug: r.slug }, h.db)).rejects.toThrow(
      new AppError("NOT_FOUND", `No release at /r/${r.slug}.`),
    );
    const stranger = await h.makeUser();
    await expect(stranger.caller.release.bySlug({ slug: r.slug })).rejects.toThrow(
      /No release at \/r\//,
    );
    const own = await artistUser.caller.release.bySlug({ slug: r.slug });
    expect(own).toMatchObject({ id: r.id, published: false, isOwner: true, onSale: false });
    expect((await stranger.caller.release.bySlug({ slug: "night-album" })).isOwner).toBe(false);
  });

  test("a deleted release is missing, even to its artist; a taken-down one is unavailable", async () => {
    const deleted = await makeRelease({ deletedAt: new Date() });
    expect(await getReleasePageContent({ releaseId: deleted.id }, h.db)).toEqual({
      status: "missing",
    });
    await expect(
      getPublicRelease({ slug: deleted.slug, viewerUserId: artistUser.id }, h.db),
    ).rejects.toThrow(/No release at/);
    const down = await makeRelease({ takenDown: true });
    expect(await getReleasePageContent({ releaseId: down.id }, h.db)).toEqual({
      status: "unavailable",
    });
    await expect(getPublicRelease({ slug: down.slug }, h.db)).rejects.toThrow(/No release at/);
    expect(await getReleasePageContent({ releaseId: "no-such-id" }, h.db)).toEqual({
      status: "missing",
    });
  });

  test("on sale: out, or a pre-order before its date; not before its date without pre-order", async () => {
    const now = new Date();
    const future = new Date(now.getTime() + 30 * DAY);
    const past = new Date(now.getTime() - 30 * DAY);
    const upcoming = await makeRelease({ releaseDate: future });
    const preorder = await makeRelease({ releaseDate: future, preorder: true });
    const out = await makeRelease({ releaseDate: past, preorder: true });
    const empty = await makeRelease({ trackIds: [] });
    const state = async (slug: string) => {
      const p = await getPublicRelease({ slug }, h.db, now);
      return { upcoming: p.upcoming, onSale: p.onSale, preorder: p.preorder };
    };
    expect(await state(upcoming.slug)).toEqual({ upcoming: true, onSale: false, preorder: false });
    expect(await state(preorder.slug)).toEqual({ upcoming: true, onSale: true, preorder: true });
    expect(await state(out.slug)).toEqual({ upcoming: false, onSale: true, preorder: true });
    // No tracks, nothing to sell (as checkout's rule).
    expect(await state(empty.slug)).toEqual({ upcoming: false, onSale: false, preorder: false });
    // The date reached: the same release is on sale (what a cached page re-applies).
    const p = await getPublicRelease({ slug: upcoming.slug }, h.db, future);
    expect([p.upcoming, p.onSale]).toEqual([false, true]);
    expect(p.releaseDate).toBe(future.toISOString());
    // The pure rule, at the boundary and for a draft.
    const base = { published: true, releaseDate: future, preorder: false, trackCount: 2 };
    expect(releaseSaleState(base, future)).toEqual({ upcoming: false, onSale: true });
    expect(releaseSaleState(base, new Date(future.getTime() - 1))).toEqual({
      upcoming: true,
      onSale: false,
    });
    expect(releaseSaleState({ ...base, releaseDate: future.toISOString() }, now).upcoming).toBe(
      true,
    );
    expect(releaseSaleState({ ...base, published: false, releaseDate: null }, now).onSale).toBe(
      false,
    );
    // Listed either way: the card says whether it can be bought now.
    const cards = (await listPublicReleases({ limit: 50 }, h.db, now)).items;
    expect(cards.find((c) => c.id === upcoming.id)).toMatchObject({
      upcoming: true,
      onSale: false,
    });
    expect(cards.find((c) => c.id === preorder.id)).toMatchObject({ upcoming: true, onSale: true });
  });

  test("the price sum counts every track's own price; a track not sold alone says so", async () => {
    const r = await makeRelease({
      trackIds: [tracks[2]!.id, draftTrackId],
      priceCents: 1000,
      minPriceCents: 600,
    });
    const p = await getPublicRelease({ slug: r.slug }, h.db);
    expect(p.tracks.map((t) => [t.title, t.priceCents, t.onSaleAlone])).toEqual([
      ["Closing", 900, true],
      ["Album Only", 300, false],
    ]);
    expect(p.tracksPriceCents).toBe(1200);
    expect(p.tracksSoldAlone).toBe(false);
    expect(p).toMatchObject({ payWhatYouWant: true, minPriceCents: 600, priceCents: 1000 });
  });

  test("lists: newest first, paged by cursor, only published ones, one artist's by slug", async () => {
    // A separate artist keeps this test's expectations independent of the others' releases.
    const a = await h.makeUser({ artistName: "Paging Artist" });
    const aId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: a.id } })).id;
    const aSlug = (await h.db.artistProfile.findUniqueOrThrow({ where: { id: aId } })).slug;
    const t = (await h.makeTrack(a, { title: "Paging Track" })).track;
    const at = (d: number) => new Date(Date.UTC(2027, 0, d));
    const made: Record<string, string> = {};
    for (const [title, day] of [
      ["Oldest", 1],
      ["Newest", 9],
      ["Middle", 5],
      ["Second", 7],
    ] as const)
      made[title] = (
        await makeRelease({ artist: aId, title, trackIds: [t.id], publishedAt: at(day) })
      ).id;
    await makeRelease({ artist: aId, title: "Draft", trackIds: [t.id], published: false });
    await makeRelease({ artist: aId, title: "Gone", trackIds: [t.id], deletedAt: new Date() });
    await makeRelease({ artist: aId, title: "Down", trackIds: [t.id], takenDown: true });
    // Another artist's release, newer than all of them, is not in this artist's list.
    await makeRelease({
      artist: otherArtistId,
      title: "Elsewhere",
      trackIds: [],
      publishedAt: at(20),
    });

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const r: Awaited<ReturnType<typeof listPublicReleases>> = await listPublicReleases(
        { artistSlug: aSlug, limit: 3, cursor },
        h.db,
      );
      expect(r.items.length).toBeLessThanOrEqual(3);
      seen.push(...r.items.map((i) => i.title));
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(seen).toEqual(["Newest", "Second", "Middle", "Oldest"]);
    const all = await listPublicReleases({ limit: 50 }, h.db);
    expect(all.items[0]!.title).toBe("Elsewhere");
    for (const hidden of ["Draft", "Gone", "Down"])
      expect(all.items.map((i) => i.title)).not.toContain(hidden);
    expect(all.items.find((i) => i.id === made.Newest)).toMatchObject({
      trackCount: 1,
      artist: { id: aId, slug: aSlug, name: "Paging Artist" },
      kind: "album",
    });
    expect(await listPublicReleases({ cursor: "no-such-release", limit: 5 }, h.db)).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(await listPublicReleases({ artistSlug: "nobody-here", limit: 5 }, h.db)).toEqual({
      items: [],
      nextCursor: null,
    });
    // Through tRPC, the same.
    const anon = await h.callerFor(null);
    expect(
      (await anon.release.list({ artistSlug: aSlug, limit: 2 })).items.map((i) => i.title),
    ).toEqual(["Newest", "Second"]);
  });

  test("a track's page names the published releases it is on", async () => {
    const a = await h.makeUser({ artistName: "Also On Artist" });
    const aId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: a.id } })).id;
    const t = (await h.makeTrack(a, { title: "Shared Track" })).track;
    const single = await makeRelease({
      artist: aId,
      title: "The Single",
      kind: "single",
      trackIds: [t.id],
      publishedAt: new Date(Date.UTC(2027, 5, 1)),
    });
    const album = await makeRelease({
      artist: aId,
      title: "The Album",
      trackIds: [t.id],
      publishedAt: new Date(Date.UTC(2027, 6, 1)),
    });
    await makeRelease({ artist: aId, title: "Hidden", trackIds: [t.id], published: false });
    expect(await publicReleasesOfTrack({ trackId: t.id }, h.db)).toEqual([
      { id: album.id, slug: album.slug, title: "The Album", kind: "album" },
      { id: single.id, slug: single.slug, title: "The Single", kind: "single" },
    ]);
  });

  test("a malformed slug or limit is refused before any lookup", async () => {
    const anon = await h.callerFor(null);
    const bad = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(TRPCError);
      return (e as TRPCError).code;
    };
    expect(await bad(anon.release.bySlug({ slug: "Bad Slug!" }))).toBe("BAD_REQUEST");
    expect(await bad(anon.release.list({ limit: 0 }))).toBe("BAD_REQUEST");
    expect(await bad(anon.release.list({ artistSlug: "Not A Slug" }))).toBe("BAD_REQUEST");
    expect(await bad(anon.release.bySlug({ slug: "no-such-release" }))).toBe("NOT_FOUND");
  });

  test("a live artist-wide campaign shows on the release page as checkout applies it; a chosen-tracks one does not; their start and end expire the page's tag", async () => {
    const r = await makeRelease({ slug: "campaign-album", title: "Campaign Album" });
    const now = Date.now();
    const window = { startsAt: new Date(now - DAY), endsAt: new Date(now + DAY) };
    const onTracks = await h.db.campaign.create({
      data: {
        name: "Track push",
        artistId,
        scope: "TRACKS",
        trackIds: tracks.map((t) => t.id),
        commissionBps: 5000,
        status: "ACTIVE",
        ...window,
      },
    });
    let content = await getReleasePageContent({ releaseId: r.id }, h.db);
    if (content.status !== "published") throw new Error(content.status);
    expect(content.release.campaign).toBeNull();
    expect(await campaignPageTags(onTracks, h.db)).not.toContain(publicTags.release(r.id));

    const artistWide = await h.db.campaign.create({
      data: {
        name: "Album week",
        artistId,
        scope: "ARTIST",
        scopeArtistId: artistId,
        commissionBps: 4000,
        discountBps: 1000,
        status: "ACTIVE",
        ...window,
      },
    });
    content = await getReleasePageContent({ releaseId: r.id }, h.db);
    if (content.status !== "published") throw new Error(content.status);
    expect(content.release.campaign).toEqual({
      name: "Album week",
      endsAt: window.endsAt.toISOString(),
      commissionBps: 4000,
      discountBps: 1000,
      discountedPriceCents: 1350,
    });
    // release.bySlug (the owner's view and the apps) reads the same terms.
    expect((await getPublicRelease({ slug: "campaign-album" }, h.db)).campaign).toEqual(
      content.release.campaign,
    );
    expect(await campaignPageTags(artistWide, h.db)).toContain(publicTags.release(r.id));
    // Another artist's release is neither shown the campaign nor expired by it.
    const theirs = await makeRelease({ artist: otherArtistId, trackIds: [] });
    const other = await getReleasePageContent({ releaseId: theirs.id }, h.db);
    expect(other.status === "published" && other.release.campaign).toBeNull();
    expect(await campaignPageTags(artistWide, h.db)).not.toContain(publicTags.release(theirs.id));

    await h.db.campaign.deleteMany({ where: { id: { in: [onTracks.id, artistWide.id] } } });
  });
});
