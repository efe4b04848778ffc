import { afterAll, beforeAll, describe, expect, test } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { discoverTracks } from "./discover";

/**
 * Discover's orders and keyset paging: every order lists each published track exactly once
 * across pages, in the order it names, with ties broken by id; search and genre filters apply
 * to every order; a search's % and _ are literal characters.
 */
describe("discoverTracks: orders, paging and filters", () => {
  let h: Harness;
  const titles: Record<string, string> = {};

  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: "Sorting Artist" });
    const make = async (
      title: string,
      o: { priceCents: number; minPriceCents?: number; commissionBps: number; sales: number },
    ) => {
      const { track } = await h.makeTrack(artist, { title, ...o });
      // Popularity comes from settlement's denormalised count; set it directly here.
      await h.db.track.update({ where: { id: track.id }, data: { salesCount: o.sales } });
      titles[track.id] = title;
    };
    await make("Alpha 100% real", { priceCents: 900, commissionBps: 1500, sales: 5 });
    await make("Bravo", { priceCents: 500, commissionBps: 3000, sales: 5 });
    await make("Charlie", { priceCents: 1200, minPriceCents: 300, commissionBps: 2000, sales: 9 });
    await make("Delta", { priceCents: 700, commissionBps: 3000, sales: 0 });
    await make("Echo", { priceCents: 500, commissionBps: 1000, sales: 1 });
    const { track: off } = await h.makeTrack(artist, {
      title: "Foxtrot",
      priceCents: 100,
      commissionBps: 5000,
    });
    await h.db.track.update({ where: { id: off.id }, data: { affiliateEnabled: false } });
    titles[off.id] = "Foxtrot";
    const { track: draft } = await h.makeTrack(artist, { title: "Unlisted draft" });
    await artist.caller.artist.unpublishTrack({ trackId: draft.id });
  });
  afterAll(async () => {
    await h.close();
  });

  /** Every page of one order, two tracks at a time, as titles. */
  const walk = async (sort: "new" | "popular" | "price" | "commission", query?: string) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const r: Awaited<ReturnType<typeof discoverTracks>> = await discoverTracks(
        { sort, query, cursor, limit: 2 },
        h.db,
      );
      seen.push(...r.items.map((t) => t.title));
      if (!r.nextCursor) return seen;
      cursor = r.nextCursor;
    }
    throw new Error("paging did not end");
  };
  /** Two titles in id order, in the direction an order breaks its ties. */
  const tie = (a: string, b: string, dir: "asc" | "desc") => {
    const id = (t: string) => Object.keys(titles).find((k) => titles[k] === t)!;
    const asc = id(a) < id(b) ? [a, b] : [b, a];
    return dir === "asc" ? asc : asc.reverse();
  };

  test("popular: most sales first, ties by id; the unpublished draft never shows", async () => {
    expect(await walk("popular")).toEqual([
      "Charlie",
      ...tie("Alpha 100% real", "Bravo", "desc"),
      "Echo",
      ...tie("Delta", "Foxtrot", "desc"),
    ]);
  });

  test("price: the lowest price a buyer can pay first (a pay-what-you-want track's minimum)", async () => {
    expect(await walk("price")).toEqual([
      "Foxtrot",
      "Charlie",
      ...tie("Bravo", "Echo", "asc"),
      "Delta",
      "Alpha 100% real",
    ]);
  });

  test("commission: highest rate first; a track without affiliates counts as no commission", async () => {
    expect(await walk("commission")).toEqual([
      ...tie("Bravo", "Delta", "desc"),
      "Charlie",
      "Alpha 100% real",
      "Echo",
      "Foxtrot",
    ]);
  });

  test("new: latest published first, and every order lists the same six tracks once", async () => {
    const all = await walk("new");
    expect(all).toHaveLength(6);
    expect(new Set(all).size).toBe(6);
    for (const sort of ["popular", "price", "commission"] as const)
      expect((await walk(sort)).sort()).toEqual([...all].sort());
  });

  test("a search filters every order, and its % is a literal character", async () => {
    expect(await walk("price", "100%")).toEqual(["Alpha 100% real"]);
    expect(await walk("popular", "a%")).toEqual([]);
    // "e" is in four titles and not in the artist's name (a search also matches artist names).
    expect(await walk("commission", "e")).toEqual(["Delta", "Charlie", "Alpha 100% real", "Echo"]);
  });

  test("an unknown cursor gives an empty page", async () => {
    expect(
      await discoverTracks({ sort: "popular", cursor: "no-such-track", limit: 5 }, h.db),
    ).toEqual({ items: [], nextCursor: null });
  });
});
