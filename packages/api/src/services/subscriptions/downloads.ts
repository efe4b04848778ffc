import type { PrismaClient } from "@fanfare/db";
import { TRANSCODE_FORMATS } from "@fanfare/db/kinds";

import { AppError } from "../app-error";
import { utcDay } from "../affiliate/clicks";
import { masterExtension, openThenSpend, refusePreparing } from "../downloads/downloads";
import type { OpenStoredFile } from "../downloads/downloads";
import type { StoredObject } from "../media/storage";
import type { DownloadFormat } from "../formats/format-spec";
import {
  DOWNLOAD_FORMATS,
  FORMAT_SPECS,
  isDownloadFormat,
  originalLabel,
} from "../formats/format-spec";
import { formatsReadiness } from "../formats/readiness";
import { programSettings } from "../settings/program-settings";
import { ENTITLED_STATES } from "./state";

/** What the download route needs to stream a subscriber's file (as `consumeDownload` returns). */
export type SubscriberDownload = {
  subscriptionId: string;
  storageKey: string;
  contentType: string;
  /** Bytes. */
  sizeBytes: number;
  /** "Artist - Title.ext": the format's extension, or the master's sniffed one (`masterExtension`). */
  fileName: string;
  /** Files this subscription downloaded today (UTC), this one included, and the day's limit. */
  downloadsToday: number;
  downloadsPerDay: number;
  /** The opened file, when the caller passed `open`. */
  object?: StoredObject;
};

/** What a subscriber's download would serve now, without spending one (`checkSubscriberDownload`). */
export type SubscriberFile = Omit<SubscriberDownload, "downloadsToday" | "downloadsPerDay">;

type Input = {
  userId: string;
  trackId: string;
  /** mp3_320 | aac_256 | flac | original (`DOWNLOAD_FORMATS`); default original. */
  format?: DownloadFormat;
  now?: Date;
};

const notSubscribed = (artist: { name: string; slug: string }) =>
  new AppError(
    "FORBIDDEN",
    `You have no active subscription to ${artist.name}: subscribe on /a/${artist.slug} to download their catalog.`,
  );

const overLimit = (limit: number) =>
  new AppError(
    "RATE_LIMITED",
    `You have downloaded ${limit} files today, your subscription's daily limit: more from 00:00 UTC tomorrow.`,
  );

/**
 * The track, the entitled subscription, the day's limit and the file a subscriber's download of
 * `trackId` in `format` serves, checked in the order the route answers: the format (BAD_INPUT),
 * the track (NOT_FOUND), the subscription (FORBIDDEN); then, for a transcode or when `peek`, the
 * day's count without spending (RATE_LIMITED), so a subscriber past the limit hears that rather
 * than "preparing"; then the transcode of the track alone (context "track": the tags of a track
 * bought alone), queued and `FormatPreparingError` when not ready, INTERNAL when it failed
 * `TRANSCODE_MAX_ATTEMPTS` times.
 */
async function resolveSubscriberFile(
  input: Input,
  db: PrismaClient,
  opts: { peek: boolean },
): Promise<{
  file: SubscriberFile;
  subscriptionId: string;
  artist: { name: string; slug: string };
  limit: number;
  day: string;
}> {
  const now = input.now ?? new Date();
  const format = input.format ?? "original";
  // The route parses `?format=` already; this guards every other caller.
  if (!isDownloadFormat(format))
    throw new AppError(
      "BAD_INPUT",
      `Unknown download format ${JSON.stringify(String(format).slice(0, 40))}: choose one of ${DOWNLOAD_FORMATS.join(", ")}.`,
      { field: "format" },
    );
  const track = await db.track.findUnique({
    where: { id: input.trackId },
    select: {
      id: true,
      title: true,
      artistId: true,
      published: true,
      deletedAt: true,
      takenDownAt: true,
      masterKey: true,
      masterContentType: true,
      masterFormat: true,
      masterSizeBytes: true,
      artist: { select: { name: true, slug: true } },
    },
  });
  if (!track || !track.published || track.deletedAt || track.takenDownAt)
    throw new AppError("NOT_FOUND", `Track ${input.trackId} is not available for download.`);
  const subscription = await db.catalogSubscription.findFirst({
    where: {
      userId: input.userId,
      artistId: track.artistId,
      status: { in: [...ENTITLED_STATES] },
      NOT: { cancelAtPeriodEnd: true, currentPeriodEnd: { lte: now } },
    },
    orderBy: { createdAt: "desc" },
    select: { id: true },
  });
  if (!subscription) throw notSubscribed(track.artist);
  const { subscriberDownloadsPerDay: limit } = await programSettings(db);
  const day = utcDay(now);
  if (opts.peek || format !== "original") {
    const today = await db.subscriberDownloadDay.findUnique({
      where: { subscriptionId_day: { subscriptionId: subscription.id, day: new Date(day) } },
      select: { count: true },
    });
    if ((today?.count ?? 0) >= limit) throw overLimit(limit);
  }
  const base = { subscriptionId: subscription.id, artist: track.artist, limit, day };
  if (format === "original")
    return {
      ...base,
      file: {
        subscriptionId: subscription.id,
        storageKey: track.masterKey,
        contentType: track.masterContentType,
        sizeBytes: track.masterSizeBytes,
        fileName: `${track.artist.name} - ${track.title}.${masterExtension(track.masterFormat)}`,
      },
    };
  const readiness = await formatsReadiness(db, { context: "track", trackIds: [track.id] });
  const ready = readiness.ready[format].get(track.id);
  if (!ready) return refusePreparing(db, readiness, format);
  const spec = FORMAT_SPECS[format];
  return {
    ...base,
    file: {
      subscriptionId: subscription.id,
      storageKey: ready.storageKey,
      contentType: spec.contentType,
      sizeBytes: ready.sizeBytes,
      fileName: `${track.artist.name} - ${track.title}.${spec.ext}`,
    },
  };
}

