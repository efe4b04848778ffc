import "server-only";

import { unstable_cache } from "next/cache";

import { publicTags } from "@fanfare/api/services/cache/public-pages";
import {
  getPublicPromoter,
  getRefLink,
  recommenderName,
} from "@fanfare/api/services/share/og-cards";
import { getDb } from "@fanfare/db";

import { PAGE_REVALIDATE_SECONDS } from "./public-data";

/**
 * Who a link recommends a track as, for the cached track page reached through `?ref=<code>`
 * (issue 14 §4: its `og:description` and card say "Recommended by <promoter>"). Two cache
 * entries, each expired by what changes it: the code's link (`refCode`: disabled or enabled by an
 * admin) and the promoter's public name and standing (`promoter`: display name, leaderboard
 * opt-in, status). Their tags land on the page that used them.
 */

const refLinkOf = (code: string) =>
  unstable_cache(async () => getRefLink({ code }, await getDb()), ["ref-link", code], {
    tags: [publicTags.refCode(code)],
    revalidate: PAGE_REVALIDATE_SECONDS,
  })();

const publicPromoterOf = (promoterId: string) =>
  unstable_cache(
    async () => getPublicPromoter({ promoterId }, await getDb()),
    ["public-promoter", promoterId],
    { tags: [publicTags.promoter(promoterId)], revalidate: PAGE_REVALIDATE_SECONDS },
  )();

/**
 * The public name of the promoter recommending track `trackId` through link code `code`, or
 * null when the code does not count (unknown, another track's, disabled, promoter not ACTIVE).
 */
export async function loadRecommender(trackId: string, code: string): Promise<string | null> {
  const link = await refLinkOf(code);
  const promoter = link ? await publicPromoterOf(link.promoterId) : null;
  return recommenderName(trackId, link, promoter);
}
