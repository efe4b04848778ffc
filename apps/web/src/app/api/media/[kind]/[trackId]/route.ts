import { getStorage } from "@fanfare/api/services/media";
import { getDb } from "@fanfare/db";
import { zId } from "@fanfare/validators";

import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

/**
 * GET /api/media/preview/<trackId> and /api/media/artwork/<trackId>: the public 30-second
 * preview clip and the artwork, never the master; /api/media/release-artwork/<releaseId>: a
 * release's artwork (issue 16 §1). Served for unpublished tracks too, so the
 * artist can check them before publishing; they hold nothing a buyer pays for.
 */
export async function GET(
  _req: Request,
  ctx: { params: Promise<{ kind: string; trackId: string }> },
) {
  const { kind, trackId } = await ctx.params;
  if (kind !== "preview" && kind !== "artwork" && kind !== "release-artwork")
    return jsonError(404, `Unknown media kind "${kind.slice(0, 40)}".`, { field: "kind" });
  if (kind === "release-artwork") return releaseArtwork(trackId);
  const id = zId("Track id").safeParse(trackId);
  if (!id.success)
    return jsonError(400, id.error.issues[0]?.message ?? "Track id is malformed.", {
      field: "trackId",
    });
  const db = await getDb();
  const track = await db.track.findUnique({
    where: { id: trackId },
    select: { previewKey: true, artworkKey: true, deletedAt: true },
  });
  const key = kind === "preview" ? track?.previewKey : track?.artworkKey;
  if (!track || track.deletedAt || !key) return jsonError(404, `Track ${trackId} has no ${kind}.`);
  const object = await getStorage().get(key);
  if (!object) return jsonError(404, `The ${kind} of track ${trackId} is missing.`);
  return mediaResponse(object);
}

/** A release's artwork by release id (served for drafts too, as a track's: nothing paid for). */
async function releaseArtwork(releaseId: string) {
  const id = zId("Release id").safeParse(releaseId);
  if (!id.success)
    return jsonError(400, id.error.issues[0]?.message ?? "Release id is malformed.", {
      field: "releaseId",
    });
  const db = await getDb();
  const release = await db.release.findUnique({
    where: { id: releaseId },
    select: { artworkKey: true, deletedAt: true },
  });
  if (!release || release.deletedAt || !release.artworkKey)
    return jsonError(404, `Release ${releaseId} has no artwork.`);
  const object = await getStorage().get(release.artworkKey);
  if (!object) return jsonError(404, `The artwork of release ${releaseId} is missing.`);
  return mediaResponse(object);
}

function mediaResponse(object: { body: BodyInit; contentType: string; sizeBytes: number }) {
  return new Response(object.body, {
    headers: {
      "Content-Type": object.contentType,
      "Content-Length": String(object.sizeBytes),
      "Cache-Control": "public, max-age=3600",
      "Accept-Ranges": "none",
      // Served as the type sniffed at upload, never re-sniffed by the browser (an "image" that is
      // really HTML must not run as a page).
      "X-Content-Type-Options": "nosniff",
    },
  });
}
