import type { DbClient } from "@fanfare/db";
import type { PageViewInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { countPageView, embedScope, landingScope } from "./page-views";

/**
 * Counts a view reported by a public page (POST /api/views): resolves what was viewed, then
 * counts it with `countPageView` (bots, HEAD and repeats of the day do not count).
 * - `landing`: the landing page with that handle, published and not taken down → its
 *   `landing:<id>` scope.
 * - `embed`: the published, not deleted track with that slug → `embed:<trackId>`; and when
 *   `ref` names an enabled link of that track whose promoter is ACTIVE, on a track whose
 *   affiliate program is on (what click capture would record), also `embed:<trackId>:<linkId>`.
 *   Any other `ref` is ignored (the view still counts for the track).
 * @throws AppError NOT_FOUND when no public landing page or track answers to the handle or slug.
 * @returns whether the view counted (for the track's scope, for an embed).
 */
export async function recordPublicView(
  input: { view: PageViewInput; ip: string; userAgent: string | null; now?: Date },
  db: DbClient,
): Promise<{ counted: boolean }> {
  const { view } = input;
  const visitor = { ip: input.ip, userAgent: input.userAgent, now: input.now };
  if (view.kind === "landing") {
    const page = await db.landingPage.findUnique({
      where: { handle: view.handle },
      select: { id: true, published: true, takenDownAt: true },
    });
    if (!page || !page.published || page.takenDownAt)
      throw new AppError("NOT_FOUND", `No published landing page at /p/${view.handle}.`);
    return countPageView({ ...visitor, scope: landingScope(page.id) }, db);
  }

  const track = await db.track.findUnique({
    where: { slug: view.slug },
    select: { id: true, published: true, deletedAt: true, affiliateEnabled: true },
  });
  if (!track || !track.published || track.deletedAt)
    throw new AppError("NOT_FOUND", `No published track at /t/${view.slug}.`);
  const link =
    view.ref && track.affiliateEnabled
      ? await db.affiliateLink.findFirst({
          where: {
            code: view.ref,
            trackId: track.id,
            disabled: false,
            promoter: { status: "ACTIVE" },
          },
          select: { id: true },
        })
      : null;
  const counted = await countPageView({ ...visitor, scope: embedScope(track.id) }, db);
  if (link) await countPageView({ ...visitor, scope: embedScope(track.id, link.id) }, db);
  return counted;
}
