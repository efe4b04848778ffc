import type { Prisma, PrismaClient, SaleStatus } from "@fanfare/db";
import type { LicenseKind } from "@fanfare/db/kinds";
import { TRANSCODE_FORMATS } from "@fanfare/db/kinds";
import { ZDownloadToken } from "@fanfare/validators";

import { AppError } from "../app-error";
import { releaseArtworkUrl } from "../catalog/products";
import { publicTrackSelect, toPublicTrack } from "../catalog/track-view";
import { enqueueEmail } from "../email/outbox";
import { licenseCertificatePath } from "../licenses/verify";
import { releaseNoun, shareEarnOfferFromFacts } from "../share-earn/offer";
import { apiEnv } from "../env";
import { randomToken, sha256Hex } from "../shared/tokens";
import type { DownloadFormat } from "../formats/format-spec";
import { FORMAT_SPECS, originalLabel } from "../formats/format-spec";
import type { FormatsReadiness } from "../formats/readiness";
import { formatsReadiness } from "../formats/readiness";
import { requestTranscodes } from "../formats/requests";
import type { TranscodeContext } from "../formats/sources";
import { releaseContext } from "../formats/sources";
import type { ZipEntry } from "./release-zip";
import { ZIP_EPOCH, zipEntryName } from "./release-zip";
import type { StoredObject } from "../media/storage";

export { parseDownloadQuery, parseSubscriberDownloadQuery } from "./download-query";
export type { DownloadQuery } from "./download-query";
export { streamReleaseZip } from "./release-zip";
export type { DownloadFormat } from "../formats/format-spec";

/**
 * The format asked for is still being made (issue 16 §2): nothing was spent, the transcodes are
 * queued, and the route answers 202 with `Retry-After: <retryAfterSeconds>` and the message.
 */
