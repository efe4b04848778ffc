import { randomUUID } from "node:crypto";

import type { Prisma, PrismaClient } from "@fanfare/db";
import type { NotificationType } from "@fanfare/validators";

import type { LiveEvent } from "../live/live-events";
import { LIVE_CHANNEL, livePayload } from "../live/live-events";

/** One in-app notification to write. */
export type NotificationInput = {
  userId: string;
  type: NotificationType;
  /** One line, shown bold in the bell's list (≤ 120 characters). */
  title: string;
  /** Optional second line. */
  body?: string;
  /** A path in the web app to open when clicked ("/dashboard/promoter"). */
  href?: string;
  /** Makes one event notify once ("milestone:<awardId>"): a retry writes nothing new. */
  dedupeKey: string;
};

/**
 * Writes an in-app notification (issue 13 §7) in the caller's transaction, unless the user muted
 * its type; once per (user, `dedupeKey`), so a retried job or a replayed event adds nothing.
 *
 * A written notification is also announced to the user's open screens (their bell): a live event
 * on the topic `user:<userId>` (kind "notification": the notification's id and type, no text),
 * sent by a PostgreSQL `NOTIFY` in the same statement. PostgreSQL delivers a NOTIFY when its
 * transaction commits and drops it when it rolls back (the embedded PGlite behaves the same), so
 * a notification is announced only once it is visible, and never when the caller's transaction
 * fails. Nothing is delivered in process at once (unlike `publishLiveEvents`, which runs after
 * commit): this process's subscribers hear it through their own listener, like every other
 * process's. The cost: PostgreSQL serialises the commits of transactions that NOTIFY (one lock,
 * held through the commit), which the sale webhook's transaction now does too.
 * @returns whether a row was written (false: muted, or already written under that key).
 */
export async function notify(
  tx: Prisma.TransactionClient | PrismaClient,
  n: NotificationInput,
): Promise<boolean> {
  return (await notifyUnlessMuted(tx, n)).written;
}

/**
 * `notify`, also telling whether the user muted the type, in one statement: for an event that
 * also emails, which must skip the email of a muted type (issue 13 §7: "each type can be muted")
 * and send it otherwise, whether or not the notification was new. Announces a written one at
 * commit, as `notify` says.
 * @returns `muted`: the user muted the type (nothing written); `written`: a row was written.
 *   Both false for an unknown user or a key already written.
 */
export async function notifyUnlessMuted(
  tx: Prisma.TransactionClient | PrismaClient,
  n: NotificationInput,
): Promise<{ muted: boolean; written: boolean }> {
  const title = n.title.length > 120 ? `${n.title.slice(0, 119)}…` : n.title;
  const id = `ntf_${randomUUID()}`;
  const event: LiveEvent = {
    id: randomUUID(),
    topic: `user:${n.userId}`,
    kind: "notification",
    notificationId: id,
    type: n.type,
    at: Date.now(),
  };
  const [row] = await tx.$queryRaw<{ muted: boolean; written: number }[]>`
    WITH u AS (
      SELECT "id", (${n.type} = ANY (COALESCE("mutedNotificationTypes", ARRAY[]::text[]))) AS "muted"
      FROM "User" WHERE "id" = ${n.userId}
    ), ins AS (
      INSERT INTO "Notification" ("id", "userId", "type", "title", "body", "href", "dedupeKey", "createdAt")
      SELECT ${id}, u."id", ${n.type}, ${title}, ${n.body ?? ""}, ${n.href ?? null}, ${n.dedupeKey}, now()
      FROM u WHERE NOT u."muted"
      ON CONFLICT ("userId", "dedupeKey") DO NOTHING
      RETURNING 1
    ), announced AS (
      -- Volatile, so materialised and run once per written row (none when muted or a repeat).
      SELECT pg_notify(${LIVE_CHANNEL}, ${livePayload(event)}) FROM ins
    )
    SELECT COALESCE((SELECT "muted" FROM u), false) AS "muted",
      (SELECT COUNT(*) FROM ins)::int AS "written",
      (SELECT COUNT(*) FROM announced)::int AS "announced"`;
  return { muted: row?.muted ?? false, written: (row?.written ?? 0) > 0 };
}
