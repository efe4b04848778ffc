import { getStorage } from "@fanfare/api/services/media";
import { AppError, HTTP_STATUS } from "@fanfare/api/services/app-error";
import { consumeSubscriberDownload } from "@fanfare/api/services/subscriptions/downloads";
import { getDb } from "@fanfare/db";
import { zId } from "@fanfare/validators";

import { attachment } from "~/lib/content-disposition";
import { jsonError } from "~/lib/request";
import { requestUserId } from "~/lib/session-user";

export const dynamic = "force-dynamic";

const ZTrackId = zId("Track id");

/**
 * GET /api/subscriptions/download/<trackId>: a catalog subscriber's download of one of the
 * artist's published tracks (issue 16 §3), the master byte for byte, as an attachment. The user
 * is the session's (or a bearer token's); each GET spends one of the subscription's downloads of
 * the UTC day (`consumeSubscriberDownload`, the `subscriberDownloadsPerDay` setting).
 * 400 malformed id, 401 signed out, 403 no active subscription to the artist, 404 track not
 * available, 429 the day's limit reached, 500 the file missing from storage; each with the reason.
 */
export async function GET(req: Request, ctx: { params: Promise<{ trackId: string }> }) {
  const { trackId } = await ctx.params;
  if (!ZTrackId.safeParse(trackId).success)
    return jsonError(400, "That download link is malformed: the track id is invalid.", {
      field: "trackId",
    });
  const headers = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };
  const db = await getDb();
  const userId = await requestUserId(req, db);
  if (!userId)
    return jsonError(401, "Sign in to download with your subscription.", { signIn: "/sign-in" });
  try {
    const file = await consumeSubscriberDownload({ userId, trackId }, db);
    const object = await getStorage().get(file.storageKey);
    if (!object)
      return jsonError(
        500,
        `The file of track ${trackId} is missing from storage; contact support.`,
      );
    return new Response(object.body, {
      headers: {
        ...headers,
        "Content-Type": file.contentType,
        "Content-Length": String(object.sizeBytes),
        "Content-Disposition": attachment(file.fileName),
        // How many of today's downloads this subscription has used (UTC day).
        "X-Downloads-Today": String(file.downloadsToday),
        "X-Downloads-Per-Day": String(file.downloadsPerDay),
      },
    });
  } catch (e) {
    if (e instanceof AppError) return jsonError(HTTP_STATUS[e.code], e.message);
    throw e;
  }
}
