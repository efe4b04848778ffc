import type { Prisma, PrismaClient } from "@fanfare/db";

import { emitWebhookEvents } from "../platform/webhooks/emit";
import type { PromoterJoinedEventData } from "../platform/webhooks/payload";

type Tx = Prisma.TransactionClient | PrismaClient;

/**
 * `promoter.joined` (issue 15 §3) to the admins whose endpoints subscribe to it: a promoter is
 * ACTIVE in the program (signed up to an open program, or approved). Once per promoter and admin
 * (subject `promoter:<promoterId>:<adminUserId>`). One read of the subscribed admins (usually
 * none) and one insert.
 */
export async function emitPromoterJoinedToAdmins(
  tx: Tx,
  promoter: { id: string; displayName: string | null },
  now: Date = new Date(),
): Promise<number> {
  const admins = await tx.$queryRaw<{ userId: string }[]>`
    SELECT DISTINCT e."userId" FROM "WebhookEndpoint" e JOIN "User" u ON u."id" = e."userId"
    WHERE u."isAdmin" AND e."disabledAt" IS NULL AND 'promoter.joined' = ANY (e."events")`;
  const data: PromoterJoinedEventData = {
    promoterId: promoter.id,
    displayName: promoter.displayName,
    trackId: null,
    releaseId: null,
    occurredAt: now.toISOString(),
  };
  return emitWebhookEvents(
    tx,
    admins.map(({ userId }) => ({
      userId,
      type: "promoter.joined" as const,
      subjectKey: `promoter:${promoter.id}:${userId}`,
      data: { ...data },
    })),
    { now },
  );
}

/**
 * `promoter.joined` to an artist (issue 15 §3): a promoter made their first link to one of the
 * artist's tracks (they joined the artist's promoters). Once per artist and promoter (subject
 * `artist:<artistId>:promoter:<promoterId>`), whatever the number of links; nothing written
 * unless the artist has a subscribed endpoint.
 */
export async function emitPromoterJoinedToArtist(
  tx: Tx,
  input: {
    artistId: string;
    artistUserId: string;
    promoterId: string;
    displayName: string | null;
    /** The first link's track, or null when it was a release's (`releaseId`, issue 16 §1). */
    trackId: string | null;
    releaseId?: string | null;
  },
  now: Date = new Date(),
): Promise<number> {
  const data: PromoterJoinedEventData = {
    promoterId: input.promoterId,
    displayName: input.displayName,
    trackId: input.trackId,
    releaseId: input.releaseId ?? null,
    occurredAt: now.toISOString(),
  };
  return emitWebhookEvents(
    tx,
    [
      {
        userId: input.artistUserId,
        type: "promoter.joined",
        subjectKey: `artist:${input.artistId}:promoter:${input.promoterId}`,
        data,
      },
    ],
    { now },
  );
}
