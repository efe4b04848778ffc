import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";

import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";

import { probeAudio, synthesizeTone } from "./audio";
import { ingestUpload } from "./ingest-upload";
import { MediaError } from "./media-error";
import type { Storage } from "./storage";
import { createLocalStorage } from "./storage";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAEElEQVR4nGP4y8AARAwQCgAfrgP19hgqWQAAAABJRU5ErkJggg==",
  "base64",
);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

/** Every file under `dir` (hidden metadata and temp files included); [] when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe("ingestUpload", () => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let ownerId: string;
  let root: string;
  let storage: Storage;
  let master: Uint8Array;

  beforeAll(async () => {
    ({ db, close } = await createTestDb());
    ownerId = (await db.user.create({ data: { email: "artist@example.test" } })).id;
    master = await synthesizeTone({ seconds: 35, frequencyHz: 196, format: "wav" });
  });
  afterAll(async () => {
    await close();
  });
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "fanfare-ingest-test-"));
    storage = createLocalStorage(root);
  });
  afterEach(async () => {
    await db.upload.deleteMany();
    await fs.rm(root, { recursive: true, force: true });
  });

  test("a master gets an Upload row with duration, format and preview, and is stored byte-identical", async () => {
    const upload = await ingestUpload({
      db,
      storage,
      ownerId,
      kind: "MASTER",
      filename: "Night Drive.wav",
      bytes: master,
    });

    expect(upload).toMatchObject({
      ownerId,
      kind: "MASTER",
      contentType: "audio/wav",
      originalFilename: "Night Drive.wav",
      sizeBytes: master.byteLength,
      sha256: createHash("sha256").update(master).digest("hex"),
      format: "wav",
      durationSeconds: 35,
    });
    const id = /^masters\/([a-z0-9]{24})\.wav$/.exec(upload.storageKey)?.[1];
    expect(id).toBeDefined();
    expect(upload.previewKey).toBe(`previews/${id}.mp3`);
    expect(await db.upload.findUniqueOrThrow({ where: { id: upload.id } })).toEqual(upload);

    const stored = await storage.get(upload.storageKey);
    expect(stored?.contentType).toBe("audio/wav");
    expect((await readAll(stored!.body)).equals(Buffer.from(master))).toBe(true);

    const preview = await storage.get(upload.previewKey!);
    expect(preview?.contentType).toBe("audio/mpeg");
    const previewProbe = await probeAudio(await readAll(preview!.body));
    expect(previewProbe.format).toBe("mp3");
    expect(previewProbe.durationSeconds).toBe(30);
  });

  test("artwork is stored under artwork/ with no audio fields", async () => {
    const upload = await ingestUpload({
      db,
      storage,
      ownerId,
      kind: "ARTWORK",
      filename: "cover",
      bytes: PNG,
    });

    expect(upload).toMatchObject({
      kind: "ARTWORK",
      contentType: "image/png",
      sizeBytes: PNG.byteLength,
      format: null,
      durationSeconds: null,
      previewKey: null,
    });
    expect(upload.storageKey).toMatch(/^artwork\/[a-z0-9]{24}\.png$/);
    expect((await readAll((await storage.get(upload.storageKey))!.body)).equals(PNG)).toBe(true);
  });

  test("an invalid file leaves no row and no stored object", async () => {
    const bytes = new TextEncoder().encode("this is a text file with an audio name\n");

    const e = await ingestUpload({
      db,
      storage,
      ownerId,
      kind: "MASTER",
      filename: "song.mp3",
      bytes,
    }).catch((err: unknown) => err);

    expect(e).toBeInstanceOf(MediaError);
    expect((e as MediaError).code).toBe("UNSUPPORTED_TYPE");
    expect(await db.upload.count()).toBe(0);
    expect(await filesUnder(root)).toEqual([]);
  });

  test("when the insert fails, the stored master and preview are deleted again", async () => {
    const e = await ingestUpload({
      db,
      storage,
      ownerId: "no-such-user",
      kind: "MASTER",
      filename: "a.wav",
      bytes: master,
    }).catch((err: unknown) => err);

    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(MediaError);
    expect(await db.upload.count()).toBe(0);
    expect(await filesUnder(root)).toEqual([]);
  });

  test("when storing the preview fails, the stored master is deleted again", async () => {
    const failingPreviews: Storage = {
      ...storage,
      put: (key, bytes, contentType) =>
        key.startsWith("previews/")
          ? Promise.reject(new Error("disk full"))
          : storage.put(key, bytes, contentType),
    };

    await expect(
      ingestUpload({
        db,
        storage: failingPreviews,
        ownerId,
        kind: "MASTER",
        filename: "a.wav",
        bytes: master,
      }),
    ).rejects.toThrow("disk full");
    expect(await db.upload.count()).toBe(0);
    expect(await filesUnder(root)).toEqual([]);
  });
});
