import { AppError, HTTP_STATUS } from "@fanfare/api/services/app-error";
import {
  getStorage,
  ingestUpload,
  MAX_ARTWORK_BYTES,
  MAX_MASTER_BYTES,
  MediaError,
  publicImageUrl,
} from "@fanfare/api/services/media";
import { readUploadForm, UploadFormError } from "@fanfare/api/services/media/read-upload-form";
import { assertUploadAllowed } from "@fanfare/api/services/media/upload-policy";
import { consumeRateLimit, rateLimitResponse } from "@fanfare/api/services/rate-limit";
import { getDb } from "@fanfare/db";
import { controlCharacterMessage, findControlCharacter } from "@fanfare/validators";

import { refuseCrossSite } from "~/lib/check-origin";
import { jsonError } from "~/lib/request";
import { requestUserId } from "~/lib/session-user";

export const dynamic = "force-dynamic";

/** The form's `kind` values and the upload kind each stores, with its size limit in bytes. */
const KINDS = {
  master: { kind: "MASTER", maxBytes: MAX_MASTER_BYTES },
  artwork: { kind: "ARTWORK", maxBytes: MAX_ARTWORK_BYTES },
  // A profile picture (artist image, landing page photo) is checked and limited like artwork.
  image: { kind: "IMAGE", maxBytes: MAX_ARTWORK_BYTES },
} as const;
type FormKind = keyof typeof KINDS;
const isFormKind = (v: unknown): v is FormKind => typeof v === "string" && Object.hasOwn(KINDS, v);
const KIND_NAMES = "master, artwork or image";

const STATUS: Record<MediaError["code"], number> = {
  UNSUPPORTED_TYPE: 415,
  TOO_LARGE: 413,
  EMPTY: 400,
  UNREADABLE_AUDIO: 422,
};

/**
 * POST /api/uploads (multipart: `kind` = master | artwork | image, `file`): stores a master (with
 * its 30-second preview) or an artwork for the signed-in artist, or a picture (`image`: an
 * artist's image, a landing page's photo) for any signed-in user. The type is read from the bytes.
 *
 * Before the body is read: the CSRF origin check (cookie requests from the app's own origin only),
 * sign-in, the per-user upload rate limit (RATE_LIMIT_UPLOADS_PER_USER_HOUR), the owner rule
 * (masters and artwork: artists, and labels managing a roster artist's catalog, whose upload
 * stays theirs until it becomes the artist's track; images: anyone signed in) and the pending-upload quota
 * (UPLOAD_PENDING_QUOTA). The size limit (images: artwork's) is enforced while the body streams
 * in: 413 as soon as it is passed.
 * @returns 201 `{ id, kind, format, durationSeconds, sizeBytes, originalFilename, imageUrl }`
 *   (`imageUrl`: an image's public URL, null for other kinds); 400 (a field named), 401, 403, 409
 *   (quota), 413, 415, 422 or 429 (with Retry-After) with `{ error }`.
 */
export async function POST(req: Request) {
  const refused = refuseCrossSite(req, "upload");
  if (refused) return refused;
  const db = await getDb();
  const userId = await requestUserId(req, db);
  if (!userId) return jsonError(401, "Sign in to upload.");
  try {
    await consumeRateLimit("uploadsPerUser", userId, { db });
    // `?kind=` (the web app sends it) lets the body be cut off at that kind's own limit while it
    // streams (an "artwork" is refused past 10 MB, not after 200 MB were buffered); without it
    // the larger limit applies and the kind is checked after reading.
    const declaredKind = new URL(req.url).searchParams.get("kind");
    if (declaredKind !== null && !isFormKind(declaredKind))
      return jsonError(400, `Query parameter \`kind\` must be ${KIND_NAMES}.`, { field: "kind" });
    await assertUploadAllowed(
      { userId, kind: declaredKind === null ? null : KINDS[declaredKind].kind },
      db,
    );
    const streamLimit =
      declaredKind === null
        ? Math.max(...Object.values(KINDS).map((k) => k.maxBytes))
        : KINDS[declaredKind].maxBytes;
    const form = await readUploadForm(req, streamLimit);
    const kindField = form.get("kind");
    if (declaredKind !== null && kindField !== declaredKind)
      return jsonError(400, "Field `kind` must match the `kind` query parameter.", {
        field: "kind",
      });
    const file = form.get("file");
    if (!isFormKind(kindField))
      return jsonError(400, `Field \`kind\` must be ${KIND_NAMES}.`, { field: "kind" });
    if (!(file instanceof File))
      return jsonError(400, "Field `file` is missing.", { field: "file" });
    const { kind, maxBytes: limit } = KINDS[kindField];
    await assertUploadAllowed({ userId, kind }, db);
    const bad = findControlCharacter(file.name);
    if (bad) return jsonError(400, controlCharacterMessage("File name", bad), { field: "file" });
    if (file.size > limit)
      return jsonError(
        413,
        `"${file.name}" is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${limit / 1024 / 1024} MB.`,
        { field: "file" },
      );
    const upload = await ingestUpload({
      db,
      storage: getStorage(),
      ownerId: userId,
      kind,
      filename: file.name.slice(0, 200),
      bytes: new Uint8Array(await file.arrayBuffer()),
    });
    return Response.json(
      {
        id: upload.id,
        kind: kindField,
        format: upload.format,
        durationSeconds: upload.durationSeconds,
        sizeBytes: upload.sizeBytes,
        originalFilename: upload.originalFilename,
        imageUrl: publicImageUrl(upload.storageKey),
      },
      { status: 201 },
    );
  } catch (e) {
    const limited = rateLimitResponse(e);
    if (limited) return limited;
    if (e instanceof MediaError)
      return jsonError(STATUS[e.code], e.message, { field: "file", code: e.code });
    if (e instanceof UploadFormError) return jsonError(400, e.message);
    if (e instanceof AppError)
      return jsonError(HTTP_STATUS[e.code], e.message, e.field ? { field: e.field } : {});
    throw e;
  }
}
