import { z } from "zod";

import {
  ZListNotificationsInput,
  ZMarkNotificationsReadInput,
  ZNotificationPageOutput,
  ZNotificationPreferencesOutput,
  ZSetNotificationMutedInput,
} from "@fanfare/validators";

import {
  countUnread,
  listNotifications,
  markNotificationsRead,
  notificationPreferences,
  setNotificationMuted,
} from "../services/notifications/inbox";
import { createTRPCRouter, protectedProcedure } from "../trpc";

/**
 * The notification centre (issue 13 §7): the bell and the settings' Notifications section. Every
 * procedure acts on the signed-in caller's own notifications and preferences only.
 */
export const notificationRouter = createTRPCRouter({
  /** Newest first, `limit` (1–50, default 20) after `cursor`; with the unread count. */
  list: protectedProcedure
    .input(ZListNotificationsInput)
    .output(ZNotificationPageOutput)
    .query(({ ctx, input }) => listNotifications({ userId: ctx.user.id, page: input }, ctx.db)),
  /** The bell's badge: how many are unread. Polled by the web header. */
  unreadCount: protectedProcedure
    .output(z.object({ count: z.number().int() }))
    .query(async ({ ctx }) => ({ count: await countUnread({ userId: ctx.user.id }, ctx.db) })),
  /** Marks some (by id) or all read; an id that is not the caller's is NOT_FOUND. */
  markRead: protectedProcedure
    .input(ZMarkNotificationsReadInput)
    .output(z.object({ marked: z.number().int(), unreadCount: z.number().int() }))
    .mutation(({ ctx, input }) =>
      markNotificationsRead({ userId: ctx.user.id, data: input }, ctx.db),
    ),
  /** Each notification type: label, whether it also emails, whether the caller muted it. */
  mutedTypes: protectedProcedure
    .output(ZNotificationPreferencesOutput)
    .query(({ ctx }) => notificationPreferences({ userId: ctx.user.id }, ctx.db)),
  /** Mutes a type (no notification and no email for it) or unmutes it; answers as `mutedTypes`. */
  setMuted: protectedProcedure
    .input(ZSetNotificationMutedInput)
    .output(ZNotificationPreferencesOutput)
    .mutation(({ ctx, input }) =>
      setNotificationMuted({ userId: ctx.user.id, data: input }, ctx.db),
    ),
});
