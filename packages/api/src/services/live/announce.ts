import type { PrismaClient } from "@fanfare/db";

import type { NewLiveEvent } from "./live-events";
import { publishLiveEvents } from "./live-events";

/**
 * Announces a completed sale to the screens of its promoter ("commission arrived", with the
 * amount for the count-up) and of its artist ("new sale" toast), after the webhook's transaction
 * committed (issue 13 §6). A sale with no commission (no promoter, or a code that took it all)
 * reaches the artist only; a free order (0) nobody. Never throws.
 */
export async function announceSale(saleId: string, db: PrismaClient): Promise<void> {
  try {
    // One statement: the sale and the title of what was sold, the track's or the release's
    // (issue 16 §1).
    const [sale] = await db.$queryRaw<
      {
        status: string;
        promoterId: string | null;
        commissionCents: number;
        artistCents: number;
        artistId: string;
        title: string | null;
      }[]
    >`
      SELECT s."status"::text AS "status", s."promoterId", s."commissionCents", s."artistCents", s."artistId",
        COALESCE(t."title", r."title") AS "title"
      FROM "Sale" s LEFT JOIN "Track" t ON t."id" = s."trackId" LEFT JOIN "Release" r ON r."id" = s."releaseId"
      WHERE s."id" = ${saleId}`;
    if (!sale || sale.status !== "COMPLETED") return;
    const at = Date.now();
    const title = sale.title ?? "";
    const events: NewLiveEvent[] = [];
    if (sale.promoterId && sale.commissionCents > 0)
      events.push({
        topic: `promoter:${sale.promoterId}`,
        kind: "commission",
        amountCents: sale.commissionCents,
        trackTitle: title,
        at,
      });
    if (sale.artistCents > 0)
      events.push({
        topic: `artist:${sale.artistId}`,
        kind: "sale",
        amountCents: sale.artistCents,
        trackTitle: title,
        at,
      });
    await publishLiveEvents(db, events);
  } catch (e) {
    console.error(`[live] could not announce sale ${saleId}:`, e);
  }
}
