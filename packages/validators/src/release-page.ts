import { z } from "zod";

import { ZPageInput, ZSlug } from "./schemas";

/** `release.bySlug`: the release at `/r/<slug>` (issue 16 §1). */
export const ZReleaseBySlugInput = z.object({ slug: ZSlug });

/**
 * `release.list`: one page of the published releases, newest first (`ZPageInput`: `limit` 1–50,
 * default 20; `cursor` the last release id of the previous page); `artistSlug` keeps one
 * artist's (their page `/a/<slug>`).
 */
export const ZReleaseListInput = ZPageInput.extend({
  artistSlug: ZSlug.optional().nullable(),
});
