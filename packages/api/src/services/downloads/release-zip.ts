/**
 * A release's files as one zip, streamed (issue 16 §2): each entry is read from storage as a
 * stream and written through archiver straight to the response; the whole zip is never held in
 * memory, and only one entry's storage object is open at a time.
 */
import { once } from "node:events";
import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";

import archiver from "archiver";

import type { Storage } from "../media/storage";

/** One file of the zip. */
export type ZipEntry = { name: string; storageKey: string };

/** The entries' date when the release has none: the earliest a zip (DOS) date can say. */
export const ZIP_EPOCH = new Date(Date.UTC(1980, 0, 1));

/**
 * An entry's name, "NN - Title.ext": the position zero-padded to two digits (three from 100
 * tracks), the title with the characters that mean folders or are refused by Windows ("/", "\",
 * ":", "*", "?", '"', "<", ">", "|") and control characters replaced by "_".
 */
export function zipEntryName(opts: {
  position: number;
  trackCount: number;
  title: string;
  ext: string;
}): string {
  const width = Math.max(2, String(opts.trackCount).length);
  // eslint-disable-next-line no-control-regex
  const title = opts.title.replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, "_").trim() || "Track";
  return `${String(opts.position).padStart(width, "0")} - ${title}.${opts.ext}`;
}

/**
 * Streams `entries` as a zip, in order. Entries are STOREd (audio is already compressed, and
 * deflating it would cost CPU for nothing), every one with `date` (UTC; archiver writes UTC DOS
 * times) and no other varying field, so the same files give the same zip bytes. Backpressure
 * holds: the next chunk is produced only when the consumer pulls, and the next entry's storage
 * object is opened only when the previous entry is written.
 *
 * @param opts.date the entries' modification time, e.g. the release date, else `ZIP_EPOCH`.
 * @returns a web stream of the zip's bytes; it errors (the response is cut short) when an entry
 *   is missing from storage or a read fails midway.
 */
export function streamReleaseZip(opts: {
  entries: readonly ZipEntry[];
  date: Date;
  storage: Storage;
}): ReadableStream<Uint8Array> {
  const archive = archiver("zip", { store: true });
  let source: Readable | undefined;
  let cancelled = false;
  const fill = async () => {
    for (const entry of opts.entries) {
      const object = await opts.storage.get(entry.storageKey);
      if (!object)
        throw new Error(`Zip entry "${entry.name}" (${entry.storageKey}) is missing from storage.`);
      if (cancelled) {
        await object.body.cancel();
        return;
      }
      source = Readable.fromWeb(object.body as NodeReadableStream<Uint8Array>);
      const written = once(archive, "entry");
      archive.append(source, {
        name: entry.name,
        date: opts.date,
        store: true,
      });
      await written;
    }
    await archive.finalize();
  };
  fill().catch((e: unknown) => archive.destroy(e instanceof Error ? e : new Error(String(e))));
  const chunks = archive[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else
        controller.enqueue(
          new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength),
        );
    },
    async cancel() {
      // The buyer went away: close the open storage object too (a file handle, a fetch).
      cancelled = true;
      source?.destroy();
      archive.abort();
      await chunks.return?.();
    },
  });
}
