/**
 * The release zip (issue 16 §2) streamed with bounded memory: a release far larger than the
 * memory the process is allowed to grow by goes through `streamReleaseZip` from local storage to
 * a file, while the process's memory is sampled; the zip is then checked with Info-ZIP's own
 * `unzip` (central directory, sizes, CRCs) and `zipinfo` (the fixed entry dates).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { createLocalStorage } from "../media/storage";
import { streamReleaseZip, ZIP_EPOCH, zipEntryName } from "./release-zip";

const MB = 1024 * 1024;
/** Four tracks of 100 MB: 400 MB through the zip. */
const TRACKS = 4;
const TRACK_BYTES = 100 * MB;
/**
 * What the process may grow by while streaming them: under 2/3 of one track, so buffering any
 * one entry whole (or the zip) fails, with room for the garbage collector's timing on a busy
 * machine (alone it grows by 4-15 MB; once, beside other test files, by 34 MB).
 */
const MAX_GROWTH_BYTES = 64 * MB;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Heap in use plus the memory held by Buffers/ArrayBuffers (where stream chunks live). */
const liveBytes = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

describe("release zip", () => {
  let dir: string;
  const storage = () => createLocalStorage(path.join(dir, "storage"));

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "fanfare-zip-test-"));
    // One 100 MB "master", a different first byte per track so no two entries are alike.
    const bytes = new Uint8Array(TRACK_BYTES);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) % 251;
    for (let t = 0; t < TRACKS; t++) {
      bytes[0] = t;
      await storage().put(`masters/big-${t}.wav`, bytes, "audio/wav");
    }
    gc();
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  const entries = () =>
    Array.from({ length: TRACKS }, (_, t) => ({
      name: zipEntryName({
        position: t + 1,
        trackCount: TRACKS,
        title: `Long Take ${t + 1}`,
        ext: "wav",
      }),
      storageKey: `masters/big-${t}.wav`,
    }));

  test("a 400 MB release streams to a complete, valid zip while the process grows by less than 64 MB", async () => {
    const releaseDate = new Date(Date.UTC(2026, 10, 20));
    const out = path.join(dir, "release.zip");
    const file = await fs.open(out, "w");
    gc();
    const baseline = liveBytes();
    const rssBaseline = process.memoryUsage().rss;
    let peak = Number.NEGATIVE_INFINITY;
    let rssPeak = 0;
    let streamed = 0;
    let chunks = 0;
    try {
      const reader = streamReleaseZip({
        entries: entries(),
        date: releaseDate,
        storage: storage(),
      }).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await file.write(value);
        streamed += value.byteLength;
        // Collect what the stream let go of, so only what it holds is measured.
        if (++chunks % 256 === 0) {
          gc();
          peak = Math.max(peak, liveBytes() - baseline);
          rssPeak = Math.max(rssPeak, process.memoryUsage().rss - rssBaseline);
        }
      }
    } finally {
      await file.close();
    }
    gc();
    peak = Math.max(peak, liveBytes() - baseline);
    console.log(
      `release zip: ${(streamed / MB).toFixed(1)} MB streamed in ${chunks} chunks; live memory (heapUsed + arrayBuffers, sampled every 256 chunks after gc) peaked at ${(peak / MB).toFixed(2)} MB over its baseline of ${(baseline / MB).toFixed(1)} MB; RSS grew by at most ${(rssPeak / MB).toFixed(1)} MB from ${(rssBaseline / MB).toFixed(0)} MB`,
    );
    expect(streamed).toBeGreaterThan(TRACKS * TRACK_BYTES);
    expect(peak).toBeLessThan(MAX_GROWTH_BYTES);
    // RSS also holds freed pages malloc keeps and the page cache's share of file reads, so its
    // bound is looser; buffering one entry whole would still break it, the zip four times over.
    expect(rssPeak).toBeLessThan(96 * MB);

    // The central directory lists every entry, in order, at its full size.
    const listing = execFileSync("unzip", ["-l", out], { encoding: "utf8" });
    const rows = listing
      .split("\n")
      .map((l) => /^\s*(\d+)\s+\S+\s+\S+\s+(.+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && m[2]!.endsWith(".wav"));
    expect(rows.map((m) => m[2])).toEqual(entries().map((e) => e.name));
    for (const m of rows) expect(Number(m[1])).toBe(TRACK_BYTES);
    // Every entry's CRC-32 matches its bytes.
    expect(execFileSync("unzip", ["-tq", out], { encoding: "utf8" })).toMatch(/No errors detected/);
    // STOREd, dated the release day (UTC).
    const info = execFileSync("zipinfo", [out], { encoding: "utf8" });
    expect(info).toMatch(/stor 26-Nov-20 00:00 01 - Long Take 1\.wav/);
    expect(info).not.toMatch(/defN/);
  });

  test("the same files and date give the same zip bytes; without a release date the entries are dated 1980-01-01", async () => {
    const small = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);
    await storage().put("transcodes/a.mp3", small, "audio/mpeg");
    await storage().put("transcodes/b.mp3", small.subarray(0, 150_000), "audio/mpeg");
    const zipOnce = async () => {
      const body = streamReleaseZip({
        entries: [
          { name: "01 - A.mp3", storageKey: "transcodes/a.mp3" },
          { name: "02 - B/side: C?.mp3", storageKey: "transcodes/b.mp3" },
        ],
        date: ZIP_EPOCH,
        storage: storage(),
      });
      return new Uint8Array(await new Response(body).arrayBuffer());
    };
    const first = await zipOnce();
    await new Promise((r) => setTimeout(r, 1100)); // a DOS time has 2-second steps; cross one
    const second = await zipOnce();
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    expect(sha(second)).toBe(sha(first));
    const out = path.join(dir, "small.zip");
    await fs.writeFile(out, first);
    const info = execFileSync("zipinfo", [out], { encoding: "utf8" });
    expect(info).toMatch(/stor 80-Jan-01 00:00 01 - A\.mp3/);
    expect(info).toMatch(/stor 80-Jan-01 00:00 02 - B\/side: C\?\.mp3/);
  });

  test("an entry name is NN - Title.ext, padded to the track count, without folder or reserved characters", () => {
    expect(zipEntryName({ position: 3, trackCount: 12, title: "AC/DC: Live?", ext: "flac" })).toBe(
      "03 - AC_DC_ Live_.flac",
    );
    expect(zipEntryName({ position: 7, trackCount: 120, title: "Seven", ext: "m4a" })).toBe(
      "007 - Seven.m4a",
    );
  });

  test("a file missing from storage cuts the zip short with an error naming it", async () => {
    const body = streamReleaseZip({
      entries: [{ name: "01 - Gone.mp3", storageKey: "transcodes/nothing-here.mp3" }],
      date: ZIP_EPOCH,
      storage: storage(),
    });
    await expect(new Response(body).arrayBuffer()).rejects.toThrow(
      /01 - Gone\.mp3.*missing from storage/,
    );
  });
});
