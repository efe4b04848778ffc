import { getStorage } from "@fanfare/api/services/media";
import { AppError, HTTP_STATUS } from "@fanfare/api/services/app-error";
import {
  FormatPreparingError,
  parseSubscriberDownloadQuery,
} from "@fanfare/api/services/downloads/downloads";
import type { DownloadFormat } from "@fanfare/api/services/downloads/downloads";
import {
  checkSubscriberDownload,
  consumeSubscriberDownload,
} from "@fanfare/api/services/subscriptions/downloads";
import { getDb } from "@fanfare/db";
import { zId } from "@fanfare/validators";

import { attachment } from "~/lib/content-disposition";
import { jsonError } from "~/lib/request";
import { requestUserId } from "~/lib/session-user";

export const dynamic = "force-dynamic";

const ZTrackId = zId("Track id");
const HEADERS = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };

/** The user and the format of a request, or the 400/401 answer. */
async function readRequest(
  req: Request,
  trackId: string,
): Promise<
  | { ok: true; db: Awaited<ReturnType<typeof getDb>>; userId: string; format: DownloadFormat }
  | { ok: false; response: Response }
> {
  if (!ZTrackId.safeParse(trackId).success)
    return {
      ok: false,
      response: jsonError(400, "That download link is malformed: the track id is invalid.", {
        field: "trackId",
      }),
    };
  const query = parseSubscriberDownloadQuery(new URL(req.url).searchParams);
  if (!query.ok)
    return { ok: false, response: jsonError(400, query.message, { field: query.field }) };
  const db = await getDb();
  const userId = await requestUserId(req, db);
  if (!userId)
    return {
      ok: false,
      response: jsonError(401, "Sign in to download with your subscription.", {
        signIn: "/sign-in",
      }),
    };
  return { ok: true, db, userId, format: query.format };
}

/** The 202 (format being prepared), or the AppError's status; anything else is rethrown. */
function errorResponse(e: unknown): Response {
  if (e instanceof FormatPreparingError)
    return Response.json(
      { status: "preparing", message: e.message, retryAfterSeconds: e.retryAfterSeconds },
      { status: 202, headers: { ...HEADERS, "Retry-After": String(e.retryAfterSeconds) } },
    );
  if (e instanceof AppError) return jsonError(HTTP_STATUS[e.code], e.message);
  throw e;
}

/**
 * GET /api/subscriptions/download/<trackId>: a catalog subscriber's download of one of the
 * artist's published tracks (issue 16 §3), as an attachment. `?format=mp3_320|aac_256|flac|original`
 * (issue 16 §2, the purchase's choices) picks the file: the track's own transcode (tagged as the
 * track bought alone) or the master byte for byte (`original`, also when `format` is absent). The
 * user is the session's (or a bearer token's); each GET that serves a file spends one of the
 * subscription's downloads of the UTC day (`consumeSubscriberDownload`, the
 * `subscriberDownloadsPerDay` setting).
 * 202 the format is being prepared (Retry-After; nothing spent), 400 malformed id, a bad format
 * or a `track`/`zip` parameter (with the reason and the field), 401 signed out, 403 no active
 * subscription to the artist, 404 track not available, 429 the day's limit reached, 500 the file
 * missing from storage (nothing spent) or a format that failed; each with the reason.
 */
export async function GET(req: Request, ctx: { params: Promise<{ trackId: string }> }) {
  const { trackId } = await ctx.params;
  const r = await readRequest(req, trackId);
  if (!r.ok) return r.response;
  try {
    const storage = getStorage();
    // Opened before the download is spent: a file missing from storage costs nothing (500).
    const file = await consumeSubscriberDownload(
      { userId: r.userId, trackId, format: r.format },
      r.db,
      { open: (key) => storage.get(key) },
    );
    const object = file.object!;
    return new Response(object.body, {
      headers: {
        ...HEADERS,
        "Content-Type": file.contentType,
        "Content-Length": String(object.sizeBytes),
        "Content-Disposition": attachment(file.fileName),
        // How many of today's downloads this subscription has used (UTC day).
        "X-Downloads-Today": String(file.downloadsToday),
        "X-Downloads-Per-Day": String(file.downloadsPerDay),
      },
    });
  } catch (e) {
    return errorResponse(e);
  }
}

/**
 * HEAD /api/subscriptions/download/<trackId>: what the GET would answer, without spending a
 * download (`checkSubscriberDownload`) and without a body: 200 with the file's type and name,
 * 202 with Retry-After while the format is prepared (the missing transcode is queued), or the
 * GET's error status. The subscriptions page sends it before following a link in a format, to
 * say "being prepared" on the page. (Without this handler Next.js answers HEAD by running GET,
 * which would spend a download.)
 */
export async function HEAD(req: Request, ctx: { params: Promise<{ trackId: string }> }) {
  const { trackId } = await ctx.params;
  const r = await readRequest(req, trackId);
  if (!r.ok) return new Response(null, { status: r.response.status, headers: HEADERS });
  try {
    const file = await checkSubscriberDownload(
      { userId: r.userId, trackId, format: r.format },
      r.db,
    );
    return new Response(null, {
      headers: {
        ...HEADERS,
        "Content-Type": file.contentType,
        "Content-Disposition": attachment(file.fileName),
      },
    });
  } catch (e) {
    const res = errorResponse(e);
    return new Response(null, { status: res.status, headers: res.headers });
  }
}
