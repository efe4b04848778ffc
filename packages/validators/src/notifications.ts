import { z } from "zod";

import { zId, zText } from "./text";

/**
 * What an in-app notification is about (Notification.type), with the words the settings page
 * shows. Each type can be muted by its user (`User.mutedNotificationTypes`); `email` says whether
 * the event also sends an email (through the outbox; muting the type stops both).
 */
export const NOTIFICATION_TYPES = {
  commission_earned: { label: "Commission earned", email: true },
  payout_sent: { label: "Payout sent", email: true },
  tier_changed: { label: "Tier changes", email: true },
  milestone_reached: { label: "Milestones reached", email: true },
  badge_earned: { label: "Badges earned", email: false },
  contest_started: { label: "Contests starting", email: false },
  contest_result: { label: "Contest results", email: true },
  sale_made: { label: "New sales of your tracks", email: true },
  label_contract: { label: "Label invitations and contracts", email: false },
  subscription: { label: "Your catalog subscriptions", email: false },
} as const satisfies Record<string, { label: string; email: boolean }>;

export type NotificationType = keyof typeof NOTIFICATION_TYPES;
export const NOTIFICATION_TYPE_KEYS = Object.keys(NOTIFICATION_TYPES) as [
  NotificationType,
  ...NotificationType[],
];
export const ZNotificationType = z.enum(NOTIFICATION_TYPE_KEYS, {
  message: `Unknown notification type: one of ${NOTIFICATION_TYPE_KEYS.join(", ")}.`,
});

/** The types that also send an email (muting one stops the email too). */
export const EMAIL_NOTIFICATION_TYPES = NOTIFICATION_TYPE_KEYS.filter(
  (t) => NOTIFICATION_TYPES[t].email,
);

/** `notification.list`'s input: newest first, `limit` (1–50) after the `cursor` notification. */
export const ZListNotificationsInput = z.object({
  cursor: zText("Cursor").max(64, "Cursor is too long.").optional().nullable(),
  limit: z
    .number({ message: "Limit must be a number." })
    .int("Limit must be a whole number.")
    .min(1, "Limit must be at least 1.")
    .max(50, "Limit must be at most 50.")
    .default(20),
});
export type ListNotificationsInput = z.input<typeof ZListNotificationsInput>;

/** The most notifications one `notification.markRead` call names. */
export const MARK_READ_MAX_IDS = 100;

/**
 * `notification.markRead`'s input: some of the caller's notifications by id, or all of them
 * (`all: true`), exactly one of the two.
 */
export const ZMarkNotificationsReadInput = z
  .object({
    ids: z
      .array(zId("Notification id"), { message: "Ids must be a list of notification ids." })
      .min(1, "Name at least one notification.")
      .max(MARK_READ_MAX_IDS, `Mark at most ${MARK_READ_MAX_IDS} notifications at once.`)
      .optional(),
    all: z.literal(true, { message: "All must be true when given." }).optional(),
  })
  .refine((v) => (v.ids ? !v.all : v.all), {
    message: "Say which notifications to mark read: ids, or all: true (not both).",
  });
export type MarkNotificationsReadInput = z.input<typeof ZMarkNotificationsReadInput>;

/** `notification.setMuted`'s input: turn one type off (muted) or back on. */
export const ZSetNotificationMutedInput = z.object({
  type: ZNotificationType,
  muted: z.boolean({ message: "Muted must be true or false." }),
});
export type SetNotificationMutedInput = z.input<typeof ZSetNotificationMutedInput>;

/** One notification in the bell's list. `readAt` null: unread. */
export const ZNotificationOutput = z.object({
  id: z.string(),
  type: ZNotificationType,
  title: z.string(),
  body: z.string(),
  /** A path in the web app ("/dashboard/promoter"), or null. */
  href: z.string().nullable(),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});
export type NotificationOutput = z.output<typeof ZNotificationOutput>;

/** A page of the bell's list, with the caller's unread count. */
export const ZNotificationPageOutput = z.object({
  items: z.array(ZNotificationOutput),
  nextCursor: z.string().nullable(),
  unreadCount: z.number().int(),
});

/** Each type with its label, whether it emails, and whether the caller muted it. */
export const ZNotificationPreferencesOutput = z.array(
  z.object({
    type: ZNotificationType,
    label: z.string(),
    email: z.boolean(),
    muted: z.boolean(),
  }),
);
export type NotificationPreferences = z.output<typeof ZNotificationPreferencesOutput>;
