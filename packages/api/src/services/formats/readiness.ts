import type { Prisma, PrismaClient } from "@fanfare/db";
import type { TranscodeFormat } from "@fanfare/db/kinds";
import { TRANSCODE_FORMATS } from "@fanfare/db/kinds";

import type { TranscodeContext, TranscodeSource } from "./sources";
import { loadTranscodeSources } from "./sources";

type Db = PrismaClient | Prisma.TransactionClient;

/** A stored transcode ready to serve. */
export type ReadyFile = { storageKey: string; sizeBytes: number; sha256: string };

/** Each format's state for some tracks in one context. */
export type FormatsReadiness = {
  /** The current sources, keyed by track id (absent: no such track on the release). */
  sources: Map<string, TranscodeSource>;
  /** Per format, the ready files of the current tagsHash, keyed by track id. */
  ready: Record<TranscodeFormat, Map<string, ReadyFile>>;
  /** Per format, the tracks (of `sources`) without a ready file of the current tagsHash. */
  missing: Record<TranscodeFormat, TranscodeSource[]>;
  /** Per format, the tracks whose current transcode failed, with their attempts so far. */
  failed: Record<TranscodeFormat, { trackId: string; attempts: number; error: string | null }[]>;
};

/**
 * Which transcodes of `trackIds` in `context` can be served now: a row `ready` whose tagsHash is
 * the current one (`loadTranscodeSources`). A stale or pending row counts as missing; a failed
 * row of the current tagsHash is missing too and also listed in `failed`. Two queries and the
 * sources' own.
 */
export async function formatsReadiness(
  db: Db,
  input: { context: TranscodeContext; trackIds: readonly string[] },
): Promise<FormatsReadiness> {
  const sources = await loadTranscodeSources(db, input);
  const rows = await db.trackTranscode.findMany({
    where: { context: input.context, trackId: { in: [...sources.keys()] } },
    select: {
      trackId: true,
      format: true,
      status: true,
      tagsHash: true,
      storageKey: true,
      sizeBytes: true,
      sha256: true,
      attempts: true,
      error: true,
    },
  });
  const ready: FormatsReadiness["ready"] = {
    mp3_320: new Map(),
    aac_256: new Map(),
    flac: new Map(),
  };
  const failed: FormatsReadiness["failed"] = { mp3_320: [], aac_256: [], flac: [] };
  for (const r of rows) {
    const src = sources.get(r.trackId);
    const format = r.format as TranscodeFormat;
    if (!src || r.tagsHash !== src.tagsHash || !(format in ready)) continue;
    if (r.status === "ready" && r.storageKey && r.sizeBytes != null && r.sha256)
      ready[format].set(r.trackId, {
        storageKey: r.storageKey,
        sizeBytes: r.sizeBytes,
        sha256: r.sha256,
      });
    else if (r.status === "failed")
      failed[format].push({ trackId: r.trackId, attempts: r.attempts, error: r.error });
  }
  const missing = Object.fromEntries(
    TRANSCODE_FORMATS.map((f) => [
      f,
      [...sources.values()].filter((s) => !ready[f].has(s.trackId)),
    ]),
  ) as Record<TranscodeFormat, TranscodeSource[]>;
  return { sources, ready, missing, failed };
}
