import type { PrismaClient } from "@fanfare/db";
import type {
  ListNotificationsInput,
  MarkNotificationsReadInput,
  NotificationOutput,
  NotificationPreferences,
  NotificationType,
  SetNotificationMutedInput,
} from "@fanfare/validators";
import { NOTIFICATION_TYPE_KEYS, NOTIFICATION_TYPES } from "@fanfare/validators";

import { AppError } from "../app-error";
import type { Page } from "../pagination";
import { paginate } from "../pagination";

/*
 * The notification centre (issue 13 §7): the signed-in user's own notifications only. Every
 * function takes the caller's user id from the session, never from the input, and every query is
 * scoped by it, so another user's notification is invisible (NOT_FOUND when named by id).
 */

/**
 * One page of the user's notifications, newest first (`createdAt`, then id), and their unread
 * count. A cursor that is not one of the user's notifications gives an empty page (the rule of
 * `services/pagination.ts`), never rows of another list.
 */
export async function listNotifications(
  input: { userId: string; page: ListNotificationsInput },
  db: PrismaClient,
): Promise<Page<NotificationOutput> & { unreadCount: number }> {
  const limit = input.page.limit ?? 20;
  const cursor = input.page.cursor ?? null;
  const unreadCount = await countUnread({ userId: input.userId }, db);
  if (cursor) {
    const own = await db.notification.findFirst({
      where: { id: cursor, userId: input.userId },
      select: { id: true },
    });
    if (!own) return { items: [], nextCursor: null, unreadCount };
  }
  const rows = await db.notification.findMany({
    where: { userId: input.userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    select: {
      id: true,
      type: true,
      title: true,
      body: true,
      href: true,
      readAt: true,
      createdAt: true,
    },
  });
  return {
    ...paginate(rows, { limit, cursor }, (r) => ({ ...r, type: r.type as NotificationType })),
    unreadCount,
  };
}

/** How many of the user's notifications are unread (the bell's badge). */
export async function countUnread(input: { userId: string }, db: PrismaClient): Promise<number> {
  return db.notification.count({ where: { userId: input.userId, readAt: null } });
}

/**
 * Marks the user's notifications read: those named by `ids`, or every unread one (`all`). Already
 * read ones keep their first `readAt`.
 * @returns how many changed from unread to read, and the unread count after.
 * @throws AppError NOT_FOUND (nothing changed) when an id is not one of the user's notifications.
 */
export async function markNotificationsRead(
  input: { userId: string; data: MarkNotificationsReadInput; now?: Date },
  db: PrismaClient,
): Promise<{ marked: number; unreadCount: number }> {
  const now = input.now ?? new Date();
  const marked = await db.$transaction(async (tx) => {
    if (input.data.all) {
      const { count } = await tx.notification.updateMany({
        where: { userId: input.userId, readAt: null },
        data: { readAt: now },
      });
      return count;
    }
    const ids = [...new Set(input.data.ids ?? [])];
    const own = await tx.notification.findMany({
      where: { id: { in: ids }, userId: input.userId },
      select: { id: true },
    });
    if (own.length !== ids.length) {
      const found = new Set(own.map((n) => n.id));
      const missing = ids.find((id) => !found.has(id));
      throw new AppError(
        "NOT_FOUND",
        `Notification ${missing} was not found among your notifications.`,
        { field: "ids" },
      );
    }
    const { count } = await tx.notification.updateMany({
      where: { id: { in: ids }, userId: input.userId, readAt: null },
      data: { readAt: now },
    });
    return count;
  });
  return { marked, unreadCount: await countUnread({ userId: input.userId }, db) };
}

/** Every notification type with its label, whether it also emails, and whether the user muted it. */
export async function notificationPreferences(
  input: { userId: string },
  db: PrismaClient,
): Promise<NotificationPreferences> {
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: { mutedNotificationTypes: true },
  });
  const muted = new Set(user?.mutedNotificationTypes ?? []);
  return NOTIFICATION_TYPE_KEYS.map((type) => ({
    type,
    label: NOTIFICATION_TYPES[type].label,
    email: NOTIFICATION_TYPES[type].email,
    muted: muted.has(type),
  }));
}

/**
 * Mutes one notification type for the user, or unmutes it (issue 13 §7: "each type can be
 * muted"). A muted type writes no in-app notification and sends no email (`notifyUnlessMuted`).
 * One statement, so two concurrent changes of different types both stick.
 * @returns the preferences after the change.
 */
export async function setNotificationMuted(
  input: { userId: string; data: SetNotificationMutedInput },
  db: PrismaClient,
): Promise<NotificationPreferences> {
  const { type, muted } = input.data;
  if (muted)
    await db.$executeRaw`
      UPDATE "User" SET "mutedNotificationTypes" = array_append("mutedNotificationTypes", ${type}), "updatedAt" = now()
      WHERE "id" = ${input.userId} AND NOT (${type} = ANY ("mutedNotificationTypes"))`;
  else
    await db.$executeRaw`
      UPDATE "User" SET "mutedNotificationTypes" = array_remove("mutedNotificationTypes", ${type}), "updatedAt" = now()
      WHERE "id" = ${input.userId} AND ${type} = ANY ("mutedNotificationTypes")`;
  return notificationPreferences({ userId: input.userId }, db);
}
