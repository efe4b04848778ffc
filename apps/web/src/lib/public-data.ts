import "server-only";

import { unstable_cache } from "next/cache";

import { AppError } from "@fanfare/api/services/app-error";
import type { ArtistPageContent } from "@fanfare/api/services/artist/public-page";
import { artistIdBySlug, getArtistPageContent } from "@fanfare/api/services/artist/public-page";
import { publicTags } from "@fanfare/api/services/cache/public-pages";
import { liveCampaigns } from "@fanfare/api/services/campaigns/campaigns";
import { discoverTracks, listGenres } from "@fanfare/api/services/catalog/discover";
import type { TrackPageContent } from "@fanfare/api/services/catalog/public-page";
import { getTrackPageContent, trackIdBySlug } from "@fanfare/api/services/catalog/public-page";
import type { ReleasePageContent } from "@fanfare/api/services/catalog/release-page";
import {
  getReleasePageContent,
  listPublicReleases,
  publicReleasesOfTrack,
  releaseRefBySlug,
} from "@fanfare/api/services/catalog/release-page";
import { getLandingPageContent } from "@fanfare/api/services/landing/landing-pages";
import { getLeaderboardTop } from "@fanfare/api/services/leaderboard/top";
import { currentTerms } from "@fanfare/api/services/program/terms";
import {
  getPublishedResource,
  listPublishedResources,
} from "@fanfare/api/services/resources/resources";
import { getDb } from "@fanfare/db";
import type { DiscoverSort } from "@fanfare/validators";
import type { LeaderboardMetric, LeaderboardPeriod } from "@fanfare/validators/lists";

/**
 * The data of the cached public pages, read straight from the services (never through the
 * request's tRPC context: no cookies or headers, so the page is the same for every visitor and
 * Next can keep it). Each loader is an `unstable_cache` entry whose tags are copied onto the
 * page that used it, so `invalidatePublicPages(tags)` expires both.
 */

/** Seconds a track or discover page is kept without a tagged change (a safety net). */
export const PAGE_REVALIDATE_SECONDS = 3600;
/** Seconds a leaderboard page is kept: its snapshot is refreshed every minute. */
export const LEADERBOARD_REVALIDATE_SECONDS = 60;

const slugToId = (slug: string) =>
  unstable_cache(async () => trackIdBySlug({ slug }, await getDb()), ["track-id-by-slug", slug], {
    tags: [publicTags.trackSlug(slug)],
    revalidate: PAGE_REVALIDATE_SECONDS,
  })();

/** A track's public content by id (tag: `track(id)`), shared by the track page and the lists. */
export const loadTrackContent = (trackId: string) =>
  unstable_cache(
    async () => getTrackPageContent({ trackId }, await getDb()),
    ["track-page-content", trackId],
    { tags: [publicTags.track(trackId)], revalidate: PAGE_REVALIDATE_SECONDS },
  )();

/** The track page's content for `/t/<slug>` (tags: `trackSlug(slug)`, then `track(id)`). */
export async function loadTrackPage(slug: string): Promise<TrackPageContent> {
  const id = await slugToId(slug);
  return id ? loadTrackContent(id) : { status: "missing" };
}

/** Releases in discover's "New releases" row. */
export const DISCOVER_RELEASES = 12;

/**
 * The discover page's genres and one page of tracks in one order, and on its first page without
 * a genre the newest releases (tag: `discover`).
 */
export const loadDiscover = (sort: DiscoverSort, genreSlug: string | null, cursor: string | null) =>
  unstable_cache(
    async () => {
      const db = await getDb();
      const [genres, page, campaigns, releases] = await Promise.all([
        listGenres(db),
        // No catch: an error must not be cached as "No tracks found" for an hour; it reaches
        // the error page and the next request renders again.
        discoverTracks({ sort, genreSlug, cursor, limit: 12 }, db),
        // Campaign starts and ends expire the `discover` tag (`campaigns.tick`).
        cursor ? [] : liveCampaigns(db, new Date()),
        // The newest releases (issue 16 §1), on the first page without a genre (releases have
        // none); every release write expires `discover` (services/catalog/releases.ts).
        cursor || genreSlug ? null : listPublicReleases({ limit: DISCOVER_RELEASES }, db),
      ]);
      // JSON in the cache: drop the Date nobody shows.
      return {
        genres,
        nextCursor: page.nextCursor,
        items: page.items.map(({ publishedAt: _p, ...t }) => t),
        releases: releases?.items ?? [],
        campaigns: campaigns.map((c) => ({
          ...c,
          startsAt: c.startsAt.toISOString(),
          endsAt: c.endsAt.toISOString(),
        })),
      };
    },
    ["discover", sort, genreSlug ?? "", cursor ?? ""],
    { tags: [publicTags.discover], revalidate: PAGE_REVALIDATE_SECONDS },
  )();

