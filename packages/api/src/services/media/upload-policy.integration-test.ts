import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import type { PrismaClient } from "@fanfare/db";
import { createTestDb } from "@fanfare/db/testing";

import { AppError } from "../app-error";
import { assertUploadAllowed, countPendingUploads, mayUpload } from "./upload-policy";

const saved = process.env.UPLOAD_PENDING_QUOTA;

describe("upload owner rule and pending-upload quota", () => {
  let db: PrismaClient;
  let close: () => Promise<void>;
  let artistUserId: string;
  let plainUserId: string;
  let artistId: string;
  let n = 0;

  const addUpload = (ownerId: string, kind: "MASTER" | "ARTWORK" = "MASTER") => {
    n++;
    return db.upload.create({
      data: {
        ownerId,
        kind,
        storageKey: `${kind.toLowerCase()}/${n}-${Date.now()}`,
        contentType: "audio/wav",
        originalFilename: `f${n}`,
        sizeBytes: 1,
        sha256: "x",
      },
    });
  };

  beforeAll(async () => {
    ({ db, close } = await createTestDb());
    const artistUser = await db.user.create({ data: { email: "artist@example.test" } });
    artistUserId = artistUser.id;
    artistId = (
      await db.artistProfile.create({ data: { userId: artistUserId, name: "A", slug: "a" } })
    ).id;
    plainUserId = (await db.user.create({ data: { email: "fan@example.test" } })).id;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.UPLOAD_PENDING_QUOTA;
    else process.env.UPLOAD_PENDING_QUOTA = saved;
  });
  afterAll(async () => {
    await close();
  });

  test.each([
    ["an artist", { isArtist: true, isAdmin: false }, "MASTER", true],
    ["an artist", { isArtist: true, isAdmin: false }, "ARTWORK", true],
    [
      "a signed-in user without an artist profile",
      { isArtist: false, isAdmin: false },
      "MASTER",
      false,
    ],
    [
      "a signed-in user without an artist profile",
      { isArtist: false, isAdmin: false },
      "ARTWORK",
      false,
    ],
    ["an admin without an artist profile", { isArtist: false, isAdmin: true }, "MASTER", false],
    ["an artist", { isArtist: true, isAdmin: false }, "IMAGE", true],
    [
      "a signed-in user without an artist profile",
      { isArtist: false, isAdmin: false },
      "IMAGE",
      true,
    ],
  ] as const)("%s may upload %s: %s", (_who, user, kind, allowed) => {
    expect(mayUpload(user, kind)).toBe(allowed);
  });

  test("a user without an artist profile is refused masters and artwork with FORBIDDEN before any byte is read, and may upload a picture", async () => {
    for (const kind of ["MASTER", "ARTWORK"] as const) {
      const e = await assertUploadAllowed({ userId: plainUserId, kind }, db).catch(
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).code).toBe("FORBIDDEN");
      expect((e as AppError).message).toBe(
        `Only artists can upload ${kind.toLowerCase()} files: create your artist profile first.`,
      );
    }
    // Before the form is read (kind unknown), a kind they may upload (IMAGE) lets them through;
    // the kind is checked again once the form is read.
    await expect(
      assertUploadAllowed({ userId: plainUserId, kind: null }, db),
    ).resolves.toBeUndefined();
    await expect(
      assertUploadAllowed({ userId: plainUserId, kind: "IMAGE" }, db),
    ).resolves.toBeUndefined();
    await expect(
      assertUploadAllowed({ userId: artistUserId, kind: "MASTER" }, db),
    ).resolves.toBeUndefined();
  });

  test("counts only uploads no track uses (as master or artwork) against UPLOAD_PENDING_QUOTA", async () => {
    process.env.UPLOAD_PENDING_QUOTA = "3";
    const used = await addUpload(artistUserId);
    const art = await addUpload(artistUserId, "ARTWORK");
    await db.track.create({
      data: {
        artistId,
        slug: "t",
        title: "T",
        masterUploadId: used.id,
        masterKey: used.storageKey,
        masterContentType: "audio/wav",
        masterFilename: "f",
        masterSizeBytes: 1,
        masterFormat: "wav",
        durationSeconds: 1,
        priceCents: 100,
        artworkKey: art.storageKey,
      },
    });
    await addUpload(artistUserId);
    await addUpload(artistUserId);
    expect(await countPendingUploads(artistUserId, db)).toBe(2);
    await expect(
      assertUploadAllowed({ userId: artistUserId, kind: "ARTWORK" }, db),
    ).resolves.toBeUndefined();
    await addUpload(artistUserId);
    const e = await assertUploadAllowed({ userId: artistUserId, kind: "ARTWORK" }, db).catch(
      (err: unknown) => err,
    );
    expect((e as AppError).code).toBe("CONFLICT");
    expect((e as AppError).message).toBe(
      "You have 3 uploads not used by any track yet (the limit is 3): use them in a track before uploading more.",
    );
  });
});
