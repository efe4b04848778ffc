/**
 * Queueing transcodes (issue 16 §2): after a master is attached to a track (track creation),
 * when a track or release is published, and when a title, cover or track order changes; and
 * lazily when a buyer asks for a format not ready yet. Every request is a `formats.transcode` job
 * with the singleton key of its (track, format, context) on a `stately` queue, so asking again
 * while one waits adds nothing, and the handler skips a file already made from the current
 * source (`makeTranscode`).
 */
import type { PrismaClient } from "@fanfare/db";
import type { TranscodeFormat } from "@fanfare/db/kinds";
import { TRANSCODE_FORMATS } from "@fanfare/db/kinds";
import type { SendOptions } from "pg-boss";

import type { JobName } from "../jobs/queues";
import { sendJobForDb } from "../jobs/runner";
import type { TranscodeContext } from "./sources";
import { releaseContext } from "./sources";

/** One transcode to make. */
export type TranscodeRequest = {
  trackId: string;
  format: TranscodeFormat;
  context: TranscodeContext;
};

/**
 * The `formats.transcode` job of one (track, format, context): its payload and the singleton key
 * `transcode:<trackId>:<format>:<context>`.
 */
export function transcodeJobRequest(req: TranscodeRequest) {
  return {
    name: "formats.transcode",
    data: { trackId: req.trackId, format: req.format, context: req.context },
    options: { singletonKey: `transcode:${req.trackId}:${req.format}:${req.context}` },
  } as const satisfies { name: JobName; data: object; options: SendOptions };
}

/**
 * Queues the given transcodes on this process's runner for `db`. Never throws (the write that
 * caused it stands; the download path asks again lazily). A no-op when the process has no runner
 * on `db` (a test, a script; see `sendJobForDb`).
 * @returns how many jobs were queued (a singleton already waiting is not counted).
 */
export async function requestTranscodes(
  db: PrismaClient,
  requests: readonly TranscodeRequest[],
): Promise<number> {
  let queued = 0;
  for (const req of requests) {
    const job = transcodeJobRequest(req);
    try {
      if (await sendJobForDb(db, job.name, job.data, job.options)) queued++;
    } catch (e: unknown) {
      console.error(`[jobs] formats.transcode request for ${job.options.singletonKey}:`, e);
    }
  }
  return queued;
}

/** Every format of each track in each context. */
const allFormats = (trackIds: readonly string[], contexts: readonly TranscodeContext[]) =>
  trackIds.flatMap((trackId) =>
    contexts.flatMap((context) =>
      TRANSCODE_FORMATS.map((format) => ({ trackId, format, context })),
    ),
  );

/**
 * After a track's master was attached or the track was published or edited: queues its three
 * formats for the track alone and for every published, not-deleted release it is on. Never
 * throws.
 */
export async function requestTrackTranscodes(db: PrismaClient, trackId: string): Promise<void> {
  try {
    const releases = await db.releaseTrack.findMany({
      where: { trackId, release: { published: true, deletedAt: null } },
      select: { releaseId: true },
    });
    await requestTranscodes(
      db,
      allFormats([trackId], ["track", ...releases.map((r) => releaseContext(r.releaseId))]),
    );
  } catch (e: unknown) {
    console.error(`[jobs] formats.transcode requests for track ${trackId}:`, e);
  }
}

/**
 * After a release was published, or a published release's title, cover or track order changed:
 * queues the three formats of each of its tracks for the release's context. Nothing for an
 * unpublished or deleted release (a buyer of one still gets files lazily). Never throws.
 */
export async function requestReleaseTranscodes(db: PrismaClient, releaseId: string): Promise<void> {
  try {
    const release = await db.release.findUnique({
      where: { id: releaseId },
      select: { published: true, deletedAt: true, tracks: { select: { trackId: true } } },
    });
    if (!release?.published || release.deletedAt) return;
    await requestTranscodes(
      db,
      allFormats(
        release.tracks.map((t) => t.trackId),
        [releaseContext(releaseId)],
      ),
    );
  } catch (e: unknown) {
    console.error(`[jobs] formats.transcode requests for release ${releaseId}:`, e);
  }
}
