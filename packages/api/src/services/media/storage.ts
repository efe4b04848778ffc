/**
 * Where uploaded files live: UploadThing when `UPLOADTHING_TOKEN` is set, local disk under
 * `<dataDir>/uploads/` otherwise. Keys are ours (`masters/<id>.wav`); neither driver exposes a
 * public URL, so every read goes through our server (downloads check entitlement first).
 */
import { randomUUID } from "node:crypto";
import { openAsBlob } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

import { UTApi, UTFile } from "uploadthing/server";

import { dataDir } from "@fanfare/db";

import { mediaEnv } from "./env";

/** A stored file as read back. Consume or cancel `body`: the local driver holds a file open. */
export type StoredObject = {
  body: ReadableStream<Uint8Array>;
  /** Length of `body` in bytes. */
  sizeBytes: number;
  contentType: string;
};

/**
 * A blob store keyed by our storage keys. Keys are relative, "/"-separated, at most 128
 * characters of letters, digits, ".", "_" and "-", no segment starting with "."; both drivers
 * refuse anything else (see `assertValidStorageKey`).
 */
export type Storage = {
  driver: "local" | "uploadthing";
  /** Stores `bytes` under `key`, replacing what was there (local) or failing (UploadThing). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /**
   * Stores the local file at `filePath` under `key` as `put` does, streamed from disk: the file
   * is never read into memory whole (a transcode may be hundreds of MB).
   */
  putFile(key: string, filePath: string, contentType: string): Promise<void>;
  /** Reads `key` back; null when nothing is stored under it. */
  get(key: string): Promise<StoredObject | null>;
  /** Deletes `key`; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
};

/** Longest key: UploadThing caps `customId` at 128 characters and keys map 1:1 to it. */
export const MAX_STORAGE_KEY_LENGTH = 128;

const KEY_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/**
 * Throws unless `key` is a safe relative storage key: no absolute path, no "." or ".." segment,
 * no hidden name (the local driver keeps its temp and metadata files under names starting with
 * "."), no backslash or other character outside `[A-Za-z0-9._-/]`, at most 128 characters.
 *
 * @throws Error `Invalid storage key "<key>": <reason>.`
 */
export function assertValidStorageKey(key: string): void {
  const fail = (why: string): never => {
    throw new Error(`Invalid storage key ${JSON.stringify(key)}: ${why}.`);
  };
  if (key.length === 0) fail("it is empty");
  if (key.length > MAX_STORAGE_KEY_LENGTH) fail(`longer than ${MAX_STORAGE_KEY_LENGTH} characters`);
  if (key.startsWith("/") || key.startsWith("\\") || /^[A-Za-z]:/.test(key)) {
    fail("absolute paths are not allowed");
  }
  for (const segment of key.split("/")) {
    if (segment === "..") fail(`".." segments are not allowed`);
    if (segment === "") fail("it has an empty path segment");
    if (segment.startsWith(".")) fail(`segments may not start with "."`);
    if (!KEY_SEGMENT.test(segment)) fail(`only letters, digits, ".", "_", "-" and "/" are allowed`);
  }
}

let cached: { token: string | undefined; storage: Storage } | undefined;

/**
 * The process's storage: UploadThing (private files) when `UPLOADTHING_TOKEN` is set, otherwise
 * local disk under `<dataDir>/uploads/` (dataDir from `@fanfare/db`, default `<repo>/.data`).
 *
 * @throws Error from `mediaEnv()` when the environment is invalid.
 */
export function getStorage(): Storage {
  const token = mediaEnv().UPLOADTHING_TOKEN;
  if (cached && cached.token === token) return cached.storage;
  const storage = token
    ? createUploadThingStorage({ token })
    : createLocalStorage(path.join(dataDir(), "uploads"));
  cached = { token, storage };
  return storage;
}

/**
 * Local-disk storage rooted at `rootDir` (created on first write). `<rootDir>/<key>` holds the
 * bytes and a hidden sibling `.<name>.meta.json` the content type. Writes go to a temp file in
 * the same folder, are fsynced and renamed into place, so a reader never sees half a file.
 *
 * @throws Error (invalid key, see `assertValidStorageKey`) from every method; fs errors as-is.
 */
export function createLocalStorage(rootDir: string): Storage {
  const root = path.resolve(rootDir);

  function pathsOf(key: string): { file: string; meta: string } {
    assertValidStorageKey(key);
    const file = path.join(root, ...key.split("/"));
    // The key rules already keep us inside root; this guards against a future rule change.
    if (path.relative(root, file).startsWith(".."))
      throw new Error(`Invalid storage key "${key}".`);
    return { file, meta: path.join(path.dirname(file), `.${path.basename(file)}.meta.json`) };
  }

  return {
    driver: "local",

    async put(key, bytes, contentType) {
      const { file, meta } = pathsOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Metadata first: once the data file exists its content type does too.
      await writeFileAtomic(meta, JSON.stringify({ contentType }));
      await writeFileAtomic(file, bytes);
    },

    async putFile(key, filePath, contentType) {
      const { file, meta } = pathsOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(meta, JSON.stringify({ contentType }));
      await copyFileAtomic(filePath, file);
    },

    async get(key) {
      const { file, meta } = pathsOf(key);
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(file, "r");
      } catch (e) {
        if (isNotFound(e)) return null;
        throw e;
      }
      try {
        // Size from the open handle, so it matches the bytes streamed even if the key is replaced.
        const { size } = await handle.stat();
        const contentType = await readContentType(meta);
        const body = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
        return { body, sizeBytes: size, contentType };
      } catch (e) {
        await handle.close();
        throw e;
      }
    },

    async delete(key) {
      const { file, meta } = pathsOf(key);
      await fs.rm(file, { force: true });
      await fs.rm(meta, { force: true });
    },
  };
}