/**
 * Spends one of a subscriber's downloads of today (issue 16 §3: "downloads limited per day, a
 * setting, instead of per purchase") and names the file to stream:
 * - `format` (issue 16 §2-3, the purchase's choices): mp3_320 | aac_256 | flac | original
 *   (default: the master byte for byte); anything else is BAD_INPUT on `format`;
 * - the track must be published, not deleted and not taken down (NOT_FOUND otherwise, the same
 *   answer as an unknown id);
 * - the user must hold a subscription to the track's artist that is `active` or `past_due` (the
 *   processor is retrying a renewal) and not past the end of a period it was cancelled at
 *   (FORBIDDEN otherwise, saying how to subscribe);
 * - a transcode is the track's own (context "track": tagged as the track bought alone, the copy a
 *   purchase of the track gets). Not ready for the current tags: it is queued and
 *   `FormatPreparingError` is thrown with nothing spent (after the subscription and the day's
 *   count are checked: a subscriber past the limit hears RATE_LIMITED); failed
 *   `TRANSCODE_MAX_ATTEMPTS` times: INTERNAL, "download the original instead";
 * - one statement counts it: an upsert of today's `SubscriberDownloadDay` (UTC day of `now`) that
 *   inserts 1 or adds 1 only while the count is under the `subscriberDownloadsPerDay` program
 *   setting (default 20) and only while the subscription is still entitled, so concurrent
 *   requests never pass the limit (RATE_LIMITED past it; counts restart at 00:00 UTC);
 * - with `opts.open` (the route's `Storage.get`) the file is opened first: one missing from
 *   storage is INTERNAL and spends nothing (`openThenSpend`).
 * @returns the file's storage key, content type, size (bytes), "Artist - Title.ext" and today's
 *   count with the limit.
 * @throws AppError BAD_INPUT, NOT_FOUND, FORBIDDEN, RATE_LIMITED, INTERNAL; FormatPreparingError
 *   (the route's 202 with Retry-After).
 */
export async function consumeSubscriberDownload(
  input: Input,
  db: PrismaClient,
  opts: { open?: OpenStoredFile } = {},
): Promise<SubscriberDownload> {
  const { file, subscriptionId, artist, limit, day } = await resolveSubscriberFile(input, db, {
    peek: false,
  });
  const { spent, object } = await openThenSpend(
    opts.open,
    file.storageKey,
    `track ${input.trackId}`,
    () => countSubscriberDownload(db, { subscriptionId, artist, limit, day }),
  );
  return { ...file, downloadsToday: spent, downloadsPerDay: limit, object };
}

/** Counts one download of today (the upsert below); @returns today's count, this one included. */
async function countSubscriberDownload(
  db: PrismaClient,
  {
    subscriptionId,
    artist,
    limit,
    day,
  }: { subscriptionId: string; artist: { name: string; slug: string }; limit: number; day: string },
): Promise<number> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "SubscriberDownloadDay" ("subscriptionId", "day", "count")
    SELECT s."id", ${day}::date, 1 FROM "CatalogSubscription" s
    WHERE s."id" = ${subscriptionId} AND s."status" IN ('active', 'past_due')
    ON CONFLICT ("subscriptionId", "day") DO UPDATE
      SET "count" = "SubscriberDownloadDay"."count" + 1
      WHERE "SubscriberDownloadDay"."count" < ${limit}
    RETURNING "count"`;
  const counted = rows[0];
  if (!counted) {
    const still = await db.catalogSubscription.count({
      where: { id: subscriptionId, status: { in: [...ENTITLED_STATES] } },
    });
    throw still ? overLimit(limit) : notSubscribed(artist);
  }
  return counted.count;
}

/**
 * What `consumeSubscriberDownload` would answer now, without spending a download: the same
 * checks and errors in the same order (the day's count included: RATE_LIMITED at the limit), and
 * a transcode not ready is queued (`FormatPreparingError`). For the route's HEAD, which the
 * subscriptions page sends before following a link in a format, so "being prepared" is shown on
 * the page instead of a JSON answer.
 * @returns the file as the download would name it (storage key, content type, size in bytes,
 *   "Artist - Title.ext").
 * @throws as `consumeSubscriberDownload`.
 */
export async function checkSubscriberDownload(
  input: Input,
  db: PrismaClient,
): Promise<SubscriberFile> {
  return (await resolveSubscriberFile(input, db, { peek: true })).file;
}

/**
 * The formats a subscriber may pick on /subscriptions, in the purchase page's order and words
 * (`getPurchaseStatus().formats`): MP3 320, AAC 256, FLAC, then "Original" (the masters as
 * uploaded; their formats are not named: a catalog mixes them).
 */
export function subscriberFormatOptions(): { format: DownloadFormat; label: string }[] {
  return [
    ...TRANSCODE_FORMATS.map((format) => ({ format, label: FORMAT_SPECS[format].label })),
    { format: "original" as const, label: originalLabel([]) },
  ];
}
