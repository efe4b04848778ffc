import { getStorage, ingestUpload, MAX_ARTWORK_BYTES, MAX_MASTER_BYTES, MediaError } from "@fanfare/api/services/media";
import { getDb } from "@fanfare/db";

import { jsonError } from "~/lib/request";
import { requestUserId } from "~/lib/session-user";

export const dynamic = "force-dynamic";

const STATUS: Record<MediaError["code"], number> = { UNSUPPORTED_TYPE: 415, TOO_LARGE: 413, EMPTY: 400, UNREADABLE_AUDIO: 422 };

/**
 * POST /api/uploads (multipart: `kind` = master | artwork, `file`): stores a master (with its
 * 30-second preview) or an artwork for the signed-in user. The type is read from the bytes.
 * @returns 201 `{ id, kind, format, durationSeconds, sizeBytes, originalFilename }`; 401, 400,
 *   413, 415 or 422 with `{ error }` saying why.
 */
export async function POST(req: Request) {
  const db = await getDb();
  const userId = await requestUserId(req, db);
  if (!userId) return jsonError(401, "Sign in to upload.");
  const declared = Number(req.headers.get("content-length") ?? 0);
  if (declared > MAX_MASTER_BYTES + 1024 * 1024) return jsonError(413, `Uploads are limited to ${MAX_MASTER_BYTES / 1024 / 1024} MB.`);
  const form = await req.formData().catch(() => null);
  if (!form) return jsonError(400, "Send the file as multipart/form-data with fields `kind` and `file`.");
  const kind = form.get("kind");
  const file = form.get("file");
  if (kind !== "master" && kind !== "artwork") return jsonError(400, "Field `kind` must be master or artwork.", { field: "kind" });
  if (!(file instanceof File)) return jsonError(400, "Field `file` is missing.", { field: "file" });
  const limit = kind === "master" ? MAX_MASTER_BYTES : MAX_ARTWORK_BYTES;
  if (file.size > limit) return jsonError(413, `"${file.name}" is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${limit / 1024 / 1024} MB.`, { field: "file" });
  try {
    const upload = await ingestUpload({
      db,
      storage: getStorage(),
      ownerId: userId,
      kind: kind === "master" ? "MASTER" : "ARTWORK",
      filename: file.name.slice(0, 200),
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return Response.json(
      { id: upload.id, kind, format: upload.format, durationSeconds: upload.durationSeconds, sizeBytes: upload.sizeBytes, originalFilename: upload.originalFilename },
      { status: 201 },
    );
  } catch (e) {
    if (e instanceof MediaError) return jsonError(STATUS[e.code], e.message, { field: "file", code: e.code });
    throw e;
  }
}
