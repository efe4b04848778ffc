import type { PrismaClient } from "@fanfare/db";

import { AppError } from "../app-error";
import { utcDay } from "../affiliate/clicks";
import { programSettings } from "../settings/program-settings";
import { ENTITLED_STATES } from "./state";

/** What the download route needs to stream a subscriber's file (as `consumeDownload` returns). */
export type SubscriberDownload = {
  subscriptionId: string;
  storageKey: string;
  contentType: string;
  /** Bytes. */
  sizeBytes: number;
  /** "Artist - Title.ext", the master's extension. */
  fileName: string;
  /** Files this subscription downloaded today (UTC), this one included, and the day's limit. */
  downloadsToday: number;
  downloadsPerDay: number;
};

/**
 * Spends one of a subscriber's downloads of today (issue 16 §3: "downloads limited per day, a
 * setting, instead of per purchase") and names the master to stream:
 * - the track must be published, not deleted and not taken down (NOT_FOUND otherwise, the same
 *   answer as an unknown id);
 * - the user must hold a subscription to the track's artist that is `active` or `past_due` (the
 *   processor is retrying a renewal) and not past the end of a period it was cancelled at
 *   (FORBIDDEN otherwise, saying how to subscribe);
 * - one statement counts it: an upsert of today's `SubscriberDownloadDay` (UTC day of `now`) that
 *   inserts 1 or adds 1 only while the count is under the `subscriberDownloadsPerDay` program
 *   setting (default 20) and only while the subscription is still entitled, so concurrent
 *   requests never pass the limit (RATE_LIMITED past it; counts restart at 00:00 UTC).
 * The file is the master, byte for byte (formats for subscribers are a later step).
 * @throws AppError NOT_FOUND, FORBIDDEN, RATE_LIMITED.
 */
export async function consumeSubscriberDownload(
  input: { userId: string; trackId: string; now?: Date },
  db: PrismaClient,
): Promise<SubscriberDownload> {
  const now = input.now ?? new Date();
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
      masterFilename: true,
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
  if (!subscription)
    throw new AppError(
      "FORBIDDEN",
      `You have no active subscription to ${track.artist.name}: subscribe on /a/${track.artist.slug} to download their catalog.`,
    );
  const { subscriberDownloadsPerDay: limit } = await programSettings(db);
  const day = utcDay(now);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "SubscriberDownloadDay" ("subscriptionId", "day", "count")
    SELECT s."id", ${day}::date, 1 FROM "CatalogSubscription" s
    WHERE s."id" = ${subscription.id} AND s."status" IN ('active', 'past_due')
    ON CONFLICT ("subscriptionId", "day") DO UPDATE
      SET "count" = "SubscriberDownloadDay"."count" + 1
      WHERE "SubscriberDownloadDay"."count" < ${limit}
    RETURNING "count"`;
  const counted = rows[0];
  if (!counted) {
    const still = await db.catalogSubscription.count({
      where: { id: subscription.id, status: { in: [...ENTITLED_STATES] } },
    });
    if (!still)
      throw new AppError(
        "FORBIDDEN",
        `You have no active subscription to ${track.artist.name}: subscribe on /a/${track.artist.slug} to download their catalog.`,
      );
    throw new AppError(
      "RATE_LIMITED",
      `You have downloaded ${limit} files today, your subscription's daily limit: more from 00:00 UTC tomorrow.`,
    );
  }
  const ext = track.masterFilename.includes(".")
    ? track.masterFilename.slice(track.masterFilename.lastIndexOf("."))
    : `.${track.masterFormat}`;
  return {
    subscriptionId: subscription.id,
    storageKey: track.masterKey,
    contentType: track.masterContentType,
    sizeBytes: track.masterSizeBytes,
    fileName: `${track.artist.name} - ${track.title}${ext}`,
    downloadsToday: counted.count,
    downloadsPerDay: limit,
  };
}
