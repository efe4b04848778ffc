import { getStorage } from "@fanfare/api/services/media";
import { AppError, HTTP_STATUS } from "@fanfare/api/services/app-error";
import {
  consumeDownload,
  consumeReleaseZip,
  FormatPreparingError,
  parseDownloadQuery,
  streamReleaseZip,
} from "@fanfare/api/services/downloads/downloads";
import { getDb } from "@fanfare/db";
import { ZDownloadToken } from "@fanfare/validators";

import { attachment } from "~/lib/content-disposition";
import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

/**
 * GET /api/download/<token>: streams the purchased file as an attachment; for a release (issue
 * 16 §1) `?track=<trackId>` names which of its tracks. `?format=mp3_320|aac_256|flac|original`
 * (issue 16 §2) picks the file: a transcode tagged for this purchase, or the master byte for byte
 * (`original`, also when `format` is absent). A release's `?zip=1` streams all its tracks in that
 * format as one zip (STOREd, never held whole in memory) and costs a download per file in it.
 * Each other GET spends one of the link's downloads (5 by default, per track of a release) within its
 * validity (7 days from delivery; a pre-order opens on its release date).
 * 202 the format is being prepared (Retry-After; nothing spent), 400 malformed token, track,
 * format or zip (with the reason and the field), 404 unknown link, 409 payment not confirmed or
 * a pre-order, 410 expired/used up/refunded, 500 a file missing from storage (nothing spent)
 * or a format that failed.
 */
export async function GET(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  if (!ZDownloadToken.safeParse(token).success)
    return jsonError(
      400,
      "That download link is malformed: the token must be 32 to 64 letters, digits, - or _.",
      { field: "token" },
    );
  const query = parseDownloadQuery(new URL(req.url).searchParams);
  if (!query.ok) return jsonError(400, query.message, { field: query.field });
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  try {
    const db = await getDb();
    if (query.zip) {
      const storage = getStorage();
      // Every file is checked before the downloads are spent: a missing one costs nothing (500).
      const zip = await consumeReleaseZip({ token, format: query.format }, db, {
        open: (key) => storage.get(key),
      });
      const body = streamReleaseZip({ entries: zip.entries, date: zip.date, storage });
      // No Content-Length: the zip is written as it streams.
      return new Response(body, {
        headers: {
          ...headers,
          "Content-Type": "application/zip",
          "Content-Disposition": attachment(zip.fileName),
        },
      });
    }
    const storage = getStorage();
    // Opened before the download is spent: a file missing from storage costs nothing (500).
    const file = await consumeDownload(
      { token, trackId: query.trackId, format: query.format },
      db,
      { open: (key) => storage.get(key) },
    );
    const object = file.object!;
    return new Response(object.body, {
      headers: {
        ...headers,
        "Content-Type": file.contentType,
        "Content-Length": String(object.sizeBytes),
        "Content-Disposition": attachment(file.fileName),
      },
    });
  } catch (e) {
    if (e instanceof FormatPreparingError)
      return Response.json(
        { status: "preparing", message: e.message, retryAfterSeconds: e.retryAfterSeconds },
        {
          status: 202,
          headers: { ...headers, "Retry-After": String(e.retryAfterSeconds) },
        },
      );
    if (e instanceof AppError) return jsonError(HTTP_STATUS[e.code], e.message);
    throw e;
  }
}

/**
 * HEAD /api/download/<token>: 405 with `Allow: GET`. Without it Next.js answers a HEAD by running
 * GET, so a link checker, a mail scanner or a prefetch would spend one of the buyer's downloads;
 * the purchase page reads a link's state from its procedures, never from a HEAD.
 */
export function HEAD() {
  return new Response(null, {
    status: 405,
    headers: { Allow: "GET", "Cache-Control": "private, no-store" },
  });
}
