import { getStorage } from "@fanfare/api/services/media";
import { AppError, HTTP_STATUS } from "@fanfare/api/services/app-error";
import { consumeDownload } from "@fanfare/api/services/downloads/downloads";
import { getDb } from "@fanfare/db";
import { ZDownloadToken, zId } from "@fanfare/validators";

import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

/**
 * GET /api/download/<token>: streams the purchased master, byte for byte, as an attachment;
 * for a release (issue 16 §1) `?track=<trackId>` names which of its tracks.
 * Each GET spends one of the link's downloads (5 by default, per track of a release) within its
 * validity (7 days from delivery; a pre-order opens on its release date).
 * 400 malformed token (control characters included), 404 unknown link, 409 payment not confirmed, 410 expired/used up/refunded.
 */
export async function GET(req: Request, ctx: { params: Promise<{ token: string }> }) {
  const { token } = await ctx.params;
  if (!ZDownloadToken.safeParse(token).success)
    return jsonError(
      400,
      "That download link is malformed: the token must be 32 to 64 letters, digits, - or _.",
      { field: "token" },
    );
  try {
    const trackParam = new URL(req.url).searchParams.get("track");
    const trackId = trackParam === null ? null : zId("Track id").safeParse(trackParam);
    if (trackId && !trackId.success)
      return jsonError(400, trackId.error.issues[0]?.message ?? "Track id is malformed.", {
        field: "track",
      });
    const file = await consumeDownload({ token, trackId: trackId?.data ?? null }, await getDb());
    const object = await getStorage().get(file.storageKey);
    if (!object)
      return jsonError(
        500,
        `The master of sale ${file.saleId} is missing from storage; contact support.`,
      );
    return new Response(object.body, {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(object.sizeBytes),
        "Content-Disposition": `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    if (e instanceof AppError) return jsonError(HTTP_STATUS[e.code], e.message);
    throw e;
  }
}
