import { randomBytes } from "node:crypto";

import { TRPCError } from "@trpc/server";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { AppError } from "../app-error";
import { publicTags, setPublicPageInvalidator } from "../cache/public-pages";
import { getStorage, ingestUpload, synthesizeArtwork } from "../media";
import type { Harness } from "../../test/harness";
import { releaseArtworkUrl } from "./products";
import { setupHarness } from "../../test/harness";
import {
  createRelease,
  deleteRelease,
  getArtistRelease,
  listArtistReleases,
  publishRelease,
  unpublishRelease,
  updateRelease,
} from "./releases";

type User = Awaited<ReturnType<Harness["makeUser"]>>;
type Track = Awaited<ReturnType<Harness["makeTrack"]>>["track"];

/** The rejection of `p` (it must reject). */
async function rejection(p: Promise<unknown>): Promise<Error> {
  return p.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e: unknown) => e as Error,
  );
}

/** A UTC day `days` from today, "YYYY-MM-DD". */
const dayFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("releases: the artist groups, prices and publishes their tracks (issue 16 §1)", () => {
  let h: Harness;
  let artist: User;
  let other: User;
  let ref: { artistId: string; userId: string };
  let otherRef: { artistId: string; userId: string };
  /** The artist's published tracks ($10, $8, $6) and another artist's. */
  let t1: Track;
  let t2: Track;
  let t3: Track;
  let otherTrack: Track;
  let png: Uint8Array;
  /** Tags the services invalidated since the last reset. */
  let invalidated: string[] = [];

  const artwork = (owner: { id: string }, kind: "ARTWORK" | "IMAGE" = "ARTWORK") =>
    ingestUpload({
      db: h.db,
      storage: getStorage(),
      ownerId: owner.id,
      kind,
      filename: "cover.png",
      bytes: png,
    });
  const base = () => ({
    title: "Night Drives",
    kind: "ep" as const,
    priceCents: 1500,
    commissionBps: 2500,
    trackIds: [t2.id, t1.id, t3.id],
  });
  /** A pre-order sale of `releaseId` inserted as checkout would leave it. */
  const preorderSale = (
    releaseId: string,
    deliverAt: string,
    status: "PENDING" | "COMPLETED" | "FAILED" | "REFUNDED" = "COMPLETED",
  ) =>
    h.db.sale.create({
      data: {
        productKind: "release",
        releaseId,
        artistId: ref.artistId,
        deliverAt: new Date(`${deliverAt}T00:00:00.000Z`),
        buyerEmail: `fan-${randomBytes(4).toString("hex")}@example.com`,
        amountCents: 1500,
        currency: "usd",
        platformFeeCents: 150,
        artistCents: 975,
        commissionCents: 375,
        commissionBps: 2500,
        status,
        downloadTokenHash: randomBytes(32).toString("hex"),
      },
    });

  beforeAll(async () => {
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Release Artist" });
    other = await h.makeUser({ artistName: "Other Release Artist" });
    const profile = (userId: string) => h.db.artistProfile.findUniqueOrThrow({ where: { userId } });
    ref = { artistId: (await profile(artist.id)).id, userId: artist.id };
    otherRef = { artistId: (await profile(other.id)).id, userId: other.id };
    t1 = (await h.makeTrack(artist, { title: "Opening", priceCents: 1000 })).track;
    t2 = (await h.makeTrack(artist, { title: "Middle", priceCents: 800 })).track;
    t3 = (await h.makeTrack(artist, { title: "Closing", priceCents: 600, minPriceCents: 100 }))
      .track;
    otherTrack = (await h.makeTrack(other, { title: "Not Yours" })).track;
    png = await synthesizeArtwork({ sizePx: 64 });
    setPublicPageInvalidator((tags) => invalidated.push(...tags));
  });
  afterEach(() => {
    invalidated = [];
  });
  afterAll(async () => {
    setPublicPageInvalidator(null);
    await h.close();
  });

  test("creates an unpublished release of the artist's tracks in the given order", async () => {
    const cover = await artwork(artist);
    const r = await createRelease(
      {
        artist: ref,
        data: {
          ...base(),
          description: "  Three songs for the road.\n",
          artworkUploadId: cover.id,
          minPriceCents: 900,
        },
      },
      h.db,
    );
    expect(r).toMatchObject({
      title: "Night Drives",
      slug: "night-drives",
      kind: "ep",
      description: "Three songs for the road.",
      priceCents: 1500,
      minPriceCents: 900,
      commissionBps: 2500,
      affiliateEnabled: true,
      releaseDate: null,
      preorder: false,
      published: false,
      publishedAt: null,
      artworkUrl: releaseArtworkUrl({ id: r.id, artworkKey: cover.storageKey }),
      trackCount: 3,
      durationSeconds: 9,
      tracksPriceCents: 2400,
      salesCount: 0,
      grossCents: 0,
      publishProblems: [],
      preorderDeadline: null,
      upcoming: false,
    });
    expect(r.tracks.map((t) => [t.position, t.id, t.title, t.priceCents])).toEqual([
      [1, t2.id, "Middle", 800],
      [2, t1.id, "Opening", 1000],
      [3, t3.id, "Closing", 600],
    ]);
    // Stored as such: positions 1…n, the artwork's storage key, never exposed.
    const rows = await h.db.releaseTrack.findMany({
      where: { releaseId: r.id },
      orderBy: { position: "asc" },
    });
    expect(rows.map((x) => [x.position, x.trackId])).toEqual([
      [1, t2.id],
      [2, t1.id],
      [3, t3.id],
    ]);
    expect((await h.db.release.findUniqueOrThrow({ where: { id: r.id } })).artworkKey).toBe(
      cover.storageKey,
    );
    expect(JSON.stringify(r)).not.toContain(cover.storageKey);
    expect(invalidated.sort()).toEqual(
      [
        publicTags.releaseSlug("night-drives"),
        publicTags.release(r.id),
        publicTags.artist(ref.artistId),
      ].sort(),
    );
    expect(publicTags.release(r.id)).toBe(`release:${r.id}`);
    expect(publicTags.releaseSlug("night-drives")).toBe("release-slug:night-drives");
  });

  test("a taken slug gets a suffix; a title without letters or digits becomes 'release'", async () => {
    const again = await createRelease({ artist: ref, data: base() }, h.db);
    expect(again.slug).toMatch(/^night-drives-[a-z2-9]{6}$/);
    const symbols = await createRelease({ artist: ref, data: { ...base(), title: "!!!" } }, h.db);
    expect(symbols.slug).toMatch(/^release(-[a-z2-9]{6})?$/);
    expect(symbols.title).toBe("!!!");
  });

  test("another artist's track, a deleted track or an unknown id is refused on trackIds and nothing is written", async () => {
    const before = await h.db.release.count();
    const deleted = (await h.makeTrack(artist, { title: "Gone" })).track;
    await artist.caller.artist.deleteTrack({ trackId: deleted.id });
    for (const id of [otherTrack.id, deleted.id, "no-such-track"]) {
      const e = await rejection(
        createRelease({ artist: ref, data: { ...base(), trackIds: [t1.id, id] } }, h.db),
      );
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({
        code: "BAD_INPUT",
        field: "trackIds",
        message: `Track ${id} was not found among your tracks.`,
      });
    }
    expect(await h.db.release.count()).toBe(before);
    // Through the router: a 400 with the same words.
    const e = await rejection(
      artist.caller.artist.createRelease({ ...base(), trackIds: [otherTrack.id] }),
    );
    expect(e).toBeInstanceOf(TRPCError);
    expect((e as TRPCError).code).toBe("BAD_REQUEST");
    expect(e.message).toBe(`Track ${otherTrack.id} was not found among your tracks.`);
  });

  test("the artwork must be the artist's own ARTWORK upload", async () => {
    const othersCover = await artwork(other);
    const picture = await artwork(artist, "IMAGE");
    const notMine = await rejection(
      createRelease({ artist: ref, data: { ...base(), artworkUploadId: othersCover.id } }, h.db),
    );
    expect(notMine).toMatchObject({
      code: "BAD_INPUT",
      field: "artworkUploadId",
      message: `Upload ${othersCover.id} was not found among your uploads.`,
    });
    const wrongKind = await rejection(
      createRelease({ artist: ref, data: { ...base(), artworkUploadId: picture.id } }, h.db),
    );
    expect(wrongKind).toMatchObject({
      code: "BAD_INPUT",
      field: "artworkUploadId",
      message: `Upload ${picture.id} is image, not artwork.`,
    });
  });

  test("update replaces the ordered track list in one go and keeps what it is not given", async () => {
    const r = await createRelease({ artist: ref, data: base() }, h.db);
    invalidated = [];
    const u = await updateRelease(
      { artist: ref, data: { releaseId: r.id, trackIds: [t3.id, t2.id] } },
      h.db,
    );
    expect(u.tracks.map((t) => [t.position, t.id])).toEqual([
      [1, t3.id],
      [2, t2.id],
    ]);
    expect(u).toMatchObject({
      title: "Night Drives",
      kind: "ep",
      priceCents: 1500,
      commissionBps: 2500,
      trackCount: 2,
      tracksPriceCents: 1400,
    });
    expect(invalidated.sort()).toEqual(
      [publicTags.release(r.id), publicTags.artist(ref.artistId), publicTags.discover].sort(),
    );

    // Reversed and grown again; the other fields change alongside.
    const v = await updateRelease(
      {
        artist: ref,
        data: {
          releaseId: r.id,
          trackIds: [t1.id, t2.id, t3.id],
          title: "Night Drives (Deluxe)",
          kind: "album",
          minPriceCents: 700,
          affiliateEnabled: false,
        },
      },
      h.db,
    );
    expect(v.tracks.map((t) => t.id)).toEqual([t1.id, t2.id, t3.id]);
    expect(v).toMatchObject({
      title: "Night Drives (Deluxe)",
      slug: r.slug,
      kind: "album",
      minPriceCents: 700,
      affiliateEnabled: false,
    });

    // A refused change writes nothing: the track list stays as it was.
    const e = await rejection(
      updateRelease(
        { artist: ref, data: { releaseId: r.id, trackIds: [t2.id, otherTrack.id] } },
        h.db,
      ),
    );
    expect(e).toMatchObject({ code: "BAD_INPUT", field: "trackIds" });
    const minAbove = await rejection(
      updateRelease({ artist: ref, data: { releaseId: r.id, priceCents: 600 } }, h.db),
    );
    expect(minAbove).toMatchObject({
      code: "BAD_INPUT",
      field: "minPriceCents",
      message: "Minimum price cannot be above the suggested price.",
    });
    expect(
      (await getArtistRelease({ artistId: ref.artistId, releaseId: r.id }, h.db)).tracks.map(
        (t) => t.id,
      ),
    ).toEqual([t1.id, t2.id, t3.id]);

    // Artwork: set, then removed with null.
    const cover = await artwork(artist);
    const withArt = await updateRelease(
      { artist: ref, data: { releaseId: r.id, artworkUploadId: cover.id } },
      h.db,
    );
    expect(withArt.artworkUrl).toBe(releaseArtworkUrl({ id: r.id, artworkKey: cover.storageKey }));
    expect(withArt.artworkUrl).toContain(r.id);
    const noArt = await updateRelease(
      { artist: ref, data: { releaseId: r.id, artworkUploadId: null } },
      h.db,
    );
    expect(noArt.artworkUrl).toBeNull();
  });

  test("publish needs every track published and the release not taken down", async () => {
    const draft = (await h.makeTrack(artist, { title: "Demo Take" })).track;
    await artist.caller.artist.unpublishTrack({ trackId: draft.id });
    const r = await createRelease(
      { artist: ref, data: { ...base(), trackIds: [t1.id, draft.id] } },
      h.db,
    );
    expect(r.publishProblems).toEqual(["“Demo Take” is not published."]);
    expect(r.tracks[1]).toMatchObject({
      id: draft.id,
      published: false,
      problem: "“Demo Take” is not published",
    });

    const refused = await rejection(
      publishRelease({ artistId: ref.artistId, releaseId: r.id }, h.db),
    );
    expect(refused).toMatchObject({ code: "BAD_INPUT" });
    expect(refused.message).toBe(
      `Release ${r.id} cannot be published yet: “Demo Take” is not published.`,
    );
    expect((await h.db.release.findUniqueOrThrow({ where: { id: r.id } })).published).toBe(false);

    await artist.caller.artist.publishTrack({ trackId: draft.id });
    invalidated = [];
    const published = await publishRelease({ artistId: ref.artistId, releaseId: r.id }, h.db);
    expect(published).toMatchObject({ published: true, publishProblems: [] });
    expect(published.publishedAt).toBeInstanceOf(Date);
    expect(invalidated.sort()).toEqual(
      [publicTags.release(r.id), publicTags.artist(ref.artistId), publicTags.discover].sort(),
    );

    // A published release lists only published tracks.
    await artist.caller.artist.unpublishTrack({ trackId: draft.id });
    const addDraft = await rejection(
      updateRelease({ artist: ref, data: { releaseId: r.id, trackIds: [draft.id] } }, h.db),
    );
    expect(addDraft).toMatchObject({ code: "BAD_INPUT", field: "trackIds" });
    expect(addDraft.message).toBe(
      "“Demo Take” is not published: a published release sells only published tracks. Publish the track first, or unpublish the release.",
    );

    // Unpublish keeps the first publication time; publishing again needs the draft published.
    const first = published.publishedAt;
    const unpublished = await unpublishRelease({ artistId: ref.artistId, releaseId: r.id }, h.db);
    expect(unpublished).toMatchObject({ published: false, publishedAt: first });
    expect(
      (await rejection(publishRelease({ artistId: ref.artistId, releaseId: r.id }, h.db))).message,
    ).toMatch(/“Demo Take” is not published/);

    // A deleted track and a taken-down track are named too.
    const gone = (await h.makeTrack(artist, { title: "Deleted Later" })).track;
    const down = (await h.makeTrack(artist, { title: "Taken Later" })).track;
    await updateRelease(
      { artist: ref, data: { releaseId: r.id, trackIds: [t1.id, gone.id, down.id] } },
      h.db,
    );
    await artist.caller.artist.deleteTrack({ trackId: gone.id });
    await h.db.track.update({
      where: { id: down.id },
      data: { published: false, takenDownAt: new Date(), takedownReason: "Copyright claim" },
    });
    const listed = (await listArtistReleases({ artistId: ref.artistId }, h.db)).find(
      (x) => x.id === r.id,
    )!;
    expect(listed.publishProblems).toEqual([
      "“Deleted Later” is deleted.",
      "“Taken Later” was taken down by Fanfare.",
    ]);
    expect(listed.tracks.map((t) => [t.deleted, t.takenDown])).toEqual([
      [false, false],
      [true, false],
      [false, true],
    ]);
    await updateRelease({ artist: ref, data: { releaseId: r.id, trackIds: [t1.id] } }, h.db);

    // Taken down by an admin: FORBIDDEN with the reason, until restored.
    await h.db.release.update({
      where: { id: r.id },
      data: { published: false, takenDownAt: new Date(), takedownReason: "Misleading artwork" },
    });
    const forbidden = await rejection(artist.caller.artist.publishRelease({ releaseId: r.id }));
    expect((forbidden as TRPCError).code).toBe("FORBIDDEN");
    expect(forbidden.message).toBe(
      `Release ${r.id} was taken down by Fanfare: Misleading artwork. Contact support to have it restored.`,
    );
  });

  test("delete is soft: the release leaves the list, its sales stay, and it is gone for every call", async () => {
    const r = await createRelease({ artist: ref, data: base() }, h.db);
    const sale = await preorderSale(r.id, dayFromNow(-3));
    invalidated = [];
    expect(await deleteRelease({ artistId: ref.artistId, releaseId: r.id }, h.db)).toEqual({
      id: r.id,
      slug: r.slug,
      title: r.title,
    });
    expect(invalidated.sort()).toEqual(
      [publicTags.release(r.id), publicTags.artist(ref.artistId), publicTags.discover].sort(),
    );
    const row = await h.db.release.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.deletedAt).toBeInstanceOf(Date);
    expect(row.published).toBe(false);
    expect(await h.db.releaseTrack.count({ where: { releaseId: r.id } })).toBe(3);
    expect(await h.db.sale.findUnique({ where: { id: sale.id } })).not.toBeNull();
    expect(
      (await listArtistReleases({ artistId: ref.artistId }, h.db)).map((x) => x.id),
    ).not.toContain(r.id);
    for (const call of [
      () => getArtistRelease({ artistId: ref.artistId, releaseId: r.id }, h.db),
      () => updateRelease({ artist: ref, data: { releaseId: r.id, title: "Back" } }, h.db),
      () => publishRelease({ artistId: ref.artistId, releaseId: r.id }, h.db),
      () => unpublishRelease({ artistId: ref.artistId, releaseId: r.id }, h.db),
      () => deleteRelease({ artistId: ref.artistId, releaseId: r.id }, h.db),
    ])
      expect(await rejection(call())).toMatchObject({
        code: "NOT_FOUND",
        message: `Release ${r.id} was not found among your releases.`,
      });
  });

  test("another artist's release is NOT_FOUND for every procedure and stays untouched", async () => {
    const theirs = await createRelease(
      { artist: otherRef, data: { ...base(), title: "Theirs", trackIds: [otherTrack.id] } },
      h.db,
    );
    const before = await h.db.release.findUniqueOrThrow({ where: { id: theirs.id } });
    const c = artist.caller.artist;
    for (const call of [
      () => c.release({ releaseId: theirs.id }),
      () => c.updateRelease({ releaseId: theirs.id, title: "Hijacked" }),
      () => c.publishRelease({ releaseId: theirs.id }),
      () => c.unpublishRelease({ releaseId: theirs.id }),
      () => c.deleteRelease({ releaseId: theirs.id }),
    ]) {
      const e = await rejection(call());
      expect((e as TRPCError).code).toBe("NOT_FOUND");
      expect(e.message).toBe(`Release ${theirs.id} was not found among your releases.`);
    }
    expect(await h.db.release.findUniqueOrThrow({ where: { id: theirs.id } })).toEqual(before);
    expect((await c.releases()).map((x) => x.id)).not.toContain(theirs.id);
  });

  test("once pre-orders are sold the release date cannot move later; earlier is fine", async () => {
    const promised = dayFromNow(30);
    const r = await createRelease(
      { artist: ref, data: { ...base(), releaseDate: promised, preorder: true } },
      h.db,
    );
    expect(r).toMatchObject({ releaseDate: promised, preorder: true, upcoming: true });
    // No sale yet: the date moves freely.
    const later = dayFromNow(40);
    expect(
      (await updateRelease({ artist: ref, data: { releaseId: r.id, releaseDate: later } }, h.db))
        .releaseDate,
    ).toBe(later);
    // Failed and refunded pre-orders promise nothing.
    await preorderSale(r.id, later, "FAILED");
    await preorderSale(r.id, later, "REFUNDED");
    expect(
      (await updateRelease({ artist: ref, data: { releaseId: r.id, releaseDate: promised } }, h.db))
        .preorderDeadline,
    ).toBeNull();

    // A paid pre-order for `promised` (and a checkout in progress for it).
    await preorderSale(r.id, promised, "COMPLETED");
    await preorderSale(r.id, promised, "PENDING");
    expect(
      (await getArtistRelease({ artistId: ref.artistId, releaseId: r.id }, h.db)).preorderDeadline,
    ).toBe(promised);
    const moved = await rejection(
      updateRelease(
        { artist: ref, data: { releaseId: r.id, releaseDate: dayFromNow(31), title: "Changed" } },
        h.db,
      ),
    );
    expect(moved).toMatchObject({ code: "BAD_INPUT", field: "releaseDate" });
    expect(moved.message).toBe(
      `Pre-orders were sold for delivery on ${promised}: buyers were promised that date, so the release date cannot move later (an earlier date is fine).`,
    );
    // Through the router: a 400 with the reason; nothing changed.
    const wire = await rejection(
      artist.caller.artist.updateRelease({ releaseId: r.id, releaseDate: dayFromNow(60) }),
    );
    expect((wire as TRPCError).code).toBe("BAD_REQUEST");
    expect(wire.message).toMatch(/buyers were promised that date/);
    expect(await getArtistRelease({ artistId: ref.artistId, releaseId: r.id }, h.db)).toMatchObject(
      {
        releaseDate: promised,
        title: "Night Drives",
      },
    );

    // The same day and an earlier one are fine; a buyer after the move is promised the new day,
    // so the date cannot go back to the old one.
    await updateRelease({ artist: ref, data: { releaseId: r.id, releaseDate: promised } }, h.db);
    const earlier = dayFromNow(10);
    await updateRelease({ artist: ref, data: { releaseId: r.id, releaseDate: earlier } }, h.db);
    await preorderSale(r.id, earlier, "COMPLETED");
    expect(
      await rejection(
        updateRelease({ artist: ref, data: { releaseId: r.id, releaseDate: promised } }, h.db),
      ),
    ).toMatchObject({ code: "BAD_INPUT", field: "releaseDate" });

    // A pre-order needs a date: removing it while pre-orders are on is refused...
    expect(
      await rejection(
        updateRelease({ artist: ref, data: { releaseId: r.id, releaseDate: null } }, h.db),
      ),
    ).toMatchObject({
      code: "BAD_INPUT",
      field: "releaseDate",
      message: "A pre-order needs a release date: downloads open on that day.",
    });
    // ...and with pre-orders off, removing it (out now) is earlier, so allowed.
    expect(
      await updateRelease(
        { artist: ref, data: { releaseId: r.id, releaseDate: null, preorder: false } },
        h.db,
      ),
    ).toMatchObject({ releaseDate: null, preorder: false, upcoming: false });
  });

  test("a release date in the past with pre-order on is accepted: it is simply out", async () => {
    const r = await createRelease(
      { artist: ref, data: { ...base(), releaseDate: "2020-05-01", preorder: true } },
      h.db,
    );
    expect(r).toMatchObject({ releaseDate: "2020-05-01", preorder: true, upcoming: false });
    expect((await h.db.release.findUniqueOrThrow({ where: { id: r.id } })).releaseDate).toEqual(
      new Date("2020-05-01T00:00:00.000Z"),
    );
  });

  test("the list: newest first, the artist's own only, with counts and totals", async () => {
    const fresh = await createRelease(
      { artist: ref, data: { ...base(), title: "Newest", trackIds: [t1.id] } },
      h.db,
    );
    await h.db.release.update({
      where: { id: fresh.id },
      data: {
        salesCount: 2,
        grossCents: 3000n,
        artistCents: 1950n,
        commissionsCents: 750n,
        clickCount: 9,
      },
    });
    const list = await artist.caller.artist.releases();
    expect(list[0]).toMatchObject({
      id: fresh.id,
      title: "Newest",
      trackCount: 1,
      tracksPriceCents: 1000,
      salesCount: 2,
      clickCount: 9,
      grossCents: 3000,
      artistCents: 1950,
      commissionsCents: 750,
    });
    expect(typeof list[0]!.grossCents).toBe("number");
    const created = list.map((x) => x.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    expect(list.every((x) => x.artistId === ref.artistId)).toBe(true);
    expect(
      (await other.caller.artist.releases()).every((x) => x.artistId === otherRef.artistId),
    ).toBe(true);
  });

  test("procedures refuse bad input with readable 400s", async () => {
    const c = artist.caller.artist;
    const cases: [Promise<unknown>, RegExp][] = [
      [c.createRelease({ ...base(), trackIds: [] }), /Choose at least one track/],
      [c.createRelease({ ...base(), trackIds: [t1.id, t1.id] }), /is listed twice/],
      [c.createRelease({ ...base(), priceCents: 49 }), /Price must be at least 50 cents/],
      [
        c.createRelease({ ...base(), kind: "lp" as never }),
        /Kind must be "album", "ep" or "single"/,
      ],
      [
        c.createRelease({ ...base(), releaseDate: "2027-02-30" }),
        /Release date must be a real day/,
      ],
      [c.createRelease({ ...base(), preorder: true }), /A pre-order needs a release date/],
      [c.updateRelease({ releaseId: "" }), /Release id is required/],
      [c.publishRelease({ releaseId: "x".repeat(65) }), /Release id is too long/],
    ];
    for (const [call, message] of cases) {
      const e = await rejection(call);
      expect((e as TRPCError).code, e.message).toBe("BAD_REQUEST");
      expect(e.message).toMatch(message);
    }
  });
});
