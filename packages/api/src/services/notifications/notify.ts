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
  return (await notifyManyUnlessMuted(tx, [n]))[0]!;
}

/**
 * `notifyUnlessMuted` for several notifications in one statement (a completed sale notifies its
 * artist and its promoter): each is written unless its user muted its type, once per (user,
 * `dedupeKey`), and a written one is announced at commit, as `notify` says.
 * @returns for each input, in order, `muted` and `written` as `notifyUnlessMuted` returns them.
 */
export async function notifyManyUnlessMuted(
  tx: Prisma.TransactionClient | PrismaClient,
  inputs: NotificationInput[],
): Promise<{ muted: boolean; written: boolean }[]> {
  if (inputs.length === 0) return [];
  const rows = inputs.map((n) => {
    const id = `ntf_${randomUUID()}`;
    const event: LiveEvent = {
      id: randomUUID(),
      topic: `user:${n.userId}`,
      kind: "notification",
      notificationId: id,
      type: n.type,
      at: Date.now(),
    };
    return {
      ...n,
      id,
      title: n.title.length > 120 ? `${n.title.slice(0, 119)}…` : n.title,
      payload: livePayload(event),
    };
  });
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k] ?? null);
  const result = await tx.$queryRaw<{ muted: boolean; written: boolean; announced: number }[]>`
    WITH input AS (
      SELECT * FROM unnest(${col("id")}::text[], ${col("userId")}::text[], ${col("type")}::text[], ${col("title")}::text[],
        ${rows.map((r) => r.body ?? "")}::text[], ${col("href")}::text[], ${col("dedupeKey")}::text[], ${col("payload")}::text[])
        WITH ORDINALITY AS i("id", "userId", "type", "title", "body", "href", "dedupeKey", "payload", "n")
    ), u AS (
      SELECT i.*, usr."id" AS "knownUser",
        COALESCE(i."type" = ANY (COALESCE(usr."mutedNotificationTypes", ARRAY[]::text[])), false) AS "muted"
      FROM input i LEFT JOIN "User" usr ON usr."id" = i."userId"
    ), ins AS (
      INSERT INTO "Notification" ("id", "userId", "type", "title", "body", "href", "dedupeKey", "createdAt")
      SELECT "id", "knownUser", "type", "title", "body", "href", "dedupeKey", now()
      FROM u WHERE "knownUser" IS NOT NULL AND NOT "muted" ORDER BY "n"
      ON CONFLICT ("userId", "dedupeKey") DO NOTHING
      RETURNING "id"
    ), announced AS (
      -- Volatile, so materialised and run once per written row (none when muted or a repeat).
      SELECT pg_notify(${LIVE_CHANNEL}, u."payload") FROM ins JOIN u ON u."id" = ins."id"
    )
    SELECT u."muted", EXISTS (SELECT 1 FROM ins WHERE ins."id" = u."id") AS "written",
      (SELECT COUNT(*) FROM announced)::int AS "announced"
    FROM u ORDER BY u."n"`;
  return result.map((r) => ({ muted: r.muted, written: r.written }));
}
