import type { PrismaClient } from "@fanfare/db";
import type { NotificationType } from "@fanfare/validators";

import { getEarnings } from "../payouts/earnings";
import type { LiveSource, LiveTopic } from "./live-events";
import { liveEvents } from "./live-events";

/** A promoter's earnings as the live header shows them, cents (UTC day, last 7 and 30 days). */
export type LiveEarnings = {
  todayCents: number;
  weekCents: number;
  monthCents: number;
  pendingCents: number;
  payableCents: number;
};

/** What `live.events` sends. */
export type LiveMessage =
  | { type: "snapshot"; earnings: LiveEarnings | null }
  | {
      type: "commission";
      amountCents: number;
      trackTitle: string;
      /** When the sale's webhook committed (ms since the epoch). */
      at: number;
      earnings: LiveEarnings;
    }
  | { type: "sale"; amountCents: number; trackTitle: string; at: number }
  | {
      /** A new notification for the caller (issue 13 §7): the bell asks for its count and list. */
      type: "notification";
      notificationId: string;
      notificationType: NotificationType;
      /** When it was written (ms since the epoch); sent once its transaction committed. */
      at: number;
    };

async function earningsOf(promoterId: string, db: PrismaClient): Promise<LiveEarnings> {
  const e = await getEarnings({ payee: { type: "PROMOTER", id: promoterId } }, db);
  return {
    todayCents: e.todayCents,
    weekCents: e.weekCents,
    monthCents: e.monthCents,
    pendingCents: e.pendingCents,
    payableCents: e.payableCents,
  };
}

/**
 * The stream behind `live.events` (issue 13 §6): first a snapshot of the promoter's earnings
 * (null for a user who is not a promoter yet), then, as they happen, each commission they earn
 * (with the earnings after it, so the screen counts up to exact figures), each sale of the
 * artist's tracks (for the "new sale" toast) and each notification written for the user (issue
 * 13 §7, for the bell; every signed-in user, promoter or not). Ends when `signal` aborts (the
 * client left).
 * @param who the caller's user id and promoter and artist profile ids (from the session, never
 *   the input): the stream carries the events of these topics only.
 * @param listen where the process hears NOTIFYs (default its own database; tests pass theirs).
 */
export async function* liveStream(
  who: { userId: string; promoterId: string | null; artistId: string | null },
  signal: AbortSignal | undefined,
  db: PrismaClient,
  listen?: LiveSource,
): AsyncGenerator<LiveMessage> {
  const topics: LiveTopic[] = [`user:${who.userId}`];
  if (who.promoterId) topics.push(`promoter:${who.promoterId}`);
  if (who.artistId) topics.push(`artist:${who.artistId}`);
  // Subscribe before reading the snapshot, so nothing between the two is lost.
  const events = liveEvents(topics, signal, listen);
  const first = events.next();
  yield {
    type: "snapshot",
    earnings: who.promoterId ? await earningsOf(who.promoterId, db) : null,
  };
  for (let next = await first; !next.done; next = await events.next()) {
    const e = next.value;
    if (e.kind === "commission" && who.promoterId)
      yield {
        type: "commission",
        amountCents: e.amountCents,
        trackTitle: e.trackTitle,
        at: e.at,
        earnings: await earningsOf(who.promoterId, db),
      };
    else if (e.kind === "sale")
      yield { type: "sale", amountCents: e.amountCents, trackTitle: e.trackTitle, at: e.at };
    else if (e.kind === "notification")
      yield {
        type: "notification",
        notificationId: e.notificationId,
        notificationType: e.type,
        at: e.at,
      };
  }
}
