import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { listTracksForAdmin } from "./list-tracks";

/** The console's tracks page (issue 11 §6): search, state filters, orders, pages, takedown. */
describe("admin.tracks.list", () => {
  let h: Harness;
  let admin: Awaited<ReturnType<Harness["makeAdmin"]>>;
  beforeAll(async () => {
    h = await setupHarness();
    admin = await h.makeAdmin();
  });
  afterAll(() => h.close());

  const ids = (items: { id: string }[]) => items.map((t) => t.id);

  /** Every row of a listing, walked `limit` rows at a time. */
  async function walk(input: Parameters<typeof listTracksForAdmin>[0]) {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listTracksForAdmin({ ...input, cursor }, h.db);
      expect(page.items.length).toBeLessThanOrEqual(input.limit ?? 20);
      seen.push(...ids(page.items));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(cursor).toBeNull();
    return seen;
  }

  test("finds a track by part of its title, its slug or its artist's name, in any case, trimmed", async () => {
    const artist = await h.makeUser({ artistName: "Marigold Static" });
    const { track: tide } = await h.makeTrack(artist, { title: "Tide Pool Lullaby" });
    const { track: other } = await h.makeTrack(artist, { title: "Harbour Lights" });
    const elsewhere = await h.makeUser({ artistName: "Someone Else" });
    const { track: unrelated } = await h.makeTrack(elsewhere, { title: "Unrelated Song" });

    const search = async (query: string) =>
      ids((await listTracksForAdmin({ query, limit: 50 }, h.db)).items);
    expect(await search("  pool LULL ")).toEqual([tide.id]);
    // The slug joins words with hyphens, which the title does not contain.
    expect(tide.slug).toContain("tide-pool");
    expect(await search("TIDE-POOL")).toEqual([tide.id]);
    // The artist's name finds each of their tracks, newest first.
    expect(await search("marigold static")).toEqual([other.id, tide.id]);
    // An empty search (after trimming) is no search.
    expect(await search("   ")).toEqual(expect.arrayContaining([tide.id, other.id, unrelated.id]));
    expect(await search("no track is called this")).toEqual([]);
  });

  test("LIKE's wildcards in a search match themselves, not any text", async () => {
    const artist = await h.makeUser({ artistName: "Percent Crew" });
    const { track: pure } = await h.makeTrack(artist, { title: "100% Pure" });
    await h.makeTrack(artist, { title: "1000 Pure" });
    const pct = await listTracksForAdmin({ query: "100%" }, h.db);
    expect(ids(pct.items)).toEqual([pure.id]);
    // Unescaped, "_" would match the "0" of "1000 Pure" and the "%" of "100% Pure".
    const underscore = await listTracksForAdmin({ query: "100_ Pure" }, h.db);
    expect(underscore.items).toEqual([]);
    const { track: acdc } = await h.makeTrack(artist, { title: "AC\\DC Tribute" });
    const backslash = await listTracksForAdmin({ query: "c\\d" }, h.db);
    expect(ids(backslash.items)).toEqual([acdc.id]);
  });

  test("each state filter lists exactly the tracks in that state; without one, all but the deleted", async () => {
    const artist = await h.makeUser({ artistName: "Stateful Band" });
    const { track: published } = await h.makeTrack(artist, { title: "Stateful Published" });
    const { track: draft } = await h.makeTrack(artist, { title: "Stateful Draft" });
    await artist.caller.artist.unpublishTrack({ trackId: draft.id });
    const { track: down } = await h.makeTrack(artist, { title: "Stateful Down" });
    await admin.caller.admin.tracks.takedown({ trackId: down.id, reason: "Sample not cleared" });
    const { track: deleted } = await h.makeTrack(artist, { title: "Stateful Deleted" });
    await artist.caller.artist.deleteTrack({ trackId: deleted.id });

    const inState = async (state?: "PUBLISHED" | "DRAFT" | "TAKEN_DOWN" | "DELETED") =>
      (await listTracksForAdmin({ query: "Stateful", limit: 50, state }, h.db)).items;
    expect(ids(await inState("PUBLISHED"))).toEqual([published.id]);
    expect(ids(await inState("DRAFT"))).toEqual([draft.id]);
    expect(ids(await inState("TAKEN_DOWN"))).toEqual([down.id]);
    expect(ids(await inState("DELETED"))).toEqual([deleted.id]);
    expect(ids(await inState())).toEqual([down.id, draft.id, published.id]);

    // Across the whole catalogue, every row of a filter carries that state.
    for (const state of ["PUBLISHED", "DRAFT", "TAKEN_DOWN", "DELETED"] as const) {
      const rows = (await listTracksForAdmin({ state, limit: 50 }, h.db)).items;
      expect(rows.every((t) => t.state === state)).toBe(true);
    }
    const [row] = await inState("TAKEN_DOWN");
    expect(row).toMatchObject({
      state: "TAKEN_DOWN",
      takedownReason: "Sample not cleared",
      publishedAt: expect.any(Date),
      takenDownAt: expect.any(Date),
      deletedAt: null,
    });
  });

  test("rows carry the artist (with the user id of their person page), price, rate and real sales totals as numbers", async () => {
    const artist = await h.makeUser({ artistName: "Sold Sound" });
    const { track } = await h.makeTrack(artist, {
      title: "Sold Twice",
      priceCents: 700,
      commissionBps: 2500,
    });
    const promoter = await h.makeUser();
    const link = await promoter.caller.promoter.getOrCreateLink({ trackId: track.id });
    await h.sellThroughLink(link, track);
    await h.sellThroughLink(link, track);
    const profile = await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } });

    const [row] = (await listTracksForAdmin({ query: "Sold Twice" }, h.db)).items;
    expect(row).toEqual({
      id: track.id,
      title: "Sold Twice",
      slug: track.slug,
      createdAt: expect.any(Date),
      artist: { id: profile.id, name: "Sold Sound", slug: profile.slug, userId: artist.id },
      priceCents: 700,
      minPriceCents: null,
      currency: "usd",
      commissionBps: 2500,
      affiliateEnabled: true,
      state: "PUBLISHED",
      publishedAt: expect.any(Date),
      takenDownAt: null,
      takedownReason: null,
      deletedAt: null,
      salesCount: 2,
      grossCents: 1400,
    });
  });

  test("sorts by most sales or most gross cents, ties broken by id; pages of 2 walk every track once in each order", async () => {
    const artist = await h.makeUser({ artistName: "Ranked Trio" });
    const promoter = await h.makeUser();
    const { track: cheap } = await h.makeTrack(artist, { title: "Ranked Cheap", priceCents: 500 });
    const { track: dear } = await h.makeTrack(artist, { title: "Ranked Dear", priceCents: 3000 });
    const { track: quiet1 } = await h.makeTrack(artist, { title: "Ranked Quiet One" });
    const { track: quiet2 } = await h.makeTrack(artist, { title: "Ranked Quiet Two" });
    const { track: quiet3 } = await h.makeTrack(artist, { title: "Ranked Quiet Three" });
    const cheapLink = await promoter.caller.promoter.getOrCreateLink({ trackId: cheap.id });
    const dearLink = await promoter.caller.promoter.getOrCreateLink({ trackId: dear.id });
    await h.sellThroughLink(cheapLink, cheap);
    await h.sellThroughLink(cheapLink, cheap);
    await h.sellThroughLink(dearLink, dear);
    // 2 sales and 1000 cents; 1 sale and 3000 cents; three without sales.
    const unsold = [quiet1.id, quiet2.id, quiet3.id].sort().reverse();

    const bySales = await walk({ query: "Ranked", sort: "sales", limit: 2 });
    expect(bySales).toEqual([cheap.id, dear.id, ...unsold]);
    const byGross = await walk({ query: "Ranked", sort: "gross", limit: 2 });
    expect(byGross).toEqual([dear.id, cheap.id, ...unsold]);
    const newest = await walk({ query: "Ranked", sort: "newest", limit: 2 });
    expect(newest).toEqual([quiet3.id, quiet2.id, quiet1.id, dear.id, cheap.id]);

    const firstPage = await listTracksForAdmin({ query: "Ranked", sort: "gross", limit: 2 }, h.db);
    expect(firstPage.items.map((t) => [t.salesCount, t.grossCents])).toEqual([
      [1, 3000],
      [2, 1000],
    ]);
    expect(firstPage.nextCursor).toBe(cheap.id);
  });

  test("an unknown cursor is an empty page, never rows of another list", async () => {
    expect(await listTracksForAdmin({ cursor: "no-such-track", limit: 5 }, h.db)).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  test("a row's id takes its track down and restores it through the admin procedures; the list follows", async () => {
    const artist = await h.makeUser({ artistName: "Listed Takedown" });
    const { track } = await h.makeTrack(artist, { title: "Takedown From The List" });
    const list = (state?: "PUBLISHED" | "DRAFT" | "TAKEN_DOWN") =>
      admin.caller.admin.tracks.list({ query: "takedown from the list", state });

    const [row] = (await list()).items;
    expect(row).toMatchObject({ id: track.id, state: "PUBLISHED" });
    await admin.caller.admin.tracks.takedown({ trackId: row!.id, reason: "Copyright claim" });
    expect((await list()).items).toMatchObject([
      { id: track.id, state: "TAKEN_DOWN", takedownReason: "Copyright claim" },
    ]);
    expect((await list("PUBLISHED")).items).toEqual([]);
    expect(ids((await list("TAKEN_DOWN")).items)).toEqual([track.id]);
    await expect(artist.caller.artist.publishTrack({ trackId: track.id })).rejects.toThrow(
      "was taken down by Fanfare: Copyright claim",
    );

    await admin.caller.admin.tracks.restore({ trackId: row!.id, reason: "Claim withdrawn" });
    // Restored, it waits unpublished until its artist publishes it again.
    expect((await list()).items).toMatchObject([
      { id: track.id, state: "DRAFT", takenDownAt: null, takedownReason: null },
    ]);
    await artist.caller.artist.publishTrack({ trackId: track.id });
    expect(ids((await list("PUBLISHED")).items)).toEqual([track.id]);
    const audit = await h.db.auditLog.findMany({
      where: { subjectId: track.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["track.takedown", "track.restore"]);
  });

  test("only admins list tracks", async () => {
    const artist = await h.makeUser({ artistName: "Not An Admin" });
    await expect(artist.caller.admin.tracks.list({})).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
