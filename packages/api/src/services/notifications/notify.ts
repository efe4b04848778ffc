import type { Prisma, PrismaClient } from "@fanfare/db";
import type { NotificationType } from "@fanfare/validators";

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
 * and send it otherwise, whether or not the notification was new.
 * @returns `muted`: the user muted the type (nothing written); `written`: a row was written.
 *   Both false for an unknown user or a key already written.
 */
export async function notifyUnlessMuted(
  tx: Prisma.TransactionClient | PrismaClient,
  n: NotificationInput,
): Promise<{ muted: boolean; written: boolean }> {
  const title = n.title.length > 120 ? `${n.title.slice(0, 119)}…` : n.title;
  const [row] = await tx.$queryRaw<{ muted: boolean; written: number }[]>`
    WITH u AS (
      SELECT "id", (${n.type} = ANY (COALESCE("mutedNotificationTypes", ARRAY[]::text[]))) AS "muted"
      FROM "User" WHERE "id" = ${n.userId}
    ), ins AS (
      INSERT INTO "Notification" ("id", "userId", "type", "title", "body", "href", "dedupeKey", "createdAt")
      SELECT ${`ntf_${crypto.randomUUID()}`}, u."id", ${n.type}, ${title}, ${n.body ?? ""}, ${n.href ?? null}, ${n.dedupeKey}, now()
      FROM u WHERE NOT u."muted"
      ON CONFLICT ("userId", "dedupeKey") DO NOTHING
      RETURNING 1
    )
    SELECT COALESCE((SELECT "muted" FROM u), false) AS "muted", (SELECT COUNT(*) FROM ins)::int AS "written"`;
  return { muted: row?.muted ?? false, written: (row?.written ?? 0) > 0 };
}
