/**
 * Downloads in a chosen format (issue 16 §2) on the real database: a track bought and paid in the
 * sandbox is fetched as MP3 once its transcode is ready ("preparing" before, nothing spent), a
 * release as one zip per format (one download, entries "NN - Title.ext", the same bytes as the
 * transcodes), and every existing rule still answers first (used up, not a release).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { completeSandboxCheckout } from "@fanfare/payments";

import { setupHarness } from "../../test/harness";
import { loadTranscodeSources, releaseContext } from "../formats/sources";
import { makeTranscode } from "../formats/transcode";
import { startJobs, stopJobs } from "../jobs/runner";
import { getStorage } from "../media";
import {
  consumeDownload,
  consumeReleaseZip,
  FormatPreparingError,
  getPurchaseStatus,
  prepareDownloadFormat,
  streamReleaseZip,
  TRANSCODE_MAX_ATTEMPTS,
} from "./downloads";
import { ZIP_EPOCH } from "./release-zip";

type Harness = Awaited<ReturnType<typeof setupHarness>>;

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("downloads in MP3 320, AAC 256, FLAC or the original; a release as one zip", () => {
  let h: Harness;
  let tracks: { id: string; slug: string; title: string }[];
  let release: { id: string; slug: string };
  let dir: string;

  const buy = async (product: "track" | "release", slug: string) => {
    const buyer = await h.callerFor(null);
    const checkout = await buyer.buyer.startCheckout({
      product,
      slug,
      buyerEmail: `formats-${Math.random().toString(36).slice(2)}@example.com`,
    });
    const sessionId = new URL(checkout.checkoutUrl).pathname.split("/").pop()!;
    const delivery = await completeSandboxCheckout(h.db, { sessionId, webhookUrl: h.webhookUrl });
    expect(delivery.status).toBe(200);
    return {
      saleId: checkout.saleId,
      token: new URL(delivery.successUrl).pathname.split("/").pop()!,
    };
  };
  const downloadsUsed = async (saleId: string) =>
    (await h.db.sale.findUniqueOrThrow({ where: { id: saleId } })).downloadCount;
  const stored = async (key: string) =>
    new Uint8Array(await new Response((await getStorage().get(key))!.body).arrayBuffer());

  beforeAll(async () => {
    h = await setupHarness();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "fanfare-formats-dl-"));
    const artist = await h.makeUser({ artistName: "Format Artist" });
    tracks = [];
    for (const title of ["Alpha", "Beta/Gamma", "Delta"])
      tracks.push((await h.makeTrack(artist, { title })).track);
    const artistId = (await h.db.artistProfile.findUniqueOrThrow({ where: { userId: artist.id } }))
      .id;
    release = await h.db.release.create({
      data: {
        artistId,
        slug: `formats-dl-${Date.now()}`,
        title: "Three Ways",
        priceCents: 2000,
        published: true,
        publishedAt: new Date(),
        tracks: { create: tracks.map((t, i) => ({ trackId: t.id, position: i + 1 })) },
      },
    });
  });
  afterAll(async () => {
    await stopJobs();
    await h?.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  test("a track's MP3 is 'preparing' (nothing spent) until made, then served tagged for the track; no format is still the master", async () => {
    const track = tracks[0]!;
    const { saleId, token } = await buy("track", track.slug);
    const status = await getPurchaseStatus({ token }, h.db);
    expect(status.formats).toEqual([
      { format: "mp3_320", label: "MP3 320", ready: false },
      { format: "aac_256", label: "AAC 256", ready: false },
      { format: "flac", label: "FLAC", ready: false },
      { format: "original", label: "Original (WAV)", ready: true },
    ]);
    expect(status.zipPath).toBeNull();

    const preparing = await consumeDownload({ token, format: "mp3_320" }, h.db).catch((e) => e);
    expect(preparing).toBeInstanceOf(FormatPreparingError);
    expect(preparing).toMatchObject({
      retryAfterSeconds: 10,
      message: expect.stringMatching(
        /^Your MP3 320 file is being prepared; nothing was counted against your downloads\. Try again in about 10 seconds\.$/,
      ),
    });
    expect(await downloadsUsed(saleId)).toBe(0);

    await makeTranscode(
      { trackId: track.id, format: "mp3_320", context: "track" },
      { db: h.db, storage: getStorage() },
    );
    expect((await getPurchaseStatus({ token }, h.db)).formats[0]).toEqual({
      format: "mp3_320",
      label: "MP3 320",
      ready: true,
    });
    const row = await h.db.trackTranscode.findUniqueOrThrow({
      where: { trackId_format_context: { trackId: track.id, format: "mp3_320", context: "track" } },
    });
    const file = await consumeDownload({ token, format: "mp3_320" }, h.db);
    expect(file).toEqual({
      saleId,
      storageKey: row.storageKey,
      contentType: "audio/mpeg",
      sizeBytes: row.sizeBytes,
      fileName: "Format Artist - Alpha.mp3",
    });
    expect(await downloadsUsed(saleId)).toBe(1);

    const master = await consumeDownload({ token }, h.db);
    expect(master.fileName).toBe("Format Artist - Alpha.wav");
    expect(master.contentType).toBe("audio/wav");
    expect(await downloadsUsed(saleId)).toBe(2);

    await expect(consumeReleaseZip({ token, format: "flac" }, h.db)).rejects.toMatchObject({
      code: "BAD_INPUT",
      message: expect.stringMatching(/zip is for a release purchase/),
    });
  });

  test("a release's FLAC zip is 'preparing' until all its tracks are made, then the zip streams all three (a download per file), byte for byte the transcodes", async () => {
    const { saleId, token } = await buy("release", release.slug);
    const status = await getPurchaseStatus({ token }, h.db);
    expect(status.zipPath).toBe(`/api/download/${token}?zip=1`);
    expect(status.formats.find((f) => f.format === "flac")?.ready).toBe(false);

    const context = releaseContext(release.id);
    await makeTranscode(
      { trackId: tracks[0]!.id, format: "flac", context },
      { db: h.db, storage: getStorage() },
    );
    await expect(consumeReleaseZip({ token, format: "flac" }, h.db)).rejects.toMatchObject({
      name: "FormatPreparingError",
      message: expect.stringMatching(/^Your FLAC 2 files are being prepared/),
      retryAfterSeconds: 20,
    });
    expect(await downloadsUsed(saleId)).toBe(0);

    for (const t of tracks.slice(1))
      await makeTranscode(
        { trackId: t.id, format: "flac", context },
        { db: h.db, storage: getStorage() },
      );
    expect((await getPurchaseStatus({ token }, h.db)).formats[2]).toMatchObject({ ready: true });
    const zip = await consumeReleaseZip({ token, format: "flac" }, h.db);
    expect(await downloadsUsed(saleId)).toBe(3);
    expect(zip.fileName).toBe("Format Artist - Three Ways (FLAC).zip");
    expect(zip.date).toEqual(ZIP_EPOCH);
    expect(zip.entries.map((e) => e.name)).toEqual([
      "01 - Alpha.flac",
      "02 - Beta_Gamma.flac",
      "03 - Delta.flac",
    ]);
    const bytes = new Uint8Array(
      await new Response(
        streamReleaseZip({ entries: zip.entries, date: zip.date, storage: getStorage() }),
      ).arrayBuffer(),
    );
    const out = path.join(dir, "release.zip");
    await fs.writeFile(out, bytes);
    expect(execFileSync("unzip", ["-tq", out], { encoding: "utf8" })).toMatch(/No errors detected/);
    for (const [i, entry] of zip.entries.entries()) {
      const inZip = execFileSync("unzip", ["-p", out, entry.name]);
      const row = await h.db.trackTranscode.findUniqueOrThrow({
        where: { trackId_format_context: { trackId: tracks[i]!.id, format: "flac", context } },
      });
      expect(sha256(inZip)).toBe(row.sha256);
    }

    // One track of the release in FLAC: its release copy (tagged n of 3).
    const one = await consumeDownload({ token, trackId: tracks[1]!.id, format: "flac" }, h.db);
    expect(one.fileName).toBe("Format Artist - Beta/Gamma.flac");
    expect(one.storageKey).toMatch(new RegExp(`flac-r-${release.id}-`));
    expect(await downloadsUsed(saleId)).toBe(4);

    // The originals need no transcode: the masters, named by their own extension.
    const originals = await consumeReleaseZip({ token, format: "original" }, h.db);
    expect(originals.fileName).toBe("Format Artist - Three Ways (Original).zip");
    expect(originals.entries.map((e) => e.name)).toEqual([
      "01 - Alpha.wav",
      "02 - Beta_Gamma.wav",
      "03 - Delta.wav",
    ]);
    const t0 = await h.db.track.findUniqueOrThrow({ where: { id: tracks[0]!.id } });
    expect(originals.entries[0]!.storageKey).toBe(t0.masterKey);
    expect(sha256(await stored(originals.entries[0]!.storageKey))).toBe(
      sha256(await stored(t0.masterKey)),
    );
    // A zip costs a download per file: 3 + 1 + 3.
    expect(await downloadsUsed(saleId)).toBe(7);
  });

  test("a used-up purchase hears why, not 'preparing'; a format that keeps failing says so instead of 'preparing' forever", async () => {
    const { saleId, token } = await buy("release", release.slug);
    const sale = await h.db.sale.update({
      where: { id: saleId },
      data: { downloadCount: { set: 15 } },
    });
    expect(sale.downloadLimit).toBe(15);
    await expect(consumeReleaseZip({ token, format: "aac_256" }, h.db)).rejects.toMatchObject({
      code: "GONE",
      message: "This link has been used for all 15 downloads.",
    });
    await expect(
      consumeDownload({ token, trackId: tracks[0]!.id, format: "aac_256" }, h.db),
    ).rejects.toMatchObject({ code: "GONE" });

    await h.db.sale.update({ where: { id: saleId }, data: { downloadCount: 0 } });
    const context = releaseContext(release.id);
    const sources = await loadTranscodeSources(h.db, { context, trackIds: [tracks[2]!.id] });
    await h.db.trackTranscode.create({
      data: {
        trackId: tracks[2]!.id,
        format: "aac_256",
        context,
        status: "failed",
        tagsHash: sources.get(tracks[2]!.id)!.tagsHash,
        attempts: TRANSCODE_MAX_ATTEMPTS,
        error: "ffmpeg exited with code 1",
      },
    });
    await expect(
      consumeDownload({ token, trackId: tracks[2]!.id, format: "aac_256" }, h.db),
    ).rejects.toMatchObject({
      code: "INTERNAL",
      message: `The AAC 256 file of “Delta” could not be made after ${TRANSCODE_MAX_ATTEMPTS} tries; download the original instead, or try again later.`,
    });
    expect(await downloadsUsed(saleId)).toBe(0);
  });

  test("the lazy path through pg-boss: a buyer asking for a format not made queues it, the worker makes it, and the next request downloads it", async () => {
    await startJobs({ db: h.db, role: "worker", database: h.testDb });
    const track = tracks[2]!;
    const { saleId, token } = await buy("track", track.slug);
    await expect(consumeDownload({ token, format: "aac_256" }, h.db)).rejects.toBeInstanceOf(
      FormatPreparingError,
    );
    // The worker polls every 2 s; a 3-second master encodes in well under a second (a loaded
    // box gets minutes).
    const madeWithin = async (format: string) => {
      const key = { trackId_format_context: { trackId: track.id, format, context: "track" } };
      const deadline = Date.now() + 240_000;
      while ((await h.db.trackTranscode.findUnique({ where: key }))?.status !== "ready") {
        if (Date.now() > deadline) throw new Error(`the ${format} transcode was not made`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    await madeWithin("aac_256");
    const file = await consumeDownload({ token, format: "aac_256" }, h.db);
    expect(file.fileName).toBe("Format Artist - Delta.m4a");
    expect(file.contentType).toBe("audio/mp4");
    expect(await downloadsUsed(saleId)).toBe(1);

    // The purchase page asks for a format as soon as the buyer picks it: queued, nothing spent;
    // asking again asks for nothing more once it is made.
    expect(await prepareDownloadFormat({ token, format: "mp3_320" }, h.db)).toEqual({
      requested: 1,
    });
    await madeWithin("mp3_320");
    expect(await prepareDownloadFormat({ token, format: "mp3_320" }, h.db)).toEqual({
      requested: 0,
    });
    expect(await downloadsUsed(saleId)).toBe(1);
  });
});
