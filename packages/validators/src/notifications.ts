import { z } from "zod";

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
} as const satisfies Record<string, { label: string; email: boolean }>;

export type NotificationType = keyof typeof NOTIFICATION_TYPES;
export const NOTIFICATION_TYPE_KEYS = Object.keys(NOTIFICATION_TYPES) as [
  NotificationType,
  ...NotificationType[],
];
export const ZNotificationType = z.enum(NOTIFICATION_TYPE_KEYS, {
  message: `Unknown notification type: one of ${NOTIFICATION_TYPE_KEYS.join(", ")}.`,
});