export class FormatPreparingError extends Error {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.name = "FormatPreparingError";
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/**
 * Failed tries (per source) after which a format is reported as failing instead of "preparing":
 * the job's first run and its 3 retries (queues.ts).
 */
export const TRANSCODE_MAX_ATTEMPTS = 4;

/**
 * The sale a download token belongs to: the checkout's own token (`Sale.downloadTokenHash`) or
 * one issued later for the receipt email or a re-send (`DownloadLink`). Both are stored hashed.
 */
export async function saleIdForToken(db: PrismaClient, token: string): Promise<string | null> {
  const hash = sha256Hex(token);
  const sale = await db.sale.findUnique({
    where: { downloadTokenHash: hash },
    select: { id: true },
  });
  if (sale) return sale.id;
  const link = await db.downloadLink.findUnique({
    where: { tokenHash: hash },
    select: { saleId: true },
  });
  return link?.saleId ?? null;
}

/**
 * The tracks of a release sale's snapshot (`Sale.releaseTrackIds`, in its order) that are not
 * among `current` (the release's tracks now): what the buyer keeps after the artist took them off.
 */
async function keptReleaseTracks(
  db: PrismaClient,
  snapshot: readonly string[],
  current: readonly string[],
): Promise<{ id: string; title: string; durationSeconds: number }[]> {
  const missing = snapshot.filter((id) => !current.includes(id));
  if (missing.length === 0) return [];
  const rows = await db.track.findMany({
    where: { id: { in: missing } },
    select: { id: true, title: true, durationSeconds: true },
  });
  return missing.flatMap((id) => rows.filter((r) => r.id === id));
}

const findByToken = async (db: PrismaClient, token: string) => {
  const id = await saleIdForToken(db, token);
  return id
    ? db.sale.findUnique({
        where: { id },
        include: {
          track: { select: publicTrackSelect },
          release: {
            select: {
              id: true,
              slug: true,
              title: true,
              artworkKey: true,
              artist: { select: { name: true, slug: true } },
              tracks: {
                orderBy: { position: "asc" },
                select: {
                  position: true,
                  track: { select: { id: true, title: true, durationSeconds: true } },
                },
              },
            },
          },
          license: { select: { key: true, kind: true, revokedAt: true, revokedReason: true } },
        },
      })
    : null;
};

/**
 * What the buyer's success page shows for a purchase token: status, what was bought (`product`;
 * `track` for a track purchase, null for a release), the files (`items`, one per track of a
 * release, in order, each with its download path), amount (cents), downloads left and the
 * expiry; a pre-order's `deliverAt` (downloads open then: `downloadState` "preorder"). The token
 * is looked up by its SHA-256 only.
 * @throws AppError NOT_FOUND for a token that matches no purchase.
 */
export async function getPurchaseStatus(input: { token: string }, db: PrismaClient) {
  const token = ZDownloadToken.parse(input.token);
  const sale = await findByToken(db, token);
  if (!sale) throw new AppError("NOT_FOUND", "No purchase matches this link.");
  const now = Date.now();
  const expired = sale.downloadExpiresAt != null && sale.downloadExpiresAt.getTime() <= now;
  const usedUp = sale.downloadCount >= sale.downloadLimit;
  const preorder = sale.deliverAt != null && sale.deliverAt.getTime() > now;
  const track = sale.track ? toPublicTrack(sale.track) : null;
  const release = sale.release;
  const downloadPath = `/api/download/${token}`;
  const fileTrackIds = track ? [track.id] : release!.tracks.map((rt) => rt.track.id);
  // Tracks the release had when it was bought and has no longer: the buyer keeps them.
  const kept = await keptReleaseTracks(db, sale.releaseTrackIds, fileTrackIds);
  const masters = await db.track.findMany({
    where: { id: { in: fileTrackIds } },
    select: { masterFormat: true },
  });
  // Which formats can be fetched at once; only asked once the purchase is paid.
  const readiness =
    sale.status === "COMPLETED"
      ? await formatsReadiness(db, {
          context: track ? "track" : releaseContext(release!.id),
          trackIds: fileTrackIds,
        })
      : null;
  return {
    status: sale.status,
    /** When the buyer paid (completion), else when checkout started. */
    purchasedAt: sale.completedAt ?? sale.createdAt,
    refundedCents: sale.refundedCents,
    /**
     * Why the download works or not, one reason: "available", "pending" (payment not confirmed),
     * "refunded", "failed", "preorder" (paid; the files open on `deliverAt`), "expired" (past
     * `expiresAt`) or "used_up" (every download spent).
     */
    downloadState:
      sale.status === "PENDING"
        ? ("pending" as const)
        : sale.status === "REFUNDED"
          ? ("refunded" as const)
          : sale.status === "FAILED"
            ? ("failed" as const)
            : preorder
              ? ("preorder" as const)
              : expired
                ? ("expired" as const)
                : usedUp
                  ? ("used_up" as const)
                  : ("available" as const),
    amountCents: sale.amountCents,
    currency: sale.currency,
    buyerEmail: sale.buyerEmail,
    /** What was bought (issue 16 §1). */
    product: track
      ? {
          kind: "track" as const,
          title: track.title,
          slug: track.slug,
          artistName: track.artist.name,
          artistSlug: track.artist.slug,
          artworkUrl: track.artworkUrl,
        }
      : {
          kind: "release" as const,
          title: release!.title,
          slug: release!.slug,
          artistName: release!.artist.name,
          artistSlug: release!.artist.slug,
          artworkUrl: releaseArtworkUrl(release!),
        },
    /** The track bought; null for a release (see `items`). */
    track,
    /** The files: the track, or each track of the release in order, with its download path. */
    items: track
      ? [
          {
            trackId: track.id,
            title: track.title,
            position: 1,
            durationSeconds: track.durationSeconds,
            downloadPath,
          },
        ]
      : [
          ...release!.tracks.map((rt) => ({ ...rt.track, position: rt.position })),
          ...kept.map((t, i) => ({
            ...t,
            position: Math.max(0, ...release!.tracks.map((rt) => rt.position)) + i + 1,
          })),
        ].map((t) => ({
          trackId: t.id,
          title: t.title,
          position: t.position,
          durationSeconds: t.durationSeconds,
          downloadPath: `${downloadPath}?track=${encodeURIComponent(t.id)}`,
        })),
    /** A pre-order's release date: the files open then. Null otherwise. */
    deliverAt: sale.deliverAt,
    downloadsUsed: sale.downloadCount,
    downloadLimit: sale.downloadLimit,
    downloadsRemaining: Math.max(0, sale.downloadLimit - sale.downloadCount),
    expiresAt: sale.downloadExpiresAt,
    canDownload:
      sale.status === "COMPLETED" &&
      !preorder &&
      !expired &&
      sale.downloadCount < sale.downloadLimit,
    /** The track purchase's download (a release's files are in `items`). */
    downloadPath,
    /**
     * The formats the buyer may pick (issue 16 §2), in the picker's order: MP3 320, AAC 256,
     * FLAC, then the original ("Original (WAV)", naming the masters' formats). A download path
     * takes `format=<format>` (none: the original). `ready`: every file of this purchase exists
     * in that format now; otherwise the first download answers 202 while they are made.
     */
    formats: [
      ...TRANSCODE_FORMATS.map((format) => ({
        format,
        label: FORMAT_SPECS[format].label,
        ready: readiness ? readiness.missing[format].length === 0 : false,
      })),
      {
        format: "original" as const,
        label: originalLabel(masters.map((m) => m.masterFormat)),
        ready: true,
      },
    ],
    /** A release's "Download all": its tracks as one zip (add `&format=`); null for a track. */
    zipPath: track ? null : `${downloadPath}?zip=1`,
    /**
     * The purchase's licence (issue 16 §4): key, kind, revocation, the certificate's and the
     * verification page's paths; null until the sale completes.
     */
    license: sale.license
      ? {
          key: sale.license.key,
          kind: sale.license.kind as LicenseKind,
          revokedAt: sale.license.revokedAt,
          revokedReason: sale.license.revokedReason as "refund" | "dispute" | null,
          certificatePath: licenseCertificatePath(sale.license.key),
          verifyPath: `/license/${sale.license.key}`,
        }
      : null,
  };
}

/**
 * The sale a download link's token opens. @throws AppError NOT_FOUND for a malformed token or
 * one that opens nothing (the same words: a link is valid or it is not).
 */
async function downloadSaleId(db: PrismaClient, token: string): Promise<string> {
  const parsed = ZDownloadToken.safeParse(token);
  const saleId = parsed.success ? await saleIdForToken(db, parsed.data) : null;
  if (!saleId) throw new AppError("NOT_FOUND", "This download link is not valid.");
  return saleId;
}

/**
 * Spends one download of a purchase, atomically: the count goes up only while the sale is
 * COMPLETED, delivered (a pre-order's `deliverAt` passed), the link unexpired (7 days by default)
 * and under its limit (5 by default; a release's is that per track), so concurrent requests can
 * never exceed the limit. A release purchase names the file with `trackId`: one of its tracks.
 * `format` (issue 16 §2; default "original", the master byte for byte) picks a transcode tagged
 * for this purchase (the track alone, or its copy on the release bought); one not ready for the
 * current tags is queued and nothing is spent.
 * With `opts.open` (the route's `Storage.get`) the file is opened before the download is spent:
 * a file missing from storage is INTERNAL and spends nothing (`openThenSpend`).
 * @returns the file's storage key, content type, file name ("Artist - Title.ext"), size in
 *   bytes, and with `opts.open` the opened file (`object`, to stream).
 * @throws AppError NOT_FOUND (unknown token; a release's track missing or not on it), CONFLICT
 *   (payment not confirmed yet; a pre-order before its date), GONE (refunded, expired, or no
 *   downloads left), each with the reason; INTERNAL (the format failed `TRANSCODE_MAX_ATTEMPTS`
 *   times); FormatPreparingError (the format is being made: the route's 202).
 */
export async function consumeDownload(
  input: { token: string; trackId?: string | null; format?: DownloadFormat; now?: Date },
  db: PrismaClient,
  opts: { open?: OpenStoredFile } = {},
) {
  const saleId = await downloadSaleId(db, input.token);
  const now = input.now ?? new Date();
  const bought = await db.sale.findUniqueOrThrow({
    where: { id: saleId },
    select: { trackId: true, releaseId: true, releaseTrackIds: true },
  });
  // The file: the track bought, or the named track of the release bought: on the release now,
  // or on it when it was bought (the buyer keeps a track the artist took off since).
  let fileTrackId = bought.trackId;
  let onReleaseNow = false;
  if (bought.releaseId) {
    if (!input.trackId)
      throw new AppError("NOT_FOUND", "Choose which track of the release to download.");
    const onRelease = await db.releaseTrack.findUnique({
      where: { releaseId_trackId: { releaseId: bought.releaseId, trackId: input.trackId } },
      select: { trackId: true },
    });
    onReleaseNow = onRelease != null;
    if (!onRelease && !bought.releaseTrackIds.includes(input.trackId))
      throw new AppError("NOT_FOUND", "That track is not on this release.");
    fileTrackId = input.trackId;
  }
  const format = input.format ?? "original";
  // A transcode not made yet: say "preparing" (and queue it) only to a buyer who may download.
  let transcoded: { storageKey: string; sizeBytes: number } | undefined;
  if (format !== "original") {
    await assertMayDownload(db, saleId, now);
    // A track no longer on the release has no release copy: the track's own is served.
    const context: TranscodeContext =
      bought.releaseId && onReleaseNow ? releaseContext(bought.releaseId) : "track";
    const readiness = await formatsReadiness(db, { context, trackIds: [fileTrackId!] });
    transcoded = readiness.ready[format].get(fileTrackId!);
    if (!transcoded) await refusePreparing(db, readiness, format);
  }
  const track = await db.track.findUniqueOrThrow({
    where: { id: fileTrackId! },
    select: {
      masterKey: true,
      masterContentType: true,
      masterFilename: true,
      masterSizeBytes: true,
      title: true,
      masterFormat: true,
      artist: { select: { name: true } },
    },
  });
  const file =
    transcoded && format !== "original"
      ? {
          storageKey: transcoded.storageKey,
          contentType: FORMAT_SPECS[format].contentType,
          sizeBytes: transcoded.sizeBytes,
          fileName: `${track.artist.name} - ${track.title}.${FORMAT_SPECS[format].ext}`,
        }
      : {
          storageKey: track.masterKey,
          contentType: track.masterContentType,
          sizeBytes: track.masterSizeBytes,
          fileName: `${track.artist.name} - ${track.title}.${masterExtension(track.masterFormat)}`,
        };
  const { spent, object } = await openThenSpend(opts.open, file.storageKey, `sale ${saleId}`, () =>
    spendDownload(db, saleId, now),
  );
  return { saleId: spent, ...file, object };
}

/** Opens a stored file for streaming (`Storage.get`); null when nothing is stored under the key. */
export type OpenStoredFile = (storageKey: string) => Promise<StoredObject | null>;

/**
 * Opens the file (when `open` is given) before `spend` spends a download, so a file missing
 * from storage costs the buyer nothing; a refused spend closes the opened file again.
 * @returns what `spend` returned and the opened file (undefined without `open`).
 * @throws AppError INTERNAL "The file of <what> is missing from storage; contact support." when
 *   `open` finds nothing; whatever `spend` throws.
 */
export async function openThenSpend<T>(
  open: OpenStoredFile | undefined,
  storageKey: string,
  what: string,
  spend: () => Promise<T>,
): Promise<{ spent: T; object: StoredObject | undefined }> {
  const object = open ? await open(storageKey) : undefined;
  if (object === null)
    throw new AppError("INTERNAL", `The file of ${what} is missing from storage; contact support.`);
  try {
    return { spent: await spend(), object };
  } catch (e) {
    await object?.body.cancel().catch(() => undefined);
    throw e;
  }
}

/** The file extension of each sniffed master format (`Track.masterFormat`). */
const MASTER_EXTENSIONS: Readonly<Record<string, string>> = {
  mp3: "mp3",
  wav: "wav",
  flac: "flac",
  m4a: "m4a",
};

/**
 * The extension a master is served under: from its format as sniffed from its bytes
 * (`Track.masterFormat`), never from the name the uploader sent, so no upload reaches a buyer
 * as `.hta` or `.exe`. An unknown format (none is stored: the upload policy refuses it) is `bin`.
 */
export function masterExtension(format: string): string {
  return MASTER_EXTENSIONS[format] ?? "bin";
}

/**
 * Spends `files` downloads (one file, or every file of a zip) of sale `saleId` with the one atomic UPDATE (COMPLETED, delivered,
 * unexpired, under its limit). @returns the sale id. @throws the refusal `downloadRefusal` gives.
 */
async function spendDownload(
  db: PrismaClient,
  saleId: string,
  now: Date,
  files = 1,
): Promise<string> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Sale" SET "downloadCount" = "downloadCount" + ${files}::int, "updatedAt" = ${now}
    WHERE "id" = ${saleId} AND "status" = 'COMPLETED'
      AND ("deliverAt" IS NULL OR "deliverAt" <= ${now})
      AND "downloadExpiresAt" > ${now} AND "downloadCount" + ${files}::int <= "downloadLimit"
    RETURNING "id"`;
  if (rows.length === 0) throw await downloadRefusal(db, saleId, now);
  return rows[0]!.id;
}

/**
 * Throws the refusal a download of `saleId` would get now, without spending one (the check before
 * answering "preparing": a refunded or used-up purchase hears why, not "come back later").
 * @param files downloads the request would spend (a zip: one per file); default 1.
 */
async function assertMayDownload(
  db: PrismaClient,
  saleId: string,
  now: Date,
  files = 1,
): Promise<void> {
  const sale = await db.sale.findUnique({
    where: { id: saleId },
    select: {
      status: true,
      deliverAt: true,
      downloadExpiresAt: true,
      downloadCount: true,
      downloadLimit: true,
    },
  });
  const ok =
    sale?.status === "COMPLETED" &&
    (sale.deliverAt == null || sale.deliverAt <= now) &&
    sale.downloadExpiresAt != null &&
    sale.downloadExpiresAt > now &&
    sale.downloadCount + files <= sale.downloadLimit;
  if (!ok) throw await downloadRefusal(db, saleId, now);
}

/**
 * Queues the missing transcodes of `format` and throws `FormatPreparingError` (202, nothing
 * spent), or AppError INTERNAL when a file failed `TRANSCODE_MAX_ATTEMPTS` times for its current
 * source (not queued again until its source changes). Also a subscriber's download's
 * (`consumeSubscriberDownload`, issue 16 §3): the same words and Retry-After.
 */
export async function refusePreparing(
  db: PrismaClient,
  readiness: FormatsReadiness,
  format: Exclude<DownloadFormat, "original">,
): Promise<never> {
  const missing = readiness.missing[format];
  // A file that failed every attempt for its current source is not asked for again: only a
  // change of its source (a new tags hash, a new row) starts it over, so no buyer can keep the
  // workers busy on a master that cannot be transcoded.
  const brokenIds = new Set(
    readiness.failed[format]
      .filter((f) => f.attempts >= TRANSCODE_MAX_ATTEMPTS)
      .map((f) => f.trackId),
  );
  await requestTranscodes(
    db,
    missing
      .filter((s) => !brokenIds.has(s.trackId))
      .map((s) => ({ trackId: s.trackId, format, context: s.context })),
  );
  const label = FORMAT_SPECS[format].label;
  const broken = readiness.failed[format].find((f) => f.attempts >= TRANSCODE_MAX_ATTEMPTS);
  if (broken) {
    const title = readiness.sources.get(broken.trackId)?.tags.title ?? broken.trackId;
    throw new AppError(
      "INTERNAL",
      `The ${label} file of “${title}” could not be made after ${broken.attempts} tries; download the original instead, or try again later.`,
    );
  }
  const files = missing.length === 1 ? "file is" : `${missing.length} files are`;
  // About 10 s per file on one worker, at least 10 s and at most 2 minutes.
  const retryAfterSeconds = Math.min(120, Math.max(10, missing.length * 10));
  throw new FormatPreparingError(
    `Your ${label} ${files} being prepared; nothing was counted against your downloads. Try again in about ${retryAfterSeconds} seconds.`,
    retryAfterSeconds,
  );
}

/** Why a download of `saleId` is refused now, as the AppError the route turns into a status. */
async function downloadRefusal(db: PrismaClient, saleId: string, now: Date): Promise<AppError> {
  {
    const sale = await db.sale.findUnique({ where: { id: saleId } });
    if (!sale) return new AppError("NOT_FOUND", "This download link is not valid.");
    if (sale.status === "COMPLETED" && sale.deliverAt && sale.deliverAt > now)
      return new AppError(
        "CONFLICT",
        `This is a pre-order: the downloads open on ${sale.deliverAt.toISOString().slice(0, 10)} (UTC).`,
      );
    switch (sale.status) {
      case "PENDING":
        return new AppError(
          "CONFLICT",
          "Your payment is not confirmed yet; try again in a moment.",
        );
      case "REFUNDED":
        return new AppError(
          "GONE",
          "This purchase was refunded, so its download link no longer works.",
        );
      case "FAILED":
        return new AppError("GONE", "This purchase was not completed.");
      case "COMPLETED":
        if (sale.downloadExpiresAt && sale.downloadExpiresAt <= now) {
          return new AppError(
            "GONE",
            `This download link expired on ${sale.downloadExpiresAt.toISOString().slice(0, 10)} (UTC).`,
          );
        }
        return new AppError(
          "GONE",
          `This link has been used for all ${sale.downloadLimit} downloads.`,
        );
    }
  }
}

/**
 * Spends downloads of a release purchase for the whole release as one zip in `format` (issue 16
 * §2): the same rules as `consumeDownload` (completed, delivered, unexpired, under the limit),
 * and a zip costs one download per file in it (a release's limit is the per-track limit × its
 * tracks, so the zip is as many downloads as fetching each file once). The files are the
 * release's tracks now, then the tracks it had when bought and has no longer
 * (`Sale.releaseTrackIds`, served in their own "track" copies). Every file must be ready first:
 * when some transcodes are missing they are queued and `FormatPreparingError` is thrown with
 * nothing spent. Originals are the masters as uploaded, named by their sniffed format.
 * With `opts.open` (`Storage.get`), every file is opened and closed again before the spend, so a
 * zip with a file missing from storage costs the buyer nothing (as `openThenSpend` for one file);
 * a file that goes missing after that check still cuts the zip short (`streamReleaseZip`).
 * @throws AppError NOT_FOUND when the purchase has no file left to zip; INTERNAL "The file of
 *   "<title>" is missing from storage; contact support." when `open` finds one missing.
 * @returns the zip's file name, the entries in release order ("NN - Title.ext", with their
 *   storage keys) and the entries' date (the release date, else 1980-01-01 UTC), for
 *   `streamReleaseZip`.
 * @throws AppError NOT_FOUND (unknown token), BAD_INPUT (a track purchase: no zip), CONFLICT /
 *   GONE as `consumeDownload`, INTERNAL (a file failed `TRANSCODE_MAX_ATTEMPTS` times);
 *   FormatPreparingError.
 */
export async function consumeReleaseZip(
  input: { token: string; format: DownloadFormat; now?: Date },
  db: PrismaClient,
  opts: { open?: OpenStoredFile } = {},
): Promise<{ saleId: string; fileName: string; date: Date; entries: ZipEntry[] }> {
  const saleId = await downloadSaleId(db, input.token);
  const now = input.now ?? new Date();
  const sale = await db.sale.findUniqueOrThrow({
    where: { id: saleId },
    select: {
      releaseTrackIds: true,
      release: {
        select: {
          id: true,
          title: true,
          releaseDate: true,
          artist: { select: { name: true } },
          tracks: {
            orderBy: { position: "asc" },
            select: {
              track: {
                select: {
                  id: true,
                  title: true,
                  masterKey: true,
                  masterFilename: true,
                  masterFormat: true,
                },
              },
            },
          },
        },
      },
    },
  });
  const release = sale.release;
  if (!release)
    throw new AppError(
      "BAD_INPUT",
      "A zip is for a release purchase; this purchase is one track: download it without zip=1.",
      { field: "zip" },
    );
  const current = release.tracks.map((rt) => rt.track);
  const keptIds = sale.releaseTrackIds.filter((id) => !current.some((t) => t.id === id));
  const keptRows = keptIds.length
    ? await db.track.findMany({
        where: { id: { in: keptIds } },
        select: {
          id: true,
          title: true,
          masterKey: true,
          masterFilename: true,
          masterFormat: true,
        },
      })
    : [];
  const kept = keptIds.flatMap((id) => keptRows.filter((t) => t.id === id));
  const tracks = [...current, ...kept];
  if (tracks.length === 0) throw new AppError("NOT_FOUND", "This release has no files to zip.");
  const format = input.format;
  // The link first, for every format: a used-up or expired link hears why before anything is
  // prepared or opened (a missing file behind it would otherwise answer 500).
  await assertMayDownload(db, saleId, now, tracks.length);
  let ready: Map<string, { storageKey: string }> | undefined;
  if (format !== "original") {
    // The release's copies of its tracks now, the track's own copies of the ones it had.
    ready = new Map();
    for (const [context, list] of [
      [releaseContext(release.id), current],
      ["track", kept],
    ] as const) {
      if (list.length === 0) continue;
      const readiness = await formatsReadiness(db, { context, trackIds: list.map((t) => t.id) });
      if (readiness.missing[format].length > 0) await refusePreparing(db, readiness, format);
      for (const [id, file] of readiness.ready[format]) ready.set(id, file);
    }
  }
  const entries = tracks.map((t, i) => {
    const ext = format === "original" ? masterExtension(t.masterFormat) : FORMAT_SPECS[format].ext;
    return {
      name: zipEntryName({ position: i + 1, trackCount: tracks.length, title: t.title, ext }),
      storageKey: format === "original" ? t.masterKey : ready!.get(t.id)!.storageKey,
    };
  });
  if (opts.open) {
    // One file open at a time; streamReleaseZip opens each again as it writes it.
    for (const [i, entry] of entries.entries()) {
      const object = await opts.open(entry.storageKey);
      if (!object)
        throw new AppError(
          "INTERNAL",
          `The file of "${tracks[i]!.title}" is missing from storage; contact support.`,
        );
      await object.body.cancel().catch(() => undefined);
    }
  }
  const spent = await spendDownload(db, saleId, now, tracks.length);
  const label = format === "original" ? "Original" : FORMAT_SPECS[format].label;
  return {
    saleId: spent,
    fileName: `${release.artist.name} - ${release.title} (${label}).zip`,
    date: release.releaseDate ?? ZIP_EPOCH,
    entries,
  };
}

/**
 * Queues the transcodes a purchase's files still lack in `format` (issue 16 §2), without spending
 * a download: what the purchase page asks for when the buyer picks a format, so the files are
 * being made while the page waits (it re-reads `getPurchaseStatus` until they are ready). The
 * files are the purchase's: the track, or the release's tracks now (its copies) and the tracks
 * kept from the purchase (their own copies). A file that failed every attempt for its current
 * source is not asked for again. Idempotent: a queued or ready file is not queued twice.
 * @returns how many files were asked for.
 * @throws AppError NOT_FOUND (unknown or malformed token), CONFLICT / GONE as a download would
 *   (not paid, a pre-order, expired, used up, refunded).
 */
export async function prepareDownloadFormat(
  input: { token: string; format: Exclude<DownloadFormat, "original">; now?: Date },
  db: PrismaClient,
): Promise<{ requested: number }> {
  const saleId = await downloadSaleId(db, input.token);
  const now = input.now ?? new Date();
  await assertMayDownload(db, saleId, now);
  const sale = await db.sale.findUniqueOrThrow({
    where: { id: saleId },
    select: {
      trackId: true,
      releaseId: true,
      releaseTrackIds: true,
      release: { select: { tracks: { select: { trackId: true } } } },
    },
  });
  const current = sale.release?.tracks.map((t) => t.trackId) ?? [];
  const groups: [TranscodeContext, string[]][] = sale.releaseId
    ? [
        [releaseContext(sale.releaseId), current],
        ["track", sale.releaseTrackIds.filter((id) => !current.includes(id))],
      ]
    : [["track", [sale.trackId!]]];
  let requested = 0;
  for (const [context, trackIds] of groups) {
    if (trackIds.length === 0) continue;
    const readiness = await formatsReadiness(db, { context, trackIds });
    const broken = new Set(
      readiness.failed[input.format]
        .filter((f) => f.attempts >= TRANSCODE_MAX_ATTEMPTS)
        .map((f) => f.trackId),
    );
    const wanted = readiness.missing[input.format].filter((m) => !broken.has(m.trackId));
    await requestTranscodes(
      db,
      wanted.map((m) => ({ trackId: m.trackId, format: input.format, context: m.context })),
    );
    requested += wanted.length;
  }
  return { requested };
}

/** At most this many re-sends of a receipt per purchase per hour. */
export const RESENDS_PER_HOUR = 3;

/**
 * Issues a new download link for a purchase and queues the receipt email with it (a buyer who
 * lost the email asks from the success page). The link shares the purchase's expiry and count.
 * @throws AppError NOT_FOUND (unknown token), CONFLICT (not paid), RATE_LIMITED (over
 *   RESENDS_PER_HOUR in the last hour).
 */
export async function resendReceipt(input: { token: string }, db: PrismaClient) {
  const token = ZDownloadToken.parse(input.token);
  const saleId = await saleIdForToken(db, token);
  if (!saleId) throw new AppError("NOT_FOUND", "No purchase matches this link.");
  const sale = await db.sale.findUniqueOrThrow({ where: { id: saleId } });
  if (sale.status !== "COMPLETED")
    throw new AppError(
      "CONFLICT",
      `This purchase is ${sale.status.toLowerCase()}; there is no receipt to send.`,
    );
  const recent = await db.downloadLink.count({
    where: { saleId, purpose: "resend", createdAt: { gte: new Date(Date.now() - 3_600_000) } },
  });
  if (recent >= RESENDS_PER_HOUR)
    throw new AppError(
      "RATE_LIMITED",
      `The receipt was re-sent ${recent} times in the last hour; check your spam folder or try again later.`,
    );
  await db.$transaction((tx) => issueReceipt(tx, { saleId, purpose: "resend" }));
  return { sentTo: sale.buyerEmail };
}

/** What a receipt says about its purchase. */
export type ReceiptSale = {
  id: string;
  amountCents: number;
  currency: string;
  buyerEmail: string;
  downloadLimit: number;
  downloadExpiresAt: Date | null;
  title: string;
  artistName: string;
};

/**
 * Creates a download link for the sale and queues the receipt email carrying it, in the
 * caller's transaction (at completion and on re-send). Idempotent per sale for the first receipt.
 * @throws Error when the sale does not exist.
 */
export async function issueReceipt(
  tx: Prisma.TransactionClient,
  input: { saleId: string; purpose: "receipt" | "resend" },
) {
  const [sale] = await tx.$queryRaw<(ReceiptSale & { links: number })[]>`
    SELECT s."id", s."amountCents", s."currency", s."buyerEmail", s."downloadLimit", s."downloadExpiresAt",
      COALESCE(t."title", r."title") AS "title", a."name" AS "artistName",
      (SELECT COUNT(*)::int FROM "DownloadLink" d WHERE d."saleId" = s."id") AS "links"
    FROM "Sale" s LEFT JOIN "Track" t ON t."id" = s."trackId" LEFT JOIN "Release" r ON r."id" = s."releaseId"
    JOIN "ArtistProfile" a ON a."id" = s."artistId"
    WHERE s."id" = ${input.saleId}`;
  if (!sale) throw new Error(`Cannot issue a receipt: sale ${input.saleId} does not exist.`);
  await sendReceipt(tx, sale, { purpose: input.purpose, linksIssued: sale.links });
}

/**
 * The second half of `issueReceipt`, for a caller that already read the sale (the completion
 * holds it locked): a new download link and the receipt email, queued once per idempotency key
 * `receipt:<sale>:<n>`. A first receipt is skipped when links were already issued. A sale that
 * came through a promoter's link (still attributed: a self-referral was cleared) carries the link
 * to report that promoter, `/report?ref=<code>` (issue 11 §2). When the buyer may promote the
 * track or release (`shareEarnOfferForSale`), it offers "Share this track (album…) and earn N%"
 * with a button to the offer on the purchase page (`/purchase/<token>#share-and-earn`; issue 14 §7): the email only
 * opens the page, the account is made by the page's button (a POST), never by a GET.
 * `opts.saleStatus`: the sale's status as its settlement is about to write it (the completion
 * queues the receipt just before); by default the row's.
 */
