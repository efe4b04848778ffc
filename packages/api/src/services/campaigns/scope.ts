import type { Campaign, Prisma, PrismaClient } from "@fanfare/db";

import { publicTags } from "../cache/public-pages";

type Db = PrismaClient | Prisma.TransactionClient;

/** What of a campaign says which tracks it covers. */
export type CampaignScopeFields = Pick<
  Campaign,
  "artistId" | "scope" | "scopeArtistId" | "trackIds"
>;

/**
 * A campaign's scope as a filter on a product table (Track or Release, which share `id` and
 * `artistId`): an artist's campaign (`artistId` set) covers only that artist's products; ARTIST
 * the products of `scopeArtistId`; `ids` (TRACKS) the products in it; PLATFORM everything.
 */
function scopeWhere(c: CampaignScopeFields, ids: string[]) {
  const and: ({ artistId: string } | { id: { in: string[] } })[] = [];
  if (c.artistId) and.push({ artistId: c.artistId });
  switch (c.scope) {
    case "PLATFORM":
      break;
    case "ARTIST":
      // The database requires scopeArtistId for this scope (Campaign_effect_check).
      and.push({ artistId: c.scopeArtistId ?? "" });
      break;
    case "TRACKS":
      and.push({ id: { in: ids } });
      break;
  }
  return and.length ? { AND: and } : {};
}

/**
 * The tracks a campaign covers, as a filter on Track (the same rule as `liveCampaignsWhere` in
 * terms.ts, read the other way): PLATFORM every track, ARTIST the tracks of `scopeArtistId`,
 * TRACKS the tracks in `trackIds`; an artist's campaign (`artistId` set) never covers another
 * artist's track. `{}` for a platform-wide platform campaign.
 */
export const campaignTrackWhere = (c: CampaignScopeFields): Prisma.TrackWhereInput =>
  scopeWhere(c, c.trackIds);

/**
 * The releases a campaign covers, as a filter on Release (`liveCampaignsWhere` read the other
 * way, as checkout applies it to a release): PLATFORM every release, ARTIST the releases of
 * `scopeArtistId`, TRACKS none (it names tracks); an artist's campaign only their own.
 */
export const campaignReleaseWhere = (c: CampaignScopeFields): Prisma.ReleaseWhereInput =>
  scopeWhere(c, []);

/**
 * The public page cache tags a campaign's start or end changes: discover and the page of every
 * published track and release it covers (a platform-wide campaign: every published one; the tag
 * channel splits a long list into several broadcasts).
 */
export async function campaignPageTags(c: CampaignScopeFields, db: Db): Promise<string[]> {
  const [tracks, releases] = await Promise.all([
    db.track.findMany({
      where: { AND: [{ published: true, deletedAt: null }, campaignTrackWhere(c)] },
      select: { id: true },
    }),
    c.scope === "TRACKS"
      ? []
      : db.release.findMany({
          where: { AND: [{ published: true, deletedAt: null }, campaignReleaseWhere(c)] },
          select: { id: true },
        }),
  ]);
  return [
    publicTags.discover,
    ...tracks.map((t) => publicTags.track(t.id)),
    ...releases.map((r) => publicTags.release(r.id)),
  ];
}
