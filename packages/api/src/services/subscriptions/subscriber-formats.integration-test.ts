/**
 * A catalog subscriber's downloads in a chosen format (issue 16 §3, the purchase's formats of
 * §2) on the real database: a FLAC not made yet is "preparing" and spends none of the day's
 * downloads, then (made with the shipped ffmpeg) is served tagged as the track alone and spends
 * one; an unknown format, a lapsed subscriber and a subscriber at the day's limit hear why
 * before "preparing"; a format that failed every try says so; and the lazy path runs through
 * the pg-boss worker.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";

import type { Harness } from "../../test/harness";
import { setupHarness } from "../../test/harness";
import { FormatPreparingError, TRANSCODE_MAX_ATTEMPTS } from "../downloads/downloads";
import { loadTranscodeSources } from "../formats/sources";
import { makeTranscode } from "../formats/transcode";
import { startJobs, stopJobs } from "../jobs/runner";
import { getStorage } from "../media";
import {
  checkSubscriberDownload,
  consumeSubscriberDownload,
  subscriberFormatOptions,
} from "./downloads";

describe("subscriber downloads in MP3 320, AAC 256, FLAC or the original", () => {
  let h: Harness;
  let artistId: string;
  let planId: string;
  let tracks: { id: string; slug: string; title: string }[];

  /** An active monthly subscription to the artist for a new user, as the processor leaves it. */
  const subscriber = async () => {
    const user = await h.makeUser();
    const now = Date.now();
    const row = await h.db.catalogSubscription.create({
      data: {
        planId,
        artistId,
        userId: user.id,
        interval: "month",
        status: "active",
        priceCents: 500,
        currentPeriodStart: new Date(now - 86_400_000),
        currentPeriodEnd: new Date(now + 29 * 86_400_000),
        startedAt: new Date(now - 86_400_000),
      },
    });
    return { userId: user.id, subscriptionId: row.id };
  };
  /** The downloads the subscription has spent, every day together. */
  const spent = async (subscriptionId: string) =>
    (await h.db.subscriberDownloadDay.findMany({ where: { subscriptionId } })).reduce(
      (sum, d) => sum + d.count,
      0,
    );
  const stored = async (key: string) =>
    new Uint8Array(await new Response((await getStorage().get(key))!.body).arrayBuffer());
  const transcodeRow = (trackId: string, format: string) =>
    h.db.trackTranscode.findUnique({
      where: { trackId_format_context: { trackId, format, context: "track" } },
    });

  beforeAll(async () => {
    h = await setupHarness();
    const artist = await h.makeUser({ artistName: "Sub Format Artist" });
    tracks = [];
    for (const title of ["Lossless", "Broken", "Lazy"])
      tracks.push((await h.makeTrack(artist, { title })).track);
    artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } })).id;
    planId = (await h.db.subscriptionPlan.create({ data: { artistId, monthlyPriceCents: 500 } }))
      .id;
  });
  afterAll(async () => {
    await stopJobs();
    await h?.close();
    vi.unstubAllEnvs();
  });

  test("the picker's options are the purchase page's, in its order", () => {
    expect(subscriberFormatOptions()).toEqual([
      { format: "mp3_320", label: "MP3 320" },
      { format: "aac_256", label: "AAC 256" },
      { format: "flac", label: "FLAC" },
      { format: "original", label: "Original" },
    ]);
  });

  test("a FLAC not made yet is 'preparing' and spends nothing; once made it is served tagged as the track alone and spends one", async () => {
    const track = tracks[0]!;
    const { userId, subscriptionId } = await subscriber();
    const now = new Date();

    for (const ask of [checkSubscriberDownload, consumeSubscriberDownload]) {
      const preparing = await ask({ userId, trackId: track.id, format: "flac", now }, h.db).catch(
        (e: unknown) => e,
      );
      expect(preparing).toBeInstanceOf(FormatPreparingError);
      expect(preparing).toMatchObject({
        retryAfterSeconds: 10,
        message:
          "Your FLAC file is being prepared; nothing was counted against your downloads. Try again in about 10 seconds.",
      });
    }
    expect(await spent(subscriptionId)).toBe(0);

    // The job's work, with the shipped ffmpeg: the track's own copy ("track" context).
    expect(
      await makeTranscode(
        { trackId: track.id, format: "flac", context: "track" },
        { db: h.db, storage: getStorage() },
      ),
    ).toMatchObject({ status: "made" });
    const row = (await transcodeRow(track.id, "flac"))!;
    const file = {
      storageKey: row.storageKey,
      contentType: "audio/flac",
      sizeBytes: row.sizeBytes,
    };

    // The check names the file and still spends nothing.
    expect(
      await checkSubscriberDownload({ userId, trackId: track.id, format: "flac", now }, h.db),
    ).toEqual({ subscriptionId, ...file, fileName: "Sub Format Artist - Lossless.flac" });
    expect(await spent(subscriptionId)).toBe(0);

    const got = await consumeSubscriberDownload(
      { userId, trackId: track.id, format: "flac", now },
      h.db,
    );
    expect(got).toEqual({
      subscriptionId,
      ...file,
      fileName: "Sub Format Artist - Lossless.flac",
      downloadsToday: 1,
      downloadsPerDay: 20,
    });
    const bytes = await stored(got.storageKey);
    expect(Buffer.from(bytes.subarray(0, 4)).toString("latin1")).toBe("fLaC");
    expect(bytes.byteLength).toBe(row.sizeBytes);
    expect(await spent(subscriptionId)).toBe(1);

    // No format is still the master, byte for byte, named by its sniffed format.
    const master = await h.db.track.findUniqueOrThrow({ where: { id: track.id } });
    expect(await consumeSubscriberDownload({ userId, trackId: track.id, now }, h.db)).toEqual({
      subscriptionId,
      storageKey: master.masterKey,
      contentType: master.masterContentType,
      sizeBytes: master.masterSizeBytes,
      fileName: "Sub Format Artist - Lossless.wav",
      downloadsToday: 2,
      downloadsPerDay: 20,
    });
    expect(await spent(subscriptionId)).toBe(2);
  });

  test("refused before 'preparing': an unknown format (BAD_INPUT on format), no subscription, the day's limit reached; nothing spent", async () => {
    const track = tracks[1]!;
    const { userId, subscriptionId } = await subscriber();
    const now = new Date();

    const unknown = await consumeSubscriberDownload(
      // What a caller that skipped the route's parser might pass.
      { userId, trackId: track.id, format: "ogg" as never, now },
      h.db,
    ).catch((e: unknown) => e);
    expect(unknown).toMatchObject({
      code: "BAD_INPUT",
      field: "format",
      message: 'Unknown download format "ogg": choose one of mp3_320, aac_256, flac, original.',
    });

    const stranger = await h.makeUser();
    await expect(
      consumeSubscriberDownload(
        { userId: stranger.id, trackId: track.id, format: "mp3_320", now },
        h.db,
      ),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/no active subscription to Sub Format Artist/),
    });

    vi.stubEnv("SUBSCRIBER_DOWNLOADS_PER_DAY", "1");
    try {
      await consumeSubscriberDownload({ userId, trackId: track.id, now }, h.db);
      expect(await spent(subscriptionId)).toBe(1);
      for (const ask of [checkSubscriberDownload, consumeSubscriberDownload])
        await expect(
          ask({ userId, trackId: track.id, format: "aac_256", now }, h.db),
        ).rejects.toMatchObject({
          code: "RATE_LIMITED",
          message: expect.stringMatching(/downloaded 1 files today/),
        });
      // The check of the original answers the limit too, as the download would.
      await expect(
        checkSubscriberDownload({ userId, trackId: track.id, now }, h.db),
      ).rejects.toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      vi.stubEnv("SUBSCRIBER_DOWNLOADS_PER_DAY", "");
    }
    expect(await spent(subscriptionId)).toBe(1);
  });

  test("a format that failed every try is a clear error (download the original), and nothing is spent", async () => {
    const track = tracks[1]!;
    const { userId, subscriptionId } = await subscriber();
    const sources = await loadTranscodeSources(h.db, { context: "track", trackIds: [track.id] });
    await h.db.trackTranscode.create({
      data: {
        trackId: track.id,
        format: "mp3_320",
        context: "track",
        tagsHash: sources.get(track.id)!.tagsHash,
        status: "failed",
        attempts: TRANSCODE_MAX_ATTEMPTS,
        error: "ffmpeg exited with code 1",
      },
    });
    await expect(
      consumeSubscriberDownload({ userId, trackId: track.id, format: "mp3_320" }, h.db),
    ).rejects.toMatchObject({
      code: "INTERNAL",
      message: `The MP3 320 file of “Broken” could not be made after ${TRANSCODE_MAX_ATTEMPTS} tries; download the original instead, or try again later.`,
    });
    expect(await spent(subscriptionId)).toBe(0);
  });

  test("the lazy path through pg-boss: asking for a format not made queues it, the worker makes it, and the next request downloads it", async () => {
    await startJobs({ db: h.db, role: "worker", database: h.testDb });
    const track = tracks[2]!;
    const { userId, subscriptionId } = await subscriber();
    await expect(
      consumeSubscriberDownload({ userId, trackId: track.id, format: "aac_256" }, h.db),
    ).rejects.toBeInstanceOf(FormatPreparingError);
    expect(await spent(subscriptionId)).toBe(0);
    // The worker polls every 2 s; a 3-second master encodes in well under a second.
    const deadline = Date.now() + 240_000;
    while ((await transcodeRow(track.id, "aac_256"))?.status !== "ready") {
      if (Date.now() > deadline) throw new Error("the aac_256 transcode was not made");
      await new Promise((r) => setTimeout(r, 250));
    }
    const file = await consumeSubscriberDownload(
      { userId, trackId: track.id, format: "aac_256" },
      h.db,
    );
    expect(file).toMatchObject({
      contentType: "audio/mp4",
      fileName: "Sub Format Artist - Lazy.m4a",
      downloadsToday: 1,
    });
    expect(await spent(subscriptionId)).toBe(1);
  });
});
