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
 * `/api/trpc`). Outside one, e.g. a background job in the web process, it throws; that is caught,
 * and the broadcast below expires those tags instead.
 *
 * Other processes (and this one, outside a request) hear the tags through the cache tag channel
 * that `server.mjs` starts (packages/api/src/services/cache/tag-channel.ts).
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
