import type { Prisma, PrismaClient } from "@fanfare/db";
import type { LicenseKind } from "@fanfare/db/kinds";
import { ZDownloadToken } from "@fanfare/validators";

import { AppError } from "../app-error";
import { releaseArtworkUrl } from "../catalog/products";
import { publicTrackSelect, toPublicTrack } from "../catalog/track-view";
import { enqueueEmail } from "../email/outbox";
import { licenseCertificatePath } from "../licenses/verify";
import { shareEarnOfferForSale } from "../share-earn/offer";
import { apiEnv } from "../env";
import { randomToken, sha256Hex } from "../shared/tokens";

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
      : release!.tracks.map((rt) => ({
          trackId: rt.track.id,
          title: rt.track.title,
          position: rt.position,
          durationSeconds: rt.track.durationSeconds,
          downloadPath: `${downloadPath}?track=${encodeURIComponent(rt.track.id)}`,
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
 * Spends one download of a purchase, atomically: the count goes up only while the sale is
 * COMPLETED, delivered (a pre-order's `deliverAt` passed), the link unexpired (7 days by default)
 * and under its limit (5 by default; a release's is that per track), so concurrent requests can
 * never exceed the limit. A release purchase names the file with `trackId`: one of its tracks.
 * @returns the master's storage key, content type, file name and size in bytes.
 * @throws AppError NOT_FOUND (unknown token; a release's track missing or not on it), CONFLICT
 *   (payment not confirmed yet; a pre-order before its date), GONE (refunded, expired, or no
 *   downloads left), each with the reason.
 */
export async function consumeDownload(
  input: { token: string; trackId?: string | null; now?: Date },
  db: PrismaClient,
) {
  const parsed = ZDownloadToken.safeParse(input.token);
  if (!parsed.success) throw new AppError("NOT_FOUND", "This download link is not valid.");
  const saleId = await saleIdForToken(db, parsed.data);
  if (!saleId) throw new AppError("NOT_FOUND", "This download link is not valid.");
  const now = input.now ?? new Date();
  const bought = await db.sale.findUniqueOrThrow({
    where: { id: saleId },
    select: { trackId: true, releaseId: true },
  });
  // The file: the track bought, or the named track of the release bought.
  let fileTrackId = bought.trackId;
  if (bought.releaseId) {
    if (!input.trackId)
      throw new AppError("NOT_FOUND", "Choose which track of the release to download.");
    const onRelease = await db.releaseTrack.findUnique({
      where: { releaseId_trackId: { releaseId: bought.releaseId, trackId: input.trackId } },
      select: { trackId: true },
    });
    if (!onRelease) throw new AppError("NOT_FOUND", "That track is not on this release.");
    fileTrackId = onRelease.trackId;
  }
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "Sale" SET "downloadCount" = "downloadCount" + 1, "updatedAt" = ${now}
    WHERE "id" = ${saleId} AND "status" = 'COMPLETED'
      AND ("deliverAt" IS NULL OR "deliverAt" <= ${now})
      AND "downloadExpiresAt" > ${now} AND "downloadCount" < "downloadLimit"
    RETURNING "id"`;
  if (rows.length === 0) {
    const sale = await db.sale.findUnique({ where: { id: saleId } });
    if (!sale) throw new AppError("NOT_FOUND", "This download link is not valid.");
    if (sale.status === "COMPLETED" && sale.deliverAt && sale.deliverAt > now)
      throw new AppError(
        "CONFLICT",
        `This is a pre-order: the downloads open on ${sale.deliverAt.toISOString().slice(0, 10)} (UTC).`,
      );
    switch (sale.status) {
      case "PENDING":
        throw new AppError("CONFLICT", "Your payment is not confirmed yet; try again in a moment.");
      case "REFUNDED":
        throw new AppError(
          "GONE",
          "This purchase was refunded, so its download link no longer works.",
        );
      case "FAILED":
        throw new AppError("GONE", "This purchase was not completed.");
      case "COMPLETED":
        if (sale.downloadExpiresAt && sale.downloadExpiresAt <= now) {
          throw new AppError(
            "GONE",
            `This download link expired on ${sale.downloadExpiresAt.toISOString().slice(0, 10)} (UTC).`,
          );
        }
        throw new AppError(
          "GONE",
          `This link has been used for all ${sale.downloadLimit} downloads.`,
        );
    }
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
  const ext = track.masterFilename.includes(".")
    ? track.masterFilename.slice(track.masterFilename.lastIndexOf("."))
    : `.${track.masterFormat}`;
  return {
    saleId: rows[0]!.id,
    storageKey: track.masterKey,
    contentType: track.masterContentType,
    sizeBytes: track.masterSizeBytes,
    fileName: `${track.artist.name} - ${track.title}${ext}`,
  };
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
 * track (`shareEarnOfferForSale`), it offers "Share this track and earn N%" with a button to the
 * offer on the purchase page (`/purchase/<token>#share-and-earn`; issue 14 §7): the email only
 * opens the page, the account is made by the page's button (a POST), never by a GET.
 */
export async function sendReceipt(
  tx: Prisma.TransactionClient,
  sale: ReceiptSale,
  opts: { purpose: "receipt" | "resend"; linksIssued: number },
) {
  const n = opts.linksIssued;
  if (opts.purpose === "receipt" && n > 0) return;
  const token = randomToken();
  await tx.downloadLink.create({
    data: { saleId: sale.id, tokenHash: sha256Hex(token), purpose: opts.purpose },
  });
  const [link] = await tx.$queryRaw<{ code: string }[]>`
    SELECT l."code" FROM "Sale" s JOIN "AffiliateLink" l ON l."id" = s."linkId" WHERE s."id" = ${sale.id}`;
  const share = await shareEarnOfferForSale({ saleId: sale.id }, tx);
  const [license] = await tx.$queryRaw<{ key: string; kind: LicenseKind }[]>`
    SELECT "key", "kind" FROM "License" WHERE "saleId" = ${sale.id}`;
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
          }
        : null,
      // A completed sale always has its expiry; the fallback is the default TTL from now.
      expiresAt:
        sale.downloadExpiresAt ?? new Date(Date.now() + apiEnv().DOWNLOAD_TTL_DAYS * 86_400_000),
    },
  });
}