/**
 * Writes `target` so a reader never sees half a file: `fill` writes a temp file in the same
 * folder (given its path, which it must create), which is then fsynced and renamed into place.
 */
async function replaceAtomically(
  target: string,
  fill: (tmp: string) => Promise<void>,
): Promise<void> {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
  try {
    await fill(tmp);
    const handle = await fs.open(tmp, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

const writeFileAtomic = (target: string, data: Uint8Array | string) =>
  replaceAtomically(target, (tmp) => fs.writeFile(tmp, data, { flag: "wx" }));

/** Copies `source` to `target` as `writeFileAtomic` writes (the source is left as it is). */
const copyFileAtomic = (source: string, target: string) =>
  replaceAtomically(target, (tmp) => fs.copyFile(source, tmp, fs.constants.COPYFILE_EXCL));

async function readContentType(metaPath: string): Promise<string> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(metaPath, "utf8"));
    if (typeof parsed === "object" && parsed !== null && "contentType" in parsed) {
      const { contentType } = parsed;
      if (typeof contentType === "string" && contentType) return contentType;
    }
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  return "application/octet-stream";
}

function isNotFound(e: unknown): boolean {
  return typeof e === "object" && e !== null && "code" in e && e.code === "ENOENT";
}

/**
 * UploadThing storage through the server-side `UTApi`. Files are uploaded with the private ACL
 * (the app must allow ACL overrides on the UploadThing dashboard) and our key as `customId`
 * ("/" written as "~", since a customId is one URL path segment); `get` fetches a signed URL,
 * valid `signedUrlTtlSeconds` (default 300), through `fetch`.
 *
 * @param opts.token the UploadThing v7 token.
 * @param opts.fetch used for the API, the upload and the signed-URL download (tests pass one).
 * @throws Error (invalid key) from every method; Error `UploadThing ...` when UploadThing
 *   refuses an upload or answers a download with a status other than 200 or 404.
 */
export function createUploadThingStorage(opts: {
  token: string;
  fetch?: typeof globalThis.fetch;
  signedUrlTtlSeconds?: number;
}): Storage {
  const doFetch = opts.fetch ?? globalThis.fetch;
  const utapi = new UTApi({
    token: opts.token,
    // UploadThing types fetch's Response.json() as generic; Node's returns unknown. Same function.
    fetch: doFetch as unknown as UTApiFetch,
    logLevel: "Error",
  });
  const ttl = opts.signedUrlTtlSeconds ?? 300;

  async function upload(key: string, part: Uint8Array | Blob, contentType: string): Promise<void> {
    // UTFilePropertyBag extends the DOM's BlobPropertyBag, which this Node-only build lacks.
    const fileOptions = { customId: toCustomId(key), type: contentType };
    const file = new UTFile([part as BlobPart], path.posix.basename(key), fileOptions);
    const result = await utapi.uploadFiles(file, { acl: "private" });
    if (result.error) {
      throw new Error(
        `UploadThing refused to store "${key}": ${result.error.code}: ${result.error.message}`,
      );
    }
  }

  return {
    driver: "uploadthing",

    async put(key, bytes, contentType) {
      // A copy backed by a plain ArrayBuffer: under DOM typings a BlobPart may not be shared memory.
      await upload(key, new Uint8Array(bytes), contentType);
    },

    async putFile(key, filePath, contentType) {
      // A Blob backed by the file: its bytes are read as the upload streams them.
      await upload(key, await openAsBlob(filePath), contentType);
    },

    async get(key) {
      const { ufsUrl } = await utapi.generateSignedURL(toCustomId(key), { expiresIn: ttl });
      const res = await doFetch(ufsUrl);
      if (res.status === 404) {
        await res.body?.cancel();
        return null;
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        throw new Error(`UploadThing answered ${res.status} when reading "${key}".`);
      }
      const contentType = res.headers.get("content-type") ?? "application/octet-stream";
      const length = Number(res.headers.get("content-length") ?? Number.NaN);
      if (Number.isSafeInteger(length) && length >= 0) {
        return { body: res.body as ReadableStream<Uint8Array>, sizeBytes: length, contentType };
      }
      // No Content-Length (chunked response): buffer to learn the size callers need.
      const bytes = new Uint8Array(await res.arrayBuffer());
      return { body: streamOf(bytes), sizeBytes: bytes.byteLength, contentType };
    },

    async delete(key) {
      await utapi.deleteFiles(toCustomId(key), { keyType: "customId" });
    },
  };
}

type UTApiFetch = NonNullable<ConstructorParameters<typeof UTApi>[0]>["fetch"];

function toCustomId(key: string): string {
  assertValidStorageKey(key);
  // "~" is URL-safe and outside the key alphabet, so the mapping is one-to-one.
  return key.replaceAll("/", "~");
}

function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
