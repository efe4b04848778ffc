import { z } from "zod";

/**
 * Badges (issue 13 §3): achievements awarded automatically, once each, by the rules in
 * packages/api/src/services/badges/rules.ts (the `BADGES` catalogue). These are the shapes the
 * web and mobile apps read through `promoter.progress`.
 */

/** A badge's level, lowest first (issue 13 §3: "bronze → platinum levels"). */
export const BADGE_LEVELS = ["bronze", "silver", "gold", "platinum"] as const;
export type BadgeLevel = (typeof BADGE_LEVELS)[number];

/** Words for each level (the apps colour them: `levelColour` in each app). */
export const BADGE_LEVEL_LABELS: Record<BadgeLevel, string> = {
  bronze: "Bronze",
  silver: "Silver",
  gold: "Gold",
  platinum: "Platinum",
};

/**
 * The icon of a badge, by name; each app maps a name to its own icon set (lucide on the web,
 * Ionicons in the app), so a new name must be added to both maps (their types require it).
 */
export const BADGE_ICONS = [
  "pointer",
  "bag",
  "flame",
  "rocket",
  "cash",
  "trophy",
  "medal",
  "calendar",
] as const;
export type BadgeIcon = (typeof BADGE_ICONS)[number];

/** What every badge shows, earned or not. */
const ZBadgeBase = z.object({
  /** The catalogue key ("first_sale"). */
  key: z.string(),
  name: z.string(),
  description: z.string(),
  level: z.enum(BADGE_LEVELS),
  icon: z.enum(BADGE_ICONS),
});

/**
 * A badge the promoter earned (one `PromoterBadge` row): repeatable badges (a month's top 10, a
 * contest win) appear once per time earned, `detail` saying which ("Top 10 in November 2026").
 */
export const ZEarnedBadge = ZBadgeBase.extend({
  /** "" for once-only badges; the month ("2026-11") or contest id of a repeatable one. */
  instance: z.string(),
  detail: z.string(),
  awardedAt: z.date(),
});
export type EarnedBadge = z.output<typeof ZEarnedBadge>;

/**
 * A badge not earned yet, with what it takes: `hint` in words ("7 more sales"), and for
 * counted badges the promoter's `value` towards `target` (sales, clicks, payouts or months).
 */
export const ZNextBadge = ZBadgeBase.extend({
  hint: z.string(),
  value: z.number().int().nullable(),
  target: z.number().int().nullable(),
});
export type NextBadge = z.output<typeof ZNextBadge>;

/** "Earned 3 Nov 2026" style date for a badge (UTC, so the server and apps agree). */
export function formatBadgeDate(at: Date): string {
  return at.toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
}