export async function sendReceipt(
  tx: Prisma.TransactionClient,
  sale: ReceiptSale,
  opts: { purpose: "receipt" | "resend"; linksIssued: number; saleStatus?: SaleStatus },
) {
  const n = opts.linksIssued;
  if (opts.purpose === "receipt" && n > 0) return;
  const token = randomToken();
  await tx.downloadLink.create({
    data: { saleId: sale.id, tokenHash: sha256Hex(token), purpose: opts.purpose },
  });
  // One statement for what the email shows: the promoter's link code (for the report link),
  // the licence issued just before at completion, and the sale's track or release for the share
  // & earn offer (`shareEarnOfferFromFacts` then reads only the live campaigns, when it stands).
  const [facts] = await tx.$queryRaw<
    {
      status: SaleStatus;
      linkCode: string | null;
      licenseKey: string | null;
      licenseKind: LicenseKind | null;
      productKind: "track" | "release" | null;
      productId: string | null;
      releaseKind: string | null;
      slug: string | null;
      productTitle: string | null;
      artistId: string | null;
      productArtistName: string | null;
      published: boolean | null;
      deletedAt: Date | null;
      affiliateEnabled: boolean | null;
      commissionBps: number | null;
    }[]
  >`
    SELECT s."status"::text AS "status", l."code" AS "linkCode", li."key" AS "licenseKey", li."kind"::text AS "licenseKind",
      CASE WHEN t."id" IS NOT NULL THEN 'track' WHEN r."id" IS NOT NULL THEN 'release' END AS "productKind",
      COALESCE(t."id", r."id") AS "productId", r."kind" AS "releaseKind",
      COALESCE(t."slug", r."slug") AS "slug", COALESCE(t."title", r."title") AS "productTitle",
      a."id" AS "artistId", a."name" AS "productArtistName",
      COALESCE(t."published", r."published") AS "published", COALESCE(t."deletedAt", r."deletedAt") AS "deletedAt",
      COALESCE(t."affiliateEnabled", r."affiliateEnabled") AS "affiliateEnabled",
      COALESCE(t."commissionBps", r."commissionBps") AS "commissionBps"
    FROM "Sale" s
    LEFT JOIN "AffiliateLink" l ON l."id" = s."linkId"
    LEFT JOIN "License" li ON li."saleId" = s."id"
    LEFT JOIN "Track" t ON t."id" = s."trackId"
    LEFT JOIN "Release" r ON r."id" = s."releaseId"
    LEFT JOIN "ArtistProfile" a ON a."id" = COALESCE(t."artistId", r."artistId")
    WHERE s."id" = ${sale.id}`;
  if (!facts) throw new Error(`Cannot queue a receipt: sale ${sale.id} does not exist.`);
  const link = facts.linkCode ? { code: facts.linkCode } : null;
  const license =
    facts.licenseKey && facts.licenseKind
      ? { key: facts.licenseKey, kind: facts.licenseKind }
      : null;
  const share = await shareEarnOfferFromFacts(
    {
      saleStatus: opts.saleStatus ?? facts.status,
      product: facts.productKind
        ? {
            kind: facts.productKind,
            id: facts.productId!,
            slug: facts.slug!,
            title: facts.productTitle!,
            artistId: facts.artistId!,
            artistName: facts.productArtistName!,
            noun: facts.productKind === "track" ? "track" : releaseNoun(facts.releaseKind!),
            published: facts.published!,
            deletedAt: facts.deletedAt,
            affiliateEnabled: facts.affiliateEnabled!,
            commissionBps: facts.commissionBps!,
          }
        : null,
    },
    new Date(),
    tx,
  );
  await enqueueEmail(tx, {
    idempotencyKey: `receipt:${sale.id}:${n + 1}`,
    to: sale.buyerEmail,
    template: "receipt",
    props: {
      appUrl: apiEnv().APP_URL,
      saleId: sale.id,
      trackTitle: sale.title,
      artistName: sale.artistName,
      amountCents: sale.amountCents,
      currency: sale.currency,
      downloadPath: `/purchase/${token}`,
      downloadLimit: sale.downloadLimit,
      reportPath: link ? `/report?ref=${encodeURIComponent(link.code)}` : null,
      // The purchase's licence (issue 16 §4), issued just before at completion.
      license: license
        ? {
            key: license.key,
            kind: license.kind,
            certificatePath: licenseCertificatePath(license.key),
            verifyPath: `/license/${license.key}`,
          }
        : null,
      shareOffer: share.ok
        ? {
            commissionBps: share.offer.commissionBps,
            offerPath: `/purchase/${token}#share-and-earn`,
            noun: share.offer.product.noun,
          }
        : null,
      // A completed sale always has its expiry; the fallback is the default TTL from now.
      expiresAt:
        sale.downloadExpiresAt ?? new Date(Date.now() + apiEnv().DOWNLOAD_TTL_DAYS * 86_400_000),
    },
  });
}
