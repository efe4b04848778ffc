/**
 * Transcodes (issue 16 §2) with the shipped ffmpeg on the real database: synthesised masters are
 * made into MP3 320, AAC 256 and FLAC, read back with music-metadata (tags and cover), made again
 * byte for byte, remade when their source changes, recorded failed with their attempts, and the
 * `formats.transcode` job is queued once per (track, format, context) and does nothing twice.
 */
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ZodError } from "zod";

import type { TranscodeFormat } from "@fanfare/db/kinds";
import { TRANSCODE_FORMATS } from "@fanfare/db/kinds";
import { parseBuffer } from "music-metadata";

import { setupHarness } from "../../test/harness";
import { transcodeJob } from "../jobs/handlers";
import { startJobs, stopJobs } from "../jobs/runner";
import { getStorage, synthesizeArtwork } from "../media";
import { runFfmpeg, withTempDir } from "../media/audio";
import { FORMAT_SPECS } from "./format-spec";
import { formatsReadiness } from "./readiness";
import { requestReleaseTranscodes, requestTrackTranscodes } from "./requests";
import { releaseContext } from "./sources";
import { makeTranscode } from "./transcode";

type Harness = Awaited<ReturnType<typeof setupHarness>>;

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("transcodes: tagged, byte-stable, remade when stale, queued once", () => {
  let h: Harness;
  let artistId: string;
  let one: { id: string };
  let two: { id: string };
  let release: { id: string; title: string };
  let cover: Uint8Array;
  const coverKey = "artwork/formats-test-cover.png";

  /** The stored bytes of `key`. */
  const stored = async (key: string) => {
    const object = await getStorage().get(key);
    if (!object) throw new Error(`${key} is not in storage`);
    return new Uint8Array(await new Response(object.body).arrayBuffer());
  };
  const row = (trackId: string, format: TranscodeFormat, context: string) =>
    h.db.trackTranscode.findUniqueOrThrow({
      where: { trackId_format_context: { trackId, format, context } },
    });

  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: "Tag Artist" });
    artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } })).id;
    one = (await h.makeTrack(artist, { title: "First Light" })).track;
    two = (await h.makeTrack(artist, { title: "Second Wind" })).track;
    cover = await synthesizeArtwork({ sizePx: 64, hueDegrees: 90 });
    await getStorage().put(coverKey, cover, "image/png");
    release = await h.db.release.create({
      data: {
        artistId,
        slug: `formats-album-${Date.now()}`,
        title: "Night Drive",
        priceCents: 1500,
        published: true,
        publishedAt: new Date(),
        artworkKey: coverKey,
        tracks: {
          create: [
            { trackId: one.id, position: 1 },
            { trackId: two.id, position: 2 },
          ],
        },
      },
    });
  });
  afterAll(async () => {
    await stopJobs();
    await h?.close();
  });

  test.each(TRANSCODE_FORMATS)(
    "%s of a release's second track carries the title, artist, album, album artist, track 2/2 and the release's cover",
    async (format) => {
      const context = releaseContext(release.id);
      const made = await makeTranscode(
        { trackId: two.id, format, context },
        { db: h.db, storage: getStorage() },
      );
      expect(made.status).toBe("made");
      const r = await row(two.id, format, context);
      const bytes = await stored(r.storageKey!);
      expect(r).toMatchObject({
        status: "ready",
        sizeBytes: bytes.byteLength,
        sha256: sha256(bytes),
        error: null,
      });
      expect(r.storageKey).toMatch(
        new RegExp(
          `^transcodes/${two.id}/${format}-r-${release.id}-[0-9a-f]{16}\\.${FORMAT_SPECS[format].ext}$`,
        ),
      );
      const meta = await parseBuffer(bytes, { mimeType: FORMAT_SPECS[format].contentType });
      expect(meta.common).toMatchObject({
        title: "Second Wind",
        artist: "Tag Artist",
        album: "Night Drive",
        albumartist: "Tag Artist",
        track: { no: 2, of: 2 },
      });
      // The PNG cover is embedded as it is.
      expect(meta.common.picture).toHaveLength(1);
      expect(meta.common.picture![0]!.format).toBe("image/png");
      expect(sha256(meta.common.picture![0]!.data)).toBe(sha256(cover));
      const codec = { mp3_320: "MPEG 1 Layer 3", aac_256: "MPEG-4/AAC", flac: "FLAC" }[format];
      expect(meta.format.codec).toBe(codec);
      if (format === "mp3_320") expect(meta.format.bitrate).toBe(320_000);
      if (format === "flac") expect(meta.format.lossless).toBe(true);
      // ~3 s of audio, whatever the encoder's padding.
      expect(meta.format.duration).toBeGreaterThan(2.9);
      expect(meta.format.duration).toBeLessThan(3.2);
    },
  );

  test("a track bought alone is tagged as its own album, track 1/1, without a cover when it has none", async () => {
    await makeTranscode(
      { trackId: one.id, format: "mp3_320", context: "track" },
      { db: h.db, storage: getStorage() },
    );
    const r = await row(one.id, "mp3_320", "track");
    const meta = await parseBuffer(await stored(r.storageKey!), { mimeType: "audio/mpeg" });
    expect(meta.common).toMatchObject({
      title: "First Light",
      artist: "Tag Artist",
      album: "First Light",
      albumartist: "Tag Artist",
      track: { no: 1, of: 1 },
    });
    expect(meta.common.picture).toBeUndefined();
    expect(r.storageKey).toMatch(
      new RegExp(`^transcodes/${one.id}/mp3_320-track-[0-9a-f]{16}\\.mp3$`),
    );
  });

  test("a WebP cover is embedded as PNG (an .m4a's covr atom holds only JPEG, PNG or BMP)", async () => {
    const webp = await withTempDir("fanfare-webp-test-", async (dir) => {
      await fs.writeFile(path.join(dir, "in.png"), cover);
      // prettier-ignore
      await runFfmpeg(["-i", path.join(dir, "in.png"), "-c:v", "libwebp", "-f", "webp", path.join(dir, "out.webp")]);
      return new Uint8Array(await fs.readFile(path.join(dir, "out.webp")));
    });
    await getStorage().put("artwork/formats-test-cover.webp", webp, "image/webp");
    await h.db.track.update({
      where: { id: one.id },
      data: { artworkKey: "artwork/formats-test-cover.webp" },
    });
    try {
      await makeTranscode(
        { trackId: one.id, format: "aac_256", context: "track" },
        { db: h.db, storage: getStorage() },
      );
      const r = await row(one.id, "aac_256", "track");
      const meta = await parseBuffer(await stored(r.storageKey!), { mimeType: "audio/mp4" });
      expect(meta.common.picture?.map((p) => p.format)).toEqual(["image/png"]);
      expect(meta.common.album).toBe("First Light");
    } finally {
      await h.db.track.update({ where: { id: one.id }, data: { artworkKey: null } });
    }
  });

  test.each(TRANSCODE_FORMATS)(
    "%s made again from the same master and tags is byte-identical (-fflags +bitexact)",
    async (format) => {
      const context = releaseContext(release.id);
      const deps = { db: h.db, storage: getStorage() };
      await makeTranscode({ trackId: one.id, format, context }, deps);
      const first = await row(one.id, format, context);
      const firstBytes = await stored(first.storageKey!);
      // Forget it entirely, then make it again.
      await h.db.trackTranscode.delete({ where: { id: first.id } });
      await getStorage().delete(first.storageKey!);
      const again = await makeTranscode({ trackId: one.id, format, context }, deps);
      expect(again).toEqual({
        status: "made",
        storageKey: first.storageKey,
        sizeBytes: first.sizeBytes,
        sha256: first.sha256,
      });
      expect(sha256(await stored(first.storageKey!))).toBe(sha256(firstBytes));
    },
  );

  test("a ready file is not made again; a changed album title makes it stale, and it is remade under a new key with the new tag while the old file is deleted", async () => {
    const context = releaseContext(release.id);
    const deps = { db: h.db, storage: getStorage() };
    await makeTranscode({ trackId: two.id, format: "flac", context }, deps);
    const before = await row(two.id, "flac", context);
    expect(await makeTranscode({ trackId: two.id, format: "flac", context }, deps)).toEqual({
      status: "skipped",
      reason: "fresh",
    });
    expect((await row(two.id, "flac", context)).updatedAt).toEqual(before.updatedAt);

    await h.db.release.update({
      where: { id: release.id },
      data: { title: "Night Drive (Deluxe)" },
    });
    const stale = await formatsReadiness(h.db, { context, trackIds: [two.id] });
    expect(stale.ready.flac.size).toBe(0);
    expect(stale.missing.flac.map((s) => s.trackId)).toEqual([two.id]);
    expect(stale.missing.flac[0]!.tagsHash).not.toBe(before.tagsHash);

    const remade = await makeTranscode({ trackId: two.id, format: "flac", context }, deps);
    expect(remade.status).toBe("made");
    const after = await row(two.id, "flac", context);
    expect(after.tagsHash).toBe(stale.missing.flac[0]!.tagsHash);
    expect(after.storageKey).not.toBe(before.storageKey);
    expect(await getStorage().get(before.storageKey!)).toBeNull();
    const meta = await parseBuffer(await stored(after.storageKey!), { mimeType: "audio/flac" });
    expect(meta.common.album).toBe("Night Drive (Deluxe)");
    const fresh = await formatsReadiness(h.db, { context, trackIds: [two.id] });
    expect(fresh.ready.flac.get(two.id)?.storageKey).toBe(after.storageKey);
  });

  test("a transcode that fails is recorded failed with the error, attempts + 1 per try, and the error is rethrown for the job's retry", async () => {
    const artist = await h.makeUser({ artistName: "Broken Master" });
    const { track } = await h.makeTrack(artist, { title: "Lost" });
    await h.db.track.update({
      where: { id: track.id },
      data: { masterKey: "masters/not-there.wav" },
    });
    const deps = { db: h.db, storage: getStorage() };
    for (const attempts of [1, 2]) {
      await expect(
        makeTranscode({ trackId: track.id, format: "aac_256", context: "track" }, deps),
      ).rejects.toThrow(/master of track .* is missing from storage/);
      expect(await row(track.id, "aac_256", "track")).toMatchObject({
        status: "failed",
        attempts,
        storageKey: null,
        error: expect.stringMatching(/masters\/not-there\.wav/),
      });
    }
  });

  test("formats.transcode is queued once per track, format and context however often it is asked for, and the job does nothing twice", async () => {
    await startJobs({ db: h.db, role: "client", database: h.testDb });
    const artist = await h.makeUser({ artistName: "Queue Artist" });
    // Made while the runner is up: creating the track queues its three formats.
    const { track } = await h.makeTrack(artist, { title: "Queued" });
    const otherRelease = await h.db.release.create({
      data: {
        artistId: (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } })).id,
        slug: `formats-queue-${Date.now()}`,
        title: "Queue EP",
        priceCents: 900,
        published: true,
        publishedAt: new Date(),
        tracks: { create: [{ trackId: track.id, position: 1 }] },
      },
    });
    await requestTrackTranscodes(h.db, track.id);
    await requestTrackTranscodes(h.db, track.id);
    await requestReleaseTranscodes(h.db, otherRelease.id);
    const jobs = await h.db.$queryRaw<{ singleton_key: string; data: unknown }[]>`
      SELECT "singleton_key", "data" FROM pgboss.job
      WHERE "name" = 'formats.transcode' AND "singleton_key" LIKE ${`transcode:${track.id}:%`}
      ORDER BY "singleton_key"`;
    expect(jobs.map((j) => j.singleton_key)).toEqual(
      [
        ...TRANSCODE_FORMATS.map((f) => `transcode:${track.id}:${f}:release:${otherRelease.id}`),
        ...TRANSCODE_FORMATS.map((f) => `transcode:${track.id}:${f}:track`),
      ].sort(),
    );

    const data = { trackId: track.id, format: "mp3_320", context: "track" };
    const first = await transcodeJob({ db: h.db }, data);
    expect(first).toMatchObject({ status: "made" });
    const madeRow = await row(track.id, "mp3_320", "track");
    expect(await transcodeJob({ db: h.db }, data)).toEqual({ status: "skipped", reason: "fresh" });
    expect(await row(track.id, "mp3_320", "track")).toEqual(madeRow);
    await expect(
      transcodeJob({ db: h.db }, { trackId: track.id, format: "wav", context: "track" }),
    ).rejects.toBeInstanceOf(ZodError);
    await expect(
      transcodeJob({ db: h.db }, { trackId: track.id, format: "flac", context: "album:x" }),
    ).rejects.toBeInstanceOf(ZodError);
    // A track that is not on the release named: nothing to make.
    expect(
      await transcodeJob(
        { db: h.db },
        { trackId: one.id, format: "flac", context: releaseContext(otherRelease.id) },
      ),
    ).toEqual({ status: "skipped", reason: "gone" });
  });
});
