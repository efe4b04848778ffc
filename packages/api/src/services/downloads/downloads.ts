import type { PrismaClient } from "@fanfare/db";
import { ZDownloadToken } from "@fanfare/validators";

import { AppError } from "../app-error";
import { publicTrackSelect, toPublicTrack } from "../catalog/track-view";
import { sha256Hex } from "../shared/tokens";

const findByToken = (db: PrismaClient, token: string) =>
  db.sale.findUnique({ where: { downloadTokenHash: sha256Hex(token) }, include: { track: { select: publicTrackSelect } } });

/**
 * What the buyer's success page shows for a purchase token: status, track, amount (cents),
 * downloads left and the expiry. The token is looked up by its SHA-256 only.
 * @throws AppError NOT_FOUND for a token that matches no purchase.
 */
export async function getPurchaseStatus(input: { token: string }, db: PrismaClient) {
  const token = ZDownloadToken.parse(input.token);
  const sale = await findByToken(db, token);
  if (!sale) throw new AppError("NOT_FOUND", "No purchase matches this link.");
  const now = Date.now();
  const expired = sale.downloadExpiresAt != null && sale.downloadExpiresAt.getTime() <= now;
  return {
    status: sale.status,
    amountCents: sale.amountCents,
    currency: sale.currency,
    buyerEmail: sale.buyerEmail,
    track: toPublicTrack(sale.track),
    downloadsUsed: sale.downloadCount,
    downloadLimit: sale.downloadLimit,
    downloadsRemaining: Math.max(0, sale.downloadLimit - sale.downloadCount),
    expiresAt: sale.downloadExpiresAt,
    canDownload: sale.status === "COMPLETED" && !expired && sale.downloadCount < sale.downloadLimit,
    downloadPath: `/api/download/${token}`,
  };
}

/**
 * Spends one download of a purchase, atomically: the count goes up only while the sale is
 * COMPLETED, the link unexpired (7 days by default) and under its limit (5 by default), so
 * concurrent requests can never exceed the limit.
 * @returns the master's storage key, content type, file name and size in bytes.
 * @throws AppError NOT_FOUND (unknown token), CONFLICT (payment not confirmed yet), GONE
 *   (refunded, expired, or no downloads left), each with the reason.
 */
export async function consumeDownload(input: { token: string; now?: Date }, db: PrismaClient) {
  const parsed = ZDownloadToken.safeParse(input.token);
  if (!parsed.success) throw new AppError("NOT_FOUND", "This download link is not valid.");
  const hash = sha256Hex(parsed.data);
  const now = input.now ?? new Date();
  const rows = await db.$queryRaw<{ id: string; trackId: string }[]>`
    UPDATE "Sale" SET "downloadCount" = "downloadCount" + 1, "updatedAt" = ${now}
    WHERE "downloadTokenHash" = ${hash} AND "status" = 'COMPLETED'
      AND "downloadExpiresAt" > ${now} AND "downloadCount" < "downloadLimit"
    RETURNING "id", "trackId"`;
  if (rows.length === 0) {
    const sale = await db.sale.findUnique({ where: { downloadTokenHash: hash } });
    if (!sale) throw new AppError("NOT_FOUND", "This download link is not valid.");
    switch (sale.status) {
      case "PENDING":
        throw new AppError("CONFLICT", "Your payment is not confirmed yet; try again in a moment.");
      case "REFUNDED":
        throw new AppError("GONE", "This purchase was refunded, so its download link no longer works.");
      case "FAILED":
        throw new AppError("GONE", "This purchase was not completed.");
      case "COMPLETED":
        if (sale.downloadExpiresAt && sale.downloadExpiresAt <= now) {
          throw new AppError("GONE", `This download link expired on ${sale.downloadExpiresAt.toISOString().slice(0, 10)} (UTC).`);
        }
        throw new AppError("GONE", `This link has been used for all ${sale.downloadLimit} downloads.`);
    }
  }
  const track = await db.track.findUniqueOrThrow({
    where: { id: rows[0]!.trackId },
    select: { masterKey: true, masterContentType: true, masterFilename: true, masterSizeBytes: true, title: true, masterFormat: true, artist: { select: { name: true } } },
  });
  const ext = track.masterFilename.includes(".") ? track.masterFilename.slice(track.masterFilename.lastIndexOf(".")) : `.${track.masterFormat}`;
  return {
    saleId: rows[0]!.id,
    storageKey: track.masterKey,
    contentType: track.masterContentType,
    sizeBytes: track.masterSizeBytes,
    fileName: `${track.artist.name} - ${track.title}${ext}`,
  };
}
