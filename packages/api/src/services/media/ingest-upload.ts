import { createHash } from "node:crypto";

import { customAlphabet } from "nanoid";

import type { DbClient, Prisma, Upload, UploadKind } from "@fanfare/db";

import { cutPreview } from "./audio";
import { sniffArtwork, sniffMaster } from "./sniff";
import type { Storage } from "./storage";

// Lower-case alphanumerics: safe in storage keys, UploadThing customIds and URLs on any
// case-insensitive filesystem. 24 characters = 124 bits, no collision check needed.
const newStorageId = customAlphabet("0123456789abcdefghijklmnopqrstuvwxyz", 24);

export type IngestUploadInput = {
  /** A PrismaClient or an interactive-transaction client. */
  db: DbClient;
  storage: Storage;
  /** `User.id` of the uploader. */
  ownerId: string;
  kind: UploadKind;
  /** The name the user gave the file; kept as `originalFilename`, never used to decide the type. */
  filename: string;
  /** The whole file. */
  bytes: Uint8Array;
};

/**
 * Validates, stores and records one uploaded file.
 *
 * MASTER: sniffed and probed (`sniffMaster`), a 30-second mp3 preview is cut, the master is
 * stored at `masters/<id>.<ext>` and the preview at `previews/<id>.mp3`; the row gets `format`
 * (mp3 | wav | flac | m4a), `durationSeconds` (integer, rounded up) and `previewKey`.
 * ARTWORK: sniffed (`sniffArtwork`) and stored at `artwork/<id>.<ext>`; no format/duration/preview.
 * Every row records content type (from the bytes), size in bytes and the sha256 (hex) of the bytes.
 *
 * All work that can refuse the file runs before anything is stored, and the row is inserted
 * last: a refused or failed upload leaves no row, and objects already stored are deleted again
 * when a later step (another put, the insert) fails.
 *
 * @returns the inserted `Upload` row.
 * @throws MediaError (`EMPTY`, `TOO_LARGE`, `UNSUPPORTED_TYPE`, `UNREADABLE_AUDIO`) for a refused
 *   file; storage and database errors as thrown (e.g. a foreign-key error for an unknown owner).
 */
export async function ingestUpload(input: IngestUploadInput): Promise<Upload> {
  const { db, storage, ownerId, kind, filename, bytes } = input;
  const id = newStorageId();

  let objects: { key: string; bytes: Uint8Array; contentType: string }[];
  let row: Omit<Prisma.UploadUncheckedCreateInput, "ownerId" | "sha256">;
  switch (kind) {
    case "MASTER": {
      const master = await sniffMaster({ filename, bytes });
      const preview = await cutPreview({ bytes });
      const storageKey = `masters/${id}.${master.ext}`;
      const previewKey = `previews/${id}.mp3`;
      objects = [
        { key: storageKey, bytes, contentType: master.contentType },
        { key: previewKey, bytes: preview, contentType: "audio/mpeg" },
      ];
      row = {
        kind,
        storageKey,
        contentType: master.contentType,
        originalFilename: filename,
        sizeBytes: master.sizeBytes,
        format: master.format,
        durationSeconds: master.probe.durationSeconds,
        previewKey,
      };
      break;
    }
    case "ARTWORK":
    case "IMAGE": {
      // A profile picture (artist image, landing page photo) is checked like artwork.
      const artwork = await sniffArtwork({ filename, bytes });
      const storageKey = `${kind === "IMAGE" ? "images" : "artwork"}/${id}.${artwork.ext}`;
      objects = [{ key: storageKey, bytes, contentType: artwork.contentType }];
      row = {
        kind,
        storageKey,
        contentType: artwork.contentType,
        originalFilename: filename,
        sizeBytes: artwork.sizeBytes,
      };
      break;
    }
    default: {
      const unknown: never = kind;
      throw new Error(`Cannot ingest upload: unknown kind ${String(unknown)}.`);
    }
  }

  // Hashed only once the file is accepted: 200 MB takes about half a second.
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const stored: string[] = [];
  try {
    for (const o of objects) {
      await storage.put(o.key, o.bytes, o.contentType);
      stored.push(o.key);
    }
    return await db.upload.create({ data: { ...row, sha256, ownerId } });
  } catch (e) {
    // Best effort: the original error is what the caller needs; a leftover object is only
    // wasted space (its random key is never referenced).
    await Promise.allSettled(stored.map((key) => storage.delete(key)));
    throw e;
  }
}
