import { randomUUID } from "node:crypto";

import type { Prisma } from "@fanfare/db";

import type { ClickCountedEventData } from "./payload";
import { emitWebhookEvents } from "./emit";

/** One (link, day) group of a click roll-up batch (`rollupClicks`). */
export type RolledUpClicks = {
  linkId: string;
  /** The link's product: a track or a release (issue 16 §1), one of the two. */
  trackId: string | null;
  releaseId: string | null;
  /** PromoterProfile.id. */
  promoterId: string;
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  n: number;
};

/**
 * Emits `click.counted` for one click roll-up batch, inside the batch's transaction (issue 15
 * §3: in batches, never from the click path): one event per promoter whose user has an enabled
 * endpoint subscribed to `click.counted`, with the batch's counts per link and day. Costs one
 * indexed look-up when nobody subscribed (the usual case), and an `emitWebhookEvents` statement
 * otherwise. The subject is `clicks:<userId>:<batchId>` with a fresh batch id: the batch's
 * transaction commits its clicks and its events together, so each click is reported once.
 * @returns how many events were emitted.
 */
export async function emitClickCountedEvents(
  tx: Prisma.TransactionClient,
  groups: readonly RolledUpClicks[],
  opts: { now?: Date } = {},
): Promise<number> {
  if (groups.length === 0) return 0;
  const promoterIds = [...new Set(groups.map((g) => g.promoterId))];
  const subscribed = await tx.$queryRaw<{ id: string; userId: string }[]>`
    SELECT p."id", p."userId" FROM "PromoterProfile" p
    WHERE p."id" = ANY (${promoterIds}::text[])
      AND EXISTS (
        SELECT 1 FROM "WebhookEndpoint" e
        WHERE e."userId" = p."userId" AND e."disabledAt" IS NULL AND 'click.counted' = ANY (e."events"))`;
  if (subscribed.length === 0) return 0;
  const now = opts.now ?? new Date();
  const batchId = randomUUID();
  return emitWebhookEvents(
    tx,
    subscribed.map((p) => {
      const links = groups
        .filter((g) => g.promoterId === p.id)
        .map((g) => ({
          linkId: g.linkId,
          trackId: g.trackId,
          releaseId: g.releaseId,
          day: g.day,
          clicks: g.n,
        }));
      const data: ClickCountedEventData = {
        batchId,
        clicks: links.reduce((t, l) => t + l.clicks, 0),
        links,
        occurredAt: now.toISOString(),
      };
      return {
        userId: p.userId,
        type: "click.counted" as const,
        subjectKey: `clicks:${p.userId}:${batchId}`,
        data,
      };
    }),
    { now },
  );
}
