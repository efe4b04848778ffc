/**
 * What a transcode is made from (issue 16 §2): the master, the cover and the tags of a track in a
 * context, and the SHA-256 of the three (`tagsHash`). A `TrackTranscode` row whose `tagsHash`
 * differs from the current one is stale: the title, artist name, album, track order, cover or
 * master changed since it was made, and it is made again.
 *
 * Contexts: "track" (the track bought alone: album = the track's title, track 1 of 1, the track's
 * cover) or "release:<releaseId>" (album = the release's title, its position of the release's
 * track count, the release's cover, else the track's).
 */
import type { Prisma, PrismaClient } from "@fanfare/db";
import type { TranscodeFormat } from "@fanfare/db/kinds";

import { sha256Hex } from "../shared/tokens";
import type { TranscodeTags } from "./format-spec";
import { FORMAT_SPECS } from "./format-spec";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * Raised when the ffmpeg arguments or the cover handling change in a way that changes the bytes:
 * every existing transcode then reads as stale and is made again.
 */
export const TRANSCODE_RECIPE_VERSION = 1;

/** "track" or "release:<releaseId>" (`TrackTranscode.context`, CHECKed). */
export type TranscodeContext = "track" | `release:${string}`;

/** The context of a release's copies. */
export const releaseContext = (releaseId: string): TranscodeContext => `release:${releaseId}`;

/** The release a context names, or null for "track". */
export const releaseIdOf = (context: TranscodeContext): string | null =>
  context === "track" ? null : context.slice("release:".length);

/** `true` when `value` is a well-formed context (the CHECK's rule: "track" or "release:<id>"). */
export function isTranscodeContext(value: string): value is TranscodeContext {
  return value === "track" || /^release:[a-z0-9]+$/.test(value);
}

/** A track's master, cover and tags in one context, and their digest. */
export type TranscodeSource = {
  trackId: string;
  context: TranscodeContext;
  masterKey: string;
  /** mp3 | wav | flac | m4a (Track.masterFormat). */
  masterFormat: string;
  /** The cover's storage key, or null (no cover is embedded). */
  artworkKey: string | null;
  tags: TranscodeTags;
  /** SHA-256 (hex) of the recipe version, master key, cover key and tags. */
  tagsHash: string;
};

/**
 * The digest a transcode row records (`TrackTranscode.tagsHash`): SHA-256 of
 * `TRANSCODE_RECIPE_VERSION`, the master's storage key, the cover's storage key (or null) and the
 * tags, as JSON with a fixed key order.
 */
export function tagsHashOf(input: {
  masterKey: string;
  artworkKey: string | null;
  tags: TranscodeTags;
}): string {
  const t = input.tags;
  return sha256Hex(
    JSON.stringify([
      TRANSCODE_RECIPE_VERSION,
      input.masterKey,
      input.artworkKey,
      t.title,
      t.artist,
      t.album,
      t.albumArtist,
      t.trackNumber,
      t.trackCount,
    ]),
  );
}

/**
 * The current sources of `trackIds` in `context`, keyed by track id. A track that does not exist,
 * or (a release context) is not on that release or the release does not exist, is absent. Deleted
 * or unpublished tracks and releases are included: buyers keep their downloads.
 */
export async function loadTranscodeSources(
  db: Db,
  input: { context: TranscodeContext; trackIds: readonly string[] },
): Promise<Map<string, TranscodeSource>> {
  const out = new Map<string, TranscodeSource>();
  if (input.trackIds.length === 0) return out;
  const trackSelect = {
    id: true,
    title: true,
    masterKey: true,
    masterFormat: true,
    artworkKey: true,
    artist: { select: { name: true } },
  } as const;
  const releaseId = releaseIdOf(input.context);
  if (releaseId === null) {
    const tracks = await db.track.findMany({
      where: { id: { in: [...input.trackIds] } },
      select: trackSelect,
    });
    for (const t of tracks) {
      const tags: TranscodeTags = {
        title: t.title,
        artist: t.artist.name,
        album: t.title,
        albumArtist: t.artist.name,
        trackNumber: 1,
        trackCount: 1,
      };
      out.set(t.id, source(t, input.context, t.artworkKey, tags));
    }
    return out;
  }
  const release = await db.release.findUnique({
    where: { id: releaseId },
    select: {
      title: true,
      artworkKey: true,
      artist: { select: { name: true } },
      tracks: { orderBy: { position: "asc" }, select: { trackId: true } },
      _count: { select: { tracks: true } },
    },
  });
  if (!release) return out;
  const wanted = new Set(input.trackIds);
  const onRelease = release.tracks.filter((rt) => wanted.has(rt.trackId));
  const tracks = await db.track.findMany({
    where: { id: { in: onRelease.map((rt) => rt.trackId) } },
    select: trackSelect,
  });
  const byId = new Map(tracks.map((t) => [t.id, t]));
  // Numbered by order rather than by the stored position, so a gap never makes "4 of 3".
  for (const [i, rt] of release.tracks.entries()) {
    const t = byId.get(rt.trackId);
    if (!t) continue;
    const tags: TranscodeTags = {
      title: t.title,
      artist: t.artist.name,
      album: release.title,
      albumArtist: release.artist.name,
      trackNumber: i + 1,
      trackCount: release.tracks.length,
    };
    out.set(t.id, source(t, input.context, release.artworkKey ?? t.artworkKey, tags));
  }
  return out;
}

function source(
  t: { id: string; masterKey: string; masterFormat: string },
  context: TranscodeContext,
  artworkKey: string | null,
  tags: TranscodeTags,
): TranscodeSource {
  return {
    trackId: t.id,
    context,
    masterKey: t.masterKey,
    masterFormat: t.masterFormat,
    artworkKey,
    tags,
    tagsHash: tagsHashOf({ masterKey: t.masterKey, artworkKey, tags }),
  };
}

/**
 * Where a transcode is stored: `transcodes/<trackId>/<format>-<context>-<first 16 hex of
 * tagsHash>.<ext>` with the context written "track" or "r-<releaseId>" (":" is not a key
 * character). A new tagsHash gives a new key, so a remade file never replaces one being served.
 */
export function transcodeStorageKey(input: {
  trackId: string;
  format: TranscodeFormat;
  context: TranscodeContext;
  tagsHash: string;
}): string {
  const releaseId = releaseIdOf(input.context);
  const ctx = releaseId === null ? "track" : `r-${releaseId}`;
  return `transcodes/${input.trackId}/${input.format}-${ctx}-${input.tagsHash.slice(0, 16)}.${FORMAT_SPECS[input.format].ext}`;
}
