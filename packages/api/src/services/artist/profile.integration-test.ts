import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { AppError } from "../app-error";
import { publicTags, setPublicPageInvalidator } from "../cache/public-pages";
import { takedownTrack } from "../admin/moderation";
import { getStorage, ingestUpload, synthesizeArtwork, synthesizeTone } from "../media";
import { claimImageUpload, publicImageUrl } from "../media/images";
import { countPendingUploads } from "../media/upload-policy";
import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { getOwnArtistProfile, updateArtistProfile } from "./profile";
import { artistIdBySlug, getArtistPageContent } from "./public-page";

type User = Awaited<ReturnType<Harness["makeUser"]>>;

describe("artist profile: editing one's own artist page", () => {
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
      filename: "picture.png",
      bytes: png,
    });

  const artistRow = () => h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } });

  beforeAll(async () => {
    h = await setupHarness();
    artist = await h.makeUser({ artistName: "Profile Artist" });
    other = await h.makeUser({ artistName: "Someone Else" });
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

  test("saves name, bio with its line breaks, links and picture, and shows them on the page", async () => {
    const upload = await image(artist);
    const saved = await updateArtistProfile(
      {
        userId: artist.id,
        data: {
          name: "  Profile Artist  ",
          bio: "First line\nSecond line",
          links: [
            { label: "Website", url: "https://example.com" },
            { label: "Shop", url: "https://example.com/shop" },
          ],
          imageUploadId: upload.id,
        },
      },
      h.db,
    );
    expect(saved).toMatchObject({
      name: "Profile Artist",
      bio: "First line\nSecond line",
      links: [
        { label: "Website", url: "https://example.com" },
        { label: "Shop", url: "https://example.com/shop" },
      ],
      imageUrl: `/api/images/${upload.storageKey.slice("images/".length)}`,
    });
    expect((await artistRow()).imageKey).toBe(upload.storageKey);
    expect(await getOwnArtistProfile({ userId: artist.id }, h.db)).toEqual(saved);

    const id = await artistIdBySlug({ slug: saved.slug }, h.db);
    expect(id).toBe(saved.id);
    const page = await getArtistPageContent({ artistId: saved.id }, h.db);
    expect(page).toMatchObject({
      status: "found",
      artist: { name: "Profile Artist", bio: "First line\nSecond line", imageUrl: saved.imageUrl },
    });
    // The cached page is plain JSON: what is stored is what a second visitor gets.
    expect(JSON.parse(JSON.stringify(page))).toEqual(page);
  });

  test("absent fields are kept; a null picture removes it (initials)", async () => {
    const before = await artistRow();
    await updateArtistProfile({ userId: artist.id, data: { bio: "Only the bio" } }, h.db);
    const kept = await artistRow();
    expect(kept).toMatchObject({
      name: before.name,
      links: before.links,
      imageKey: before.imageKey,
    });
    expect(kept.bio).toBe("Only the bio");
    const removed = await updateArtistProfile(
      { userId: artist.id, data: { imageUploadId: null } },
      h.db,
    );
    expect(removed.imageUrl).toBeNull();
    expect((await artistRow()).imageKey).toBeNull();
  });

  test.each([
    ["an http:// link", { links: [{ label: "Site", url: "http://example.com" }] }, /https:\/\//],
    ["a javascript: link", { links: [{ label: "x", url: "javascript:alert(1)" }] }, /https:\/\//],
    [
      "9 links",
      {
        links: Array.from({ length: 9 }, (_, i) => ({ label: `L${i}`, url: `https://e.com/${i}` })),
      },
      /at most 8 links/,
    ],
    ["a 41-character label", { links: [{ label: "l".repeat(41), url: "https://e.com" }] }, /40/],
    ["a bio of 2001 characters", { bio: "b".repeat(2001) }, /at most 2000/],
    ["an empty name", { name: "  " }, /Enter your artist name/],
    ["a bio with an escape character", { bio: "a\u001bb" }, /U\+001B/],
  ])("refuses %s and changes nothing", async (_what, data, message) => {
    const before = await artistRow();
    const e = await updateArtistProfile({ userId: artist.id, data }, h.db).catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ZodError);
    expect((e as ZodError).issues.map((i) => i.message).join(" ")).toMatch(message);
    expect(await artistRow()).toEqual(before);
    expect(invalidated).toEqual([]);
  });

  test("only one's own profile: the profile is the caller's, whatever the input names", async () => {
    const otherBefore = await h.db.artistProfile.findUniqueOrThrow({ where: { userId: other.id } });
    const caller = await h.callerFor(artist.id);
    // An id in the input is not a field of the procedure: it is dropped, the caller's own
    // profile is the one edited.
    await caller.artist.updateProfile({
      name: "Profile Artist",
      ...({ id: otherBefore.id, artistId: otherBefore.id, userId: other.id } as object),
    });
    expect(await h.db.artistProfile.findUniqueOrThrow({ where: { userId: other.id } })).toEqual(
      otherBefore,
    );

    // A user without an artist profile has nothing to edit.
    const e = await updateArtistProfile({ userId: fan.id, data: { bio: "Hijack" } }, h.db).catch(
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("FORBIDDEN");
    const fanCaller = await h.callerFor(fan.id);
    await expect(fanCaller.artist.updateProfile({ bio: "Hijack" })).rejects.toThrow(TRPCError);
    await expect(fanCaller.artist.profile()).rejects.toThrow(/Create your artist profile first/);
  });

  test("refuses someone else's picture, an artwork upload and an unknown upload, naming the field", async () => {
    const theirs = await image(other);
    const artwork = await image(artist, "ARTWORK");
    const before = await artistRow();
    for (const [uploadId, message] of [
      [theirs.id, `Upload ${theirs.id} was not found among your uploads`],
      ["no-such-upload", "Upload no-such-upload was not found among your uploads"],
      [artwork.id, `Upload ${artwork.id} is artwork, not a picture`],
    ] as const) {
      const e = await updateArtistProfile(
        { userId: artist.id, data: { imageUploadId: uploadId } },
        h.db,
      ).catch((err: unknown) => err);
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({ code: "BAD_INPUT", field: "imageUploadId" });
      expect((e as AppError).message).toContain(message);
    }
    expect(await artistRow()).toEqual(before);
    // Over tRPC: 400 with the field named, so the form shows it.
    const caller = await h.callerFor(artist.id);
    const wire = await caller.artist
      .updateProfile({ imageUploadId: theirs.id })
      .catch((err: unknown) => err as TRPCError);
    expect(wire).toBeInstanceOf(TRPCError);
    expect((wire as TRPCError).code).toBe("BAD_REQUEST");
  });

  test("claimImageUpload gives the key of one's own image upload, and refuses a master", async () => {
    const mine = await image(fan);
    expect(await claimImageUpload({ userId: fan.id, uploadId: mine.id }, h.db)).toBe(
      mine.storageKey,
    );
    expect(mine.storageKey).toMatch(/^images\/[0-9a-z]{24}\.png$/);
    const master = await ingestUpload({
      db: h.db,
      storage: getStorage(),
      ownerId: artist.id,
      kind: "MASTER",
      filename: "m.wav",
      bytes: await synthesizeTone({ seconds: 2, frequencyHz: 330, format: "wav" }),
    });
    await expect(
      claimImageUpload({ userId: artist.id, uploadId: master.id }, h.db),
    ).rejects.toThrow(`Upload ${master.id} is master, not a picture`);
  });

  test("publicImageUrl serves only keys under images/", () => {
    expect(publicImageUrl("images/abc.png")).toBe("/api/images/abc.png");
    expect(publicImageUrl(null)).toBeNull();
    expect(publicImageUrl("masters/abc.wav")).toBeNull();
    expect(publicImageUrl("previews/abc.mp3")).toBeNull();
    expect(publicImageUrl("artwork/abc.png")).toBeNull();
    expect(publicImageUrl("images/")).toBeNull();
    expect(publicImageUrl("images/a/../../masters/x.wav")).toBeNull();
  });

  test("a picture in use does not count against the pending-upload quota", async () => {
    const pendingBefore = await countPendingUploads(fan.id, h.db);
    const fanArtist = await h.makeUser({ artistName: "Quota Artist" });
    const pic = await image(fanArtist);
    expect(await countPendingUploads(fanArtist.id, h.db)).toBe(1);
    await updateArtistProfile({ userId: fanArtist.id, data: { imageUploadId: pic.id } }, h.db);
    expect(await countPendingUploads(fanArtist.id, h.db)).toBe(0);
    expect(await countPendingUploads(fan.id, h.db)).toBe(pendingBefore);
  });

  test("a save invalidates the artist page; a new name also the artist's track pages and discover", async () => {
    const { track } = await h.makeTrack(artist, { title: "Profile Track" });
    const { id } = await artistRow();
    invalidated = [];
    await updateArtistProfile({ userId: artist.id, data: { bio: "New bio" } }, h.db);
    expect(invalidated).toEqual([publicTags.artist(id)]);
    invalidated = [];
    await updateArtistProfile({ userId: artist.id, data: { name: "Renamed Artist" } }, h.db);
    expect(invalidated).toEqual(
      expect.arrayContaining([
        publicTags.artist(id),
        publicTags.discover,
        publicTags.track(track.id),
      ]),
    );
  });

  test("the page lists published tracks only; every track change invalidates it", async () => {
    const a = await h.makeUser({ artistName: "Listing Artist" });
    const artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: a.id } })).id;
    const tag = publicTags.artist(artistId);
    invalidated = [];
    const { track: onSale } = await h.makeTrack(a, { title: "On Sale" });
    // createTrack and publishTrack each expire it.
    expect(invalidated.filter((t) => t === tag)).toHaveLength(2);
    const { track: draft } = await h.makeTrack(a, { title: "Draft" });
    await a.caller.artist.unpublishTrack({ trackId: draft.id });
    const { track: gone } = await h.makeTrack(a, { title: "Deleted" });
    await a.caller.artist.deleteTrack({ trackId: gone.id });
    const { track: down } = await h.makeTrack(a, { title: "Taken Down" });
    invalidated = [];
    const admin = await h.makeAdmin();
    await takedownTrack(
      { trackId: down.id, reason: "Copyright claim" },
      { userId: admin.id },
      h.db,
    );
    expect(invalidated).toContain(tag);
    invalidated = [];
    await a.caller.artist.updateTrack({ trackId: onSale.id, title: "On Sale (Remaster)" });
    expect(invalidated).toContain(tag);

    const page = await getArtistPageContent({ artistId }, h.db);
    expect(page.status).toBe("found");
    if (page.status !== "found") return;
    expect(page.artist.tracks.map((t) => t.title)).toEqual(["On Sale (Remaster)"]);
    expect(page.artist.tracks[0]).toMatchObject({
      slug: onSale.slug,
      artist: { id: artistId, name: "Listing Artist" },
    });
    expect(page.artist.tracks[0]).not.toHaveProperty("publishedAt");
    expect(await getArtistPageContent({ artistId: "no-such-artist" }, h.db)).toEqual({
      status: "missing",
    });
    expect(await artistIdBySlug({ slug: "no-such-artist" }, h.db)).toBeNull();
  });

  test("a new artist profile invalidates the page at its address (it may have been a cached 404)", async () => {
    invalidated = [];
    const a = await h.makeUser({ artistName: "Brand New Act" });
    const { slug } = await h.db.artistProfile.findUniqueOrThrow({ where: { userId: a.id } });
    expect(invalidated).toContain(publicTags.artistSlug(slug));
  });

  test("links stored before a rule tightened never reach the page", async () => {
    await h.db.artistProfile.update({
      where: { userId: other.id },
      data: {
        links: [
          { label: "Old", url: "http://example.com" },
          { label: "Fine", url: "https://example.com" },
          { nonsense: true },
        ],
      },
    });
    const p = await getOwnArtistProfile({ userId: other.id }, h.db);
    expect(p.links).toEqual([{ label: "Fine", url: "https://example.com" }]);
  });
});