export type { LeaderboardPeriod } from "@fanfare/validators/lists";

/** Rows the public leaderboard page lists. */
export const LEADERBOARD_PAGE_ROWS = 25;

/**
 * The platform board of a period by one metric (`leaderboard.top`'s answer, top 25; tag:
 * `leaderboard`, expired by the `leaderboard.refresh` job when the rankings change and by a
 * change of the leaderboard's settings).
 */
export const loadLeaderboard = (period: LeaderboardPeriod, metric: LeaderboardMetric) =>
  unstable_cache(
    async () => getLeaderboardTop({ period, metric, limit: LEADERBOARD_PAGE_ROWS }, await getDb()),
    ["leaderboard-top", period, metric],
    { tags: [publicTags.leaderboard], revalidate: LEADERBOARD_REVALIDATE_SECONDS },
  )();

/** Fans a track page lists. */
export const TRACK_FANS = 5;

/**
 * "Top fans promoting this track" on its page: the track's board, all time, by sales, top 5
 * (ranked live from the track's links: one index range). Tags `leaderboard` (so the admin's
 * switch and new rankings reach it) and the track's own. Null when the board is off, or the
 * track stopped being on sale since its page content was read.
 */
export const loadTrackFans = (trackId: string) =>
  unstable_cache(
    async () => {
      try {
        const board = await getLeaderboardTop(
          { period: "all", metric: "sales", scope: { type: "track", trackId }, limit: TRACK_FANS },
          await getDb(),
        );
        return board.disabled ? null : board.rows;
      } catch (e) {
        if (e instanceof AppError && e.code === "NOT_FOUND") return null;
        throw e;
      }
    },
    ["track-fans", trackId],
    {
      tags: [publicTags.leaderboard, publicTags.track(trackId)],
      revalidate: PAGE_REVALIDATE_SECONDS,
    },
  )();

const artistSlugToId = (slug: string) =>
  unstable_cache(async () => artistIdBySlug({ slug }, await getDb()), ["artist-id-by-slug", slug], {
    tags: [publicTags.artistSlug(slug)],
    revalidate: PAGE_REVALIDATE_SECONDS,
  })();

const artistContentOf = (artistId: string) =>
  unstable_cache(
    async () => getArtistPageContent({ artistId }, await getDb()),
    ["artist-page-content", artistId],
    { tags: [publicTags.artist(artistId)], revalidate: PAGE_REVALIDATE_SECONDS },
  )();

/**
 * The artist page's content for `/a/<slug>` (tags: `artistSlug(slug)`, then `artist(id)`,
 * which the profile's edits and every change to the artist's tracks expire).
 */
export async function loadArtistPage(slug: string): Promise<ArtistPageContent> {
  const id = await artistSlugToId(slug);
  return id ? artistContentOf(id) : { status: "missing" };
}

/** Fans an artist page lists. */
export const ARTIST_FANS = 10;

/**
 * "Top fans" on an artist page: the artist's board, all time, by sales, top 10 (ranked live
 * from the links of the artist's tracks). Tags `leaderboard` and the artist's own, like a track
 * page's fans. Null when the board is off.
 */
export const loadArtistFans = (artistId: string) =>
  unstable_cache(
    async () => {
      try {
        const board = await getLeaderboardTop(
          {
            period: "all",
            metric: "sales",
            scope: { type: "artist", artistId },
            limit: ARTIST_FANS,
          },
          await getDb(),
        );
        return board.disabled ? null : board.rows;
      } catch (e) {
        if (e instanceof AppError && e.code === "NOT_FOUND") return null;
        throw e;
      }
    },
    ["artist-fans", artistId],
    {
      tags: [publicTags.leaderboard, publicTags.artist(artistId)],
      revalidate: PAGE_REVALIDATE_SECONDS,
    },
  )();

/**
 * The promoter terms for `/terms` (the version in force) or `/terms/<n>` (an earlier one), as
 * JSON (the date as an ISO string); null when no such version exists (tag: `terms`).
 */
export const loadTerms = (version: number | null) =>
  unstable_cache(
    async () => {
      const db = await getDb();
      const t = version
        ? await db.programTerms.findUnique({
            where: { version },
            select: { version: true, body: true, summary: true, publishedAt: true },
          })
        : await currentTerms(db);
      return t ? { ...t, publishedAt: t.publishedAt.toISOString() } : null;
    },
    ["terms", String(version ?? "current")],
    { tags: [publicTags.terms], revalidate: PAGE_REVALIDATE_SECONDS },
  )();

