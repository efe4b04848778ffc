import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { AppError } from "../app-error";
import { publicTags, setPublicPageInvalidator } from "../cache/public-pages";
import { getStorage, ingestUpload, synthesizeArtwork } from "../media";
import { countPendingUploads } from "../media/upload-policy";
import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { getOwnPressKit, updatePressKit } from "./press-kit";
import { updateArtistProfile } from "./profile";
import { getPublicPressKit, listPressKits } from "./public-press-kit";

type User = Awaited<ReturnType<Harness["makeUser"]>>;

describe("press kit: the artist's photos and one-sheet for promoters (issue 14 §8)", () => {
  let h: Harness;
  let artist: User;
  let other: User;
  let fan: User;
  let png: Uint8Array;
  /** Tags the services invalidated since the last reset. */
  let invalidated: string[] = [];

  const image = (owner: { id: string }, kind: "IMAGE" | "ARTWORK" = "IMAGE") =>
    ingestUpload({
      db: h.db,
      storage: getStorage(),
      ownerId: owner.id,
      kind,
      filename: "press.png",
      bytes: png,
    });
  const urlOf = (upload: { storageKey: string }) =>
    `/api/images/${upload.storageKey.slice("images/".length)}`;
  const artistRow = (userId = artist.id) =>
    h.db.artistProfile.findUniqueOrThrow({ where: { userId } });

  beforeAll(async () => {
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Press Artist" });
    other = await h.makeUser({ artistName: "Other Press Artist" });
    fan = await h.makeUser();
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

  test("an artist's kit starts empty", async () => {
    const { id, slug } = await artistRow();
    expect(await getOwnPressKit({ userId: artist.id }, h.db)).toEqual({
      artistId: id,
      slug,
      photos: [],
      oneSheet: "",
    });
    expect(await getPublicPressKit({ artistId: id }, h.db)).toEqual({
      photoUrls: [],
      oneSheet: "",
    });
  });

  test("saves photos in the artist's order and the one-sheet, and reads them back", async () => {
    const [a, b, c] = [await image(artist), await image(artist), await image(artist)];
    const saved = await artist.caller.artist.updatePressKit({
      photoUploadIds: [b.id, a.id, c.id],
      oneSheet: "  # Press Artist\n\nFor fans of **synths**.\n  ",
    });
    expect(saved.photos).toEqual([
      { uploadId: b.id, url: urlOf(b) },
      { uploadId: a.id, url: urlOf(a) },
      { uploadId: c.id, url: urlOf(c) },
    ]);
    expect(saved.oneSheet).toBe("# Press Artist\n\nFor fans of **synths**.");
    expect(await artist.caller.artist.pressKit()).toEqual(saved);
    const row = await artistRow();
    expect(row.pressPhotoKeys).toEqual([b.storageKey, a.storageKey, c.storageKey]);

    // The public page gets URLs only (no upload ids), as plain JSON for the page cache.
    const pub = await getPublicPressKit({ artistId: row.id }, h.db);
    expect(pub).toEqual({
      photoUrls: [urlOf(b), urlOf(a), urlOf(c)],
      oneSheet: saved.oneSheet,
    });
    expect(JSON.parse(JSON.stringify(pub))).toEqual(pub);
    expect(await getPublicPressKit({ artistId: "no-such-artist" }, h.db)).toBeNull();
  });

  test("absent fields are kept; reordering, removing and an empty one-sheet are saved", async () => {
    const before = await getOwnPressKit({ userId: artist.id }, h.db);
    await updatePressKit({ userId: artist.id, data: { oneSheet: "Only the one-sheet" } }, h.db);
    const kept = await getOwnPressKit({ userId: artist.id }, h.db);
    expect(kept.photos).toEqual(before.photos);
    expect(kept.oneSheet).toBe("Only the one-sheet");

    const [first, second] = before.photos;
    const reordered = await updatePressKit(
      { userId: artist.id, data: { photoUploadIds: [second!.uploadId, first!.uploadId] } },
      h.db,
    );
    expect(reordered.photos).toEqual([second, first]);
    expect(reordered.oneSheet).toBe("Only the one-sheet");

    const emptied = await updatePressKit(
      { userId: artist.id, data: { photoUploadIds: [], oneSheet: "" } },
      h.db,
    );
    expect(emptied).toMatchObject({ photos: [], oneSheet: "" });
  });

  test("a save expires the artist's pages (artist page and press page) and the press-kit list", async () => {
    const { id } = await artistRow();
    await updatePressKit({ userId: artist.id, data: { oneSheet: "Tagged" } }, h.db);
    expect(invalidated).toEqual([publicTags.artist(id), publicTags.pressKits]);
  });

  test.each([
    ["7 photos (the kit holds at most 6)", "seven", /at most 6 photos/],
    ["the same photo twice", "twice", /listed twice/],
    ["a one-sheet of 10 001 characters", "long", /at most 10,000 characters/],
    ["a one-sheet with an escape character", "escape", /U\+001B/],
    ["photos that are not a list", "not-a-list", /must be a list of upload ids/],
  ] as const)("refuses %s and changes nothing", async (_what, kind, message) => {
    const ids = await Promise.all(Array.from({ length: 7 }, async () => (await image(artist)).id));
    const data = {
      seven: { photoUploadIds: ids },
      twice: { photoUploadIds: [ids[0]!, ids[0]!] },
      long: { oneSheet: "o".repeat(10_001) },
      escape: { oneSheet: "a\u001bb" },
      "not-a-list": { photoUploadIds: ids[0] as unknown as string[] },
    }[kind];
    const before = await artistRow();
    const e = await updatePressKit({ userId: artist.id, data }, h.db).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ZodError);
    expect((e as ZodError).issues.map((i) => i.message).join(" ")).toMatch(message);
    expect(await artistRow()).toEqual(before);
    expect(invalidated).toEqual([]);
  });

  test("a one-sheet of exactly 10 000 characters and 6 photos are accepted", async () => {
    const ids = await Promise.all(Array.from({ length: 6 }, async () => (await image(artist)).id));
    const saved = await updatePressKit(
      { userId: artist.id, data: { photoUploadIds: ids, oneSheet: "o".repeat(10_000) } },
      h.db,
    );
    expect(saved.photos.map((p) => p.uploadId)).toEqual(ids);
    expect(saved.oneSheet).toHaveLength(10_000);
  });

  test("the database refuses a seventh photo written around the service (CHECK)", async () => {
    const keys = Array.from({ length: 7 }, (_, i) => `images/${String(i).padStart(24, "0")}.png`);
    await expect(
      h.db.artistProfile.update({
        where: { userId: artist.id },
        data: { pressPhotoKeys: keys },
      }),
    ).rejects.toThrow(/ArtistProfile_press_kit_check/);
  });

  test("refuses another user's upload, an artwork upload and an unknown upload, naming the field", async () => {
    const theirs = await image(other);
    const artwork = await image(artist, "ARTWORK");
    const mine = await image(artist);
    const before = await artistRow();
    for (const [uploadId, message] of [
      [theirs.id, `Upload ${theirs.id} was not found among your uploads`],
      ["no-such-upload", "Upload no-such-upload was not found among your uploads"],
      [artwork.id, `Upload ${artwork.id} is artwork, not a picture`],
    ] as const) {
      const e = await updatePressKit(
        { userId: artist.id, data: { photoUploadIds: [mine.id, uploadId], oneSheet: "x" } },
        h.db,
      ).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: "BAD_INPUT", field: "photoUploadIds" });
      expect((e as AppError).message).toContain(message);
    }
    // Nothing written, not even the one-sheet sent with the refused photo.
    expect(await artistRow()).toEqual(before);
    expect(invalidated).toEqual([]);
    const wire = await artist.caller.artist
      .updatePressKit({ photoUploadIds: [theirs.id] })
      .catch((err: unknown) => err as TRPCError);
    expect(wire).toBeInstanceOf(TRPCError);
    expect((wire as TRPCError).code).toBe("BAD_REQUEST");
  });

  test("a user without an artist profile has no press kit to read or edit", async () => {
    const pic = await image(fan);
    for (const e of [
      await getOwnPressKit({ userId: fan.id }, h.db).catch((err: unknown) => err),
      await updatePressKit({ userId: fan.id, data: { photoUploadIds: [pic.id] } }, h.db).catch(
        (err: unknown) => err,
      ),
    ]) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("FORBIDDEN");
    }
    await expect(fan.caller.artist.pressKit()).rejects.toThrow(/Create your artist profile first/);
    await expect(fan.caller.artist.updatePressKit({ oneSheet: "Hijack" })).rejects.toThrow(
      TRPCError,
    );
    const anon = await h.callerFor(null);
    await expect(anon.artist.pressKit()).rejects.toThrow(TRPCError);
  });

  test("only one's own kit: an id in the input is dropped, the caller's own kit is edited", async () => {
    const otherBefore = await artistRow(other.id);
    await artist.caller.artist.updatePressKit({
      oneSheet: "Mine",
      ...({ artistId: otherBefore.id, userId: other.id } as object),
    });
    expect(await artistRow(other.id)).toEqual(otherBefore);
    expect((await artistRow()).oneSheet).toBe("Mine");
  });

  test("the resource center lists artists with a photo or a one-sheet, by name", async () => {
    const quiet = await h.makeUser({ artistName: "Aaa No Kit Yet" });
    const photoOnly = await h.makeUser({ artistName: "Aab Photo Only" });
    const pic = await image(photoOnly);
    await updatePressKit({ userId: photoOnly.id, data: { photoUploadIds: [pic.id] } }, h.db);
    await updatePressKit({ userId: artist.id, data: { photoUploadIds: [], oneSheet: "Hi" } }, h.db);

    const list = await listPressKits(h.db);
    const [quietSlug, photoOnlySlug, artistSlug] = await Promise.all(
      [quiet, photoOnly, artist].map(async (u) => (await artistRow(u.id)).slug),
    );
    expect(list.map((k) => k.slug)).not.toContain(quietSlug);
    expect(list.find((k) => k.slug === photoOnlySlug)).toEqual({
      slug: photoOnlySlug,
      name: "Aab Photo Only",
      imageUrl: urlOf(pic),
      photoCount: 1,
      hasOneSheet: false,
    });
    expect(list.find((k) => k.slug === artistSlug)).toMatchObject({
      name: "Press Artist",
      photoCount: 0,
      hasOneSheet: true,
    });
    const names = list.map((k) => k.name);
    expect(names).toEqual([...names].sort((x, y) => x.localeCompare(y, "en")));

    // Emptied again: off the list.
    await updatePressKit({ userId: photoOnly.id, data: { photoUploadIds: [] } }, h.db);
    expect((await listPressKits(h.db)).map((k) => k.slug)).not.toContain(photoOnlySlug);
  });

  test("a new artist name or picture expires the press-kit list; a new bio does not", async () => {
    invalidated = [];
    await updateArtistProfile({ userId: artist.id, data: { bio: "New bio" } }, h.db);
    expect(invalidated).not.toContain(publicTags.pressKits);
    invalidated = [];
    await updateArtistProfile({ userId: artist.id, data: { name: "Press Artist Renamed" } }, h.db);
    expect(invalidated).toContain(publicTags.pressKits);
    invalidated = [];
    const pic = await image(artist);
    await updateArtistProfile({ userId: artist.id, data: { imageUploadId: pic.id } }, h.db);
    expect(invalidated).toContain(publicTags.pressKits);
  });

  test("press photos in the kit do not count against the pending-upload quota", async () => {
    const a = await h.makeUser({ artistName: "Quota Press Artist" });
    const [p1, p2] = [await image(a), await image(a)];
    expect(await countPendingUploads(a.id, h.db)).toBe(2);
    await updatePressKit({ userId: a.id, data: { photoUploadIds: [p1.id, p2.id] } }, h.db);
    expect(await countPendingUploads(a.id, h.db)).toBe(0);
    await updatePressKit({ userId: a.id, data: { photoUploadIds: [p2.id] } }, h.db);
    expect(await countPendingUploads(a.id, h.db)).toBe(1);
  });
});
