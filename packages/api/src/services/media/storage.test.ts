import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";

import type { Storage } from "./storage";
import { createLocalStorage, createUploadThingStorage } from "./storage";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe("local storage", () => {
  let root: string;
  let storage: Storage;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), "fanfare-storage-test-"));
    storage = createLocalStorage(path.join(root, "uploads"));
  });

  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  test("get returns exactly the bytes, size and content type that put stored", async () => {
    const bytes = new Uint8Array(randomBytes(300_000));
    await storage.put("masters/abc123.wav", bytes, "audio/wav");

    const got = await storage.get("masters/abc123.wav");

    expect(got).not.toBeNull();
    expect(got!.sizeBytes).toBe(bytes.byteLength);
    expect(got!.contentType).toBe("audio/wav");
    expect(Buffer.from(await readAll(got!.body)).equals(Buffer.from(bytes))).toBe(true);
  });

  test("writes the file under <root>/<key> and leaves no temp files behind", async () => {
    await storage.put("artwork/x1.png", new Uint8Array([1, 2, 3]), "image/png");

    const names = await fs.readdir(path.join(root, "uploads", "artwork"));
    expect(names.filter((n) => !n.startsWith(".")).sort()).toEqual(["x1.png"]);
    expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  test("a second put replaces the bytes and content type", async () => {
    await storage.put("previews/p.mp3", new Uint8Array([1, 2, 3]), "audio/mpeg");
    await storage.put("previews/p.mp3", new Uint8Array([9]), "application/octet-stream");

    const got = await storage.get("previews/p.mp3");
    expect(got!.contentType).toBe("application/octet-stream");
    expect([...(await readAll(got!.body))]).toEqual([9]);
  });

  test("get of a key that was never stored returns null", async () => {
    expect(await storage.get("masters/missing.wav")).toBeNull();
  });

  test("putFile stores a local file's bytes and content type, replaces what was there, and leaves no temp files", async () => {
    const bytes = new Uint8Array(randomBytes(2_000_000));
    const source = path.join(root, "out.flac");
    await fs.writeFile(source, bytes);
    await storage.put("transcodes/t.flac", new Uint8Array([7]), "application/octet-stream");

    await storage.putFile("transcodes/t.flac", source, "audio/flac");

    const got = await storage.get("transcodes/t.flac");
    expect(got!.sizeBytes).toBe(bytes.byteLength);
    expect(got!.contentType).toBe("audio/flac");
    expect(Buffer.from(await readAll(got!.body)).equals(Buffer.from(bytes))).toBe(true);
    const names = await fs.readdir(path.join(root, "uploads", "transcodes"));
    expect(names.filter((n) => n.endsWith(".tmp"))).toEqual([]);
    // The source is copied, not moved: the caller's temp folder still owns it.
    expect((await fs.stat(source)).size).toBe(bytes.byteLength);
  });

  test("delete removes the object, and deleting a missing key is not an error", async () => {
    await storage.put("masters/gone.flac", new Uint8Array([1]), "audio/flac");
    await storage.delete("masters/gone.flac");

    expect(await storage.get("masters/gone.flac")).toBeNull();
    await expect(storage.delete("masters/gone.flac")).resolves.toBeUndefined();
  });

  test.each([
    ["a parent segment", "../escape.txt"],
    ["a parent segment inside the key", "masters/../../escape.txt"],
    ["an absolute path", "/tmp/escape.txt"],
    ["a Windows drive path", "C:/escape.txt"],
    ["a backslash traversal", "masters\\..\\..\\escape.txt"],
    ["a hidden name", "masters/.escape.txt"],
    ["an empty segment", "masters//x.wav"],
    ["an empty key", ""],
  ])("refuses a key with %s for put, get and delete", async (_label, key) => {
    await expect(storage.put(key, new Uint8Array([1]), "text/plain")).rejects.toThrow(
      /Invalid storage key/,
    );
    await expect(storage.get(key)).rejects.toThrow(/Invalid storage key/);
    await expect(storage.delete(key)).rejects.toThrow(/Invalid storage key/);
    await expect(fs.access(path.join(root, "escape.txt"))).rejects.toThrow();
  });
});

/**
 * A fake of the three UploadThing endpoints the driver uses, with the same checks the real
 * service makes where they matter to us: the API key on API calls, and an HMAC-SHA256 signature
 * (by the API key, over the URL without `signature`) and expiry on ingest and private reads.
 * Shapes from uploadthing@7.7.4's server SDK (dist code and response schemas).
 */