/**
 * A promoter's landing page `/p/<handle>` (tag: `landing(handle)`, expired when the page is saved,
 * taken down or restored, and when its promoter's standing changes). Its tracks are read by the
 * page with `loadTrackContent`, so their tags join the page's too.
 */
export const loadLandingPage = (handle: string) =>
  unstable_cache(
    async () => getLandingPageContent({ handle }, await getDb()),
    ["landing-page", handle],
    { tags: [publicTags.landing(handle)], revalidate: PAGE_REVALIDATE_SECONDS },
  )();

/** The resource center `/resources`: published resources by category (tag: `resources`). */
export const loadResources = () =>
  unstable_cache(async () => listPublishedResources(await getDb()), ["resources"], {
    tags: [publicTags.resources],
    revalidate: PAGE_REVALIDATE_SECONDS,
  })();

/** One published resource `/resources/<slug>`, or null (tag: `resources`). */
export const loadResource = (slug: string) =>
  unstable_cache(async () => getPublishedResource({ slug }, await getDb()), ["resource", slug], {
    tags: [publicTags.resources],
    revalidate: PAGE_REVALIDATE_SECONDS,
  })();

/*
 * Releases (issue 16 §1). A release page shows its tracks' titles, prices and previews, so it is
 * tagged with its artist's tag too: every write to one of the artist's tracks expires it (a
 * release's tracks are all its artist's), as every write to the release does (`release(id)`,
 * services/catalog/releases.ts).
 */

/** The id and artist of the release at `/r/<slug>` (tag: `releaseSlug(slug)`; ids never change). */
const releaseSlugToRef = (slug: string) =>
  unstable_cache(
    async () => releaseRefBySlug({ slug }, await getDb()),
    ["release-ref-by-slug", slug],
    { tags: [publicTags.releaseSlug(slug)], revalidate: PAGE_REVALIDATE_SECONDS },
  )();

const releaseContentOf = (releaseId: string, artistId: string) =>
  unstable_cache(
    async () => getReleasePageContent({ releaseId }, await getDb()),
    ["release-page-content", releaseId],
    {
      tags: [publicTags.release(releaseId), publicTags.artist(artistId)],
      revalidate: PAGE_REVALIDATE_SECONDS,
    },
  )();

/**
 * The release page's content for `/r/<slug>` (tags: `releaseSlug(slug)`, then `release(id)` and
 * `artist(artistId)`). Its `upcoming` and `onSale` are as of when it was read: the page applies
 * `releaseSaleState` again, and `renderAgainBy` its release date.
 */
export async function loadReleasePage(slug: string): Promise<ReleasePageContent> {
  const ref = await releaseSlugToRef(slug);
  return ref ? releaseContentOf(ref.id, ref.artistId) : { status: "missing" };
}

/**
 * Makes the cached page being rendered render again by `at` (ISO 8601) when that is sooner than
 * its revalidate period: an `unstable_cache` entry's `revalidate` becomes the page's when
 * shorter. A release page calls it with the release date, so "Pre-order" turns into "Out" (and a
 * release without pre-orders goes on sale) within seconds of the date, not up to an hour later.
 */
export async function renderAgainBy(at: string | null): Promise<void> {
  if (!at) return;
  const seconds = Math.ceil((Date.parse(at) - Date.now()) / 1000);
  if (!(seconds > 0 && seconds < PAGE_REVALIDATE_SECONDS)) return;
  await unstable_cache(async () => at, ["render-again-by", at], { revalidate: seconds })();
}

/** An artist page's releases, newest first, at most 50 (tag: `artist(id)`). */
export const loadArtistReleases = (artistId: string, artistSlug: string) =>
  unstable_cache(
    async () => (await listPublicReleases({ artistSlug, limit: 50 }, await getDb())).items,
    ["artist-releases", artistId, artistSlug],
    { tags: [publicTags.artist(artistId)], revalidate: PAGE_REVALIDATE_SECONDS },
  )();

/**
 * "Also on …" on a track page: the published releases the track is on (tags: the track's and its
 * artist's, which every release write of that artist expires).
 */
export const loadTrackReleases = (trackId: string, artistId: string) =>
  unstable_cache(
    async () => publicReleasesOfTrack({ trackId }, await getDb()),
    ["track-releases", trackId],
    {
      tags: [publicTags.track(trackId), publicTags.artist(artistId)],
      revalidate: PAGE_REVALIDATE_SECONDS,
    },
  )();
