/**
 * Making one transcode (issue 16 §2): a track's master in MP3 320, AAC 256 or FLAC, tagged for
 * its context, written to storage and recorded in `TrackTranscode`. Run by the
 * `formats.transcode` job (jobs/handlers.ts); requests.ts queues it.
 */
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

import type { PrismaClient } from "@fanfare/db";
import type { TranscodeFormat } from "@fanfare/db/kinds";
import { parseFile } from "music-metadata";

import { runFfmpeg, withTempDir } from "../media/audio";
import { detectImageType, isRejected } from "../media/formats";
import type { Storage } from "../media/storage";
import type { CoverInput } from "./format-spec";
import { FORMAT_SPECS, transcodeArgs } from "./format-spec";
import type { TranscodeContext, TranscodeSource } from "./sources";
import { loadTranscodeSources, transcodeStorageKey } from "./sources";

/** What `makeTranscode` did. */
export type TranscodeOutcome =
  | { status: "made"; storageKey: string; sizeBytes: number; sha256: string }
  /** `fresh`: a ready file of the current tagsHash exists; `gone`: no such track (or not on the release). */
  | { status: "skipped"; reason: "fresh" | "gone" };

/**
 * Makes the transcode of `trackId` in `format` for `context` unless a ready one of the current
 * tagsHash exists (then nothing is read or written: the job's idempotence). Reads the master (and
 * the cover) from storage into a temporary folder, runs ffmpeg (`transcodeArgs`), stores the file
 * under `transcodeStorageKey` and marks the row `ready` with its size (bytes) and SHA-256; a stale
 * file it replaces is deleted from storage afterwards. On failure the row becomes `failed` with
 * the error, `attempts` + 1 (counted per tagsHash: a changed source starts again at 1), and the
 * error is rethrown so the job runner retries.
 *
 * @throws Error when the master is missing from storage, ffmpeg fails or storage refuses the
 *   file (after recording it on the row).
 */
export async function makeTranscode(
  input: { trackId: string; format: TranscodeFormat; context: TranscodeContext },
  deps: { db: PrismaClient; storage: Storage },
): Promise<TranscodeOutcome> {
  const { db, storage } = deps;
  const { trackId, format, context } = input;
  const src = (await loadTranscodeSources(db, { context, trackIds: [trackId] })).get(trackId);
  if (!src) return { status: "skipped", reason: "gone" };
  const where = { trackId_format_context: { trackId, format, context } };
  const row = await db.trackTranscode.findUnique({ where });
  if (row?.status === "ready" && row.tagsHash === src.tagsHash)
    return { status: "skipped", reason: "fresh" };
  if (!row)
    await db.trackTranscode
      .create({ data: { trackId, format, context, tagsHash: src.tagsHash } })
      .catch((e: unknown) => {
        // Made by a concurrent request: the update below writes over it.
        if (!(e instanceof Error && "code" in e && e.code === "P2002")) throw e;
      });
  const storageKey = transcodeStorageKey({ trackId, format, context, tagsHash: src.tagsHash });
  try {
    const file = await encodeAndStore(src, format, storage, storageKey);
    await db.trackTranscode.update({
      where,
      data: {
        status: "ready",
        tagsHash: src.tagsHash,
        storageKey,
        sizeBytes: file.sizeBytes,
        sha256: file.sha256,
        error: null,
      },
    });
    if (row?.storageKey && row.storageKey !== storageKey) await storage.delete(row.storageKey);
    return { status: "made", storageKey, sizeBytes: file.sizeBytes, sha256: file.sha256 };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const current = await db.trackTranscode.findUnique({ where });
    await db.trackTranscode.update({
      where,
      data: {
        status: "failed",
        tagsHash: src.tagsHash,
        storageKey: null,
        sizeBytes: null,
        sha256: null,
        error: message.slice(0, 2000),
        attempts: current?.tagsHash === src.tagsHash ? { increment: 1 } : 1,
      },
    });
    if (current?.storageKey) await storage.delete(current.storageKey).catch(() => undefined);
    throw e;
  }
}

/**
 * Encodes `src` into `format` in a temporary folder and stores the file under `storageKey`,
 * streamed from disk (never held in memory whole). @returns its size in bytes and SHA-256 (hex).
 */
async function encodeAndStore(
  src: TranscodeSource,
  format: TranscodeFormat,
  storage: Storage,
  storageKey: string,
): Promise<{ sizeBytes: number; sha256: string }> {
  return withTempDir("fanfare-transcode-", async (dir) => {
    const input = path.join(dir, `master.${src.masterFormat}`);
    const master = await storage.get(src.masterKey);
    if (!master)
      throw new Error(
        `The master of track ${src.trackId} (${src.masterKey}) is missing from storage.`,
      );
    // Streamed to disk: a master may be 200 MB.
    await pipeline(
      Readable.fromWeb(master.body as NodeReadableStream<Uint8Array>),
      createWriteStream(input),
    );
    const cover = await readCover(src, storage, dir);
    const { format: probe } = await parseFile(input, { skipCovers: true, duration: false });
    const output = path.join(dir, `out.${FORMAT_SPECS[format].ext}`);
    await runFfmpeg(
      transcodeArgs({
        format,
        input,
        output,
        tags: src.tags,
        cover,
        sampleRateHz: probe.sampleRate,
        channels: probe.numberOfChannels,
      }),
    );
    const hash = createHash("sha256");
    await pipeline(createReadStream(output), hash);
    const { size } = await fs.stat(output);
    // UploadThing refuses a key that exists (a retry after a crash between put and update).
    if (storage.driver === "uploadthing") await storage.delete(storageKey);
    await storage.putFile(storageKey, output, FORMAT_SPECS[format].contentType);
    return { sizeBytes: size, sha256: hash.digest("hex") };
  });
}

/**
 * The cover as a local file, or null when the source has none. A cover missing from storage or
 * not an image is left out rather than failing the transcode: the audio is what was bought.
 */
async function readCover(
  src: TranscodeSource,
  storage: Storage,
  dir: string,
): Promise<CoverInput | null> {
  if (!src.artworkKey) return null;
  const art = await storage.get(src.artworkKey);
  if (!art) return null;
  // Artwork is at most MAX_ARTWORK_BYTES (10 MB): read whole to sniff its type.
  const bytes = new Uint8Array(await new Response(art.body).arrayBuffer());
  const type = await detectImageType(bytes);
  if (isRejected(type)) return null;
  const coverPath = path.join(dir, `cover.${type.ext}`);
  await fs.writeFile(coverPath, bytes);
  return { path: coverPath, format: type.format };
}