describe("UploadThing storage (HTTP mocked with msw)", () => {
  const apiKey = "sk_test_fanfare";
  const appId = "fanfareapp";
  const token = Buffer.from(JSON.stringify({ apiKey, appId, regions: ["sea1"] })).toString(
    "base64",
  );

  type StoredFile = {
    fileKey: string;
    customId: string | null;
    acl: string;
    type: string;
    bytes: Uint8Array;
  };
  const files = new Map<string, StoredFile>();
  const calls: string[] = [];

  function hasValidSignature(url: URL): boolean {
    const signature = url.searchParams.get("signature");
    const expires = Number(url.searchParams.get("expires"));
    const unsigned = new URL(url);
    unsigned.searchParams.delete("signature");
    const expected = `hmac-sha256=${createHmac("sha256", apiKey).update(unsigned.toString()).digest("hex")}`;
    return signature === expected && expires > Date.now();
  }

  // The SDK encodes each signed field with encodeURIComponent before URLSearchParams encodes it.
  const field = (url: URL, name: string) => {
    const v = url.searchParams.get(name);
    return v === null ? null : decodeURIComponent(v);
  };

  const server = setupServer(
    http.put("https://sea1.ingest.uploadthing.com/:fileKey", async ({ request, params }) => {
      const url = new URL(request.url);
      calls.push(`ingest ${field(url, "x-ut-custom-id")} acl=${field(url, "x-ut-acl")}`);
      if (!hasValidSignature(url))
        return HttpResponse.json({ error: "bad signature" }, { status: 403 });
      const form = await request.formData();
      const file = form.get("file");
      if (!(file instanceof Blob)) return HttpResponse.json({ error: "no file" }, { status: 400 });
      const fileKey = String(params.fileKey);
      files.set(fileKey, {
        fileKey,
        customId: field(url, "x-ut-custom-id"),
        acl: field(url, "x-ut-acl") ?? "public-read",
        type: field(url, "x-ut-file-type") ?? "application/octet-stream",
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      const ufsUrl = `https://${appId}.ufs.sh/f/${fileKey}`;
      return HttpResponse.json({ url: ufsUrl, appUrl: ufsUrl, ufsUrl, fileHash: "fake" });
    }),
    http.get(`https://${appId}.ufs.sh/f/:id`, ({ request, params }) => {
      const url = new URL(request.url);
      const id = String(params.id);
      const file = [...files.values()].find((f) => f.fileKey === id || f.customId === id);
      if (!file) return new HttpResponse(null, { status: 404 });
      if (file.acl === "private" && !hasValidSignature(url))
        return new HttpResponse(null, { status: 403 });
      return new HttpResponse(file.bytes, {
        headers: { "content-type": file.type, "content-length": String(file.bytes.byteLength) },
      });
    }),
    http.post("https://api.uploadthing.com/v6/deleteFiles", async ({ request }) => {
      if (request.headers.get("x-uploadthing-api-key") !== apiKey) {
        return HttpResponse.json({ error: "unauthorized" }, { status: 401 });
      }
      const body = (await request.json()) as { customIds?: string[]; fileKeys?: string[] };
      calls.push(`delete ${JSON.stringify(body)}`);
      let deletedCount = 0;
      for (const [k, f] of files) {
        if (body.customIds?.includes(f.customId ?? "") || body.fileKeys?.includes(k)) {
          files.delete(k);
          deletedCount++;
        }
      }
      return HttpResponse.json({ success: true, deletedCount });
    }),
  );

  let storage: Storage;

  beforeAll(() => {
    server.listen({ onUnhandledRequest: "error" });
    // After listen: the driver keeps the fetch it was given, and msw patches the global one.
    storage = createUploadThingStorage({ token });
  });
  afterEach(() => {
    files.clear();
    calls.length = 0;
  });
  afterAll(() => server.close());

  test("put uploads privately under the key as customId, and get reads it back through a signed URL", async () => {
    const bytes = new Uint8Array(randomBytes(50_000));
    await storage.put("masters/abc123.wav", bytes, "audio/wav");

    expect(calls).toEqual(["ingest masters~abc123.wav acl=private"]);
    const [stored] = [...files.values()];
    expect(stored).toMatchObject({
      customId: "masters~abc123.wav",
      acl: "private",
      type: "audio/wav",
    });

    const got = await storage.get("masters/abc123.wav");
    expect(got).not.toBeNull();
    expect(got!.sizeBytes).toBe(bytes.byteLength);
    expect(got!.contentType).toBe("audio/wav");
    expect(Buffer.from(await readAll(got!.body)).equals(Buffer.from(bytes))).toBe(true);
  });

  test("putFile uploads a local file privately under the key, with its bytes", async () => {
    const bytes = new Uint8Array(randomBytes(120_000));
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "fanfare-ut-putfile-"));
    try {
      const source = path.join(dir, "out.mp3");
      await fs.writeFile(source, bytes);

      await storage.putFile("transcodes/t1.mp3", source, "audio/mpeg");
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }

    expect(calls).toEqual(["ingest transcodes~t1.mp3 acl=private"]);
    const [stored] = [...files.values()];
    expect(stored).toMatchObject({
      customId: "transcodes~t1.mp3",
      acl: "private",
      type: "audio/mpeg",
    });
    expect(Buffer.from(stored!.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  test("the stored private file cannot be read without the signature", async () => {
    await storage.put("masters/secret.wav", new Uint8Array([1, 2, 3]), "audio/wav");

    const res = await fetch(`https://${appId}.ufs.sh/f/masters~secret.wav`);
    expect(res.status).toBe(403);
  });

  test("get of a key that was never stored returns null", async () => {
    expect(await storage.get("masters/missing.wav")).toBeNull();
  });

  test("delete removes the file by customId", async () => {
    await storage.put("previews/p1.mp3", new Uint8Array([1]), "audio/mpeg");
    await storage.delete("previews/p1.mp3");

    expect(calls.at(-1)).toBe(`delete {"customIds":["previews~p1.mp3"]}`);
    expect(await storage.get("previews/p1.mp3")).toBeNull();
  });

  test("refuses a path-traversal key before any request", async () => {
    await expect(storage.put("../x.wav", new Uint8Array([1]), "audio/wav")).rejects.toThrow(
      /Invalid storage key/,
    );
    expect(calls).toEqual([]);
  });
});
