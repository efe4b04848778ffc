import { getStorage, IMAGE_KEY_PREFIX } from "@fanfare/api/services/media";
import { getDb } from "@fanfare/db";

import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

/**
 * A picture's file name as `ingestUpload` writes it under `images/`: 24 lower-case
 * alphanumerics and the sniffed type's extension. Anything else (another folder, "..", a
 * master's or preview's key) never reaches storage.
 */
const IMAGE_NAME = /^[0-9a-z]{24}\.(?:jpg|png|webp)$/;

/** A year: the longest lifetime caches honour. */
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * GET /api/images/<id>.<ext>: a picture (an artist's image, a landing page's photo) stored at
 * `images/<id>.<ext>` by an `image` upload (`publicImageUrl` builds these URLs). Never serves
 * another folder: masters, previews and artwork are not reachable here. The key is new for every
 * upload (a changed picture is a new URL), so the answer is cached for a year as immutable.
 * @returns the image with its sniffed content type; 404 for any other name or a missing file.
 */
export async function GET(_req: Request, ctx: { params: Promise<{ name: string }> }) {
  const { name } = await ctx.params;
  if (!IMAGE_NAME.test(name)) return jsonError(404, "No such image.");
  const key = `${IMAGE_KEY_PREFIX}${name}`;
  const db = await getDb();
  const upload = await db.upload.findUnique({ where: { storageKey: key }, select: { kind: true } });
  if (upload?.kind !== "IMAGE") return jsonError(404, "No such image.");
  const object = await getStorage().get(key);
  if (!object) return jsonError(404, "No such image.");
  return new Response(object.body, {
    headers: {
      "Content-Type": object.contentType,
      "Content-Length": String(object.sizeBytes),
      "Cache-Control": `public, max-age=${ONE_YEAR_SECONDS}, immutable`,
      // Served as the type sniffed at upload, never re-sniffed by the browser (an "image" that is
      // really HTML must not run as a page).
      "X-Content-Type-Options": "nosniff",
    },
  });
}
