import "server-only";

import { revalidateTag } from "next/cache";

import { setPublicPageInvalidator } from "@fanfare/api/services/cache/public-pages";

/**
 * Connects `invalidatePublicPages` (packages/api/src/services/cache/public-pages.ts) to Next's
 * page cache: each tag is expired at once (`{ expire: 0 }`), so the next request re-renders the
 * page before answering (an artist sees their edit on the next load), instead of the `"max"`
 * profile's stale-while-revalidate, where the next request still gets the old page.
 *
 * `revalidateTag` needs a request (a route handler or server action: tRPC mutations run in
 * `/api/trpc`). Outside one, e.g. a background job in the web process, it throws; that is caught
 * and such tags are left to the pages' own revalidate periods.
 *
 * The tags manifest Next keeps is per process (memory): with several web processes, only the
 * process that ran the write drops its copy; the others serve theirs until their revalidate
 * period ends (a shared cache handler would be needed to go further).
 */
export function registerPublicPageInvalidator(): void {
  setPublicPageInvalidator((tags) => {
    for (const tag of tags) {
      try {
        revalidateTag(tag, { expire: 0 });
      } catch (e) {
        if (e instanceof Error && /static generation store missing/.test(e.message)) continue;
        throw e;
      }
    }
  });
}

registerPublicPageInvalidator();
