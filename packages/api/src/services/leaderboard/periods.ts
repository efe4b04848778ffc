import { endOfMonth, format, startOfISOWeek, startOfMonth, subDays, subMonths } from "date-fns";

import type { LeaderboardPeriod, LegacyLeaderboardPeriod } from "@fanfare/validators";

/** A period as whole UTC days, both ends included ("YYYY-MM-DD"); null = all time. */
export type DayRange = { from: string; to: string } | null;

/**
 * The UTC calendar date of `now` as a local-time Date at midnight, so date-fns' calendar
 * functions (which work in the process's time zone) do calendar arithmetic on the UTC date
 * whatever the process's TZ is; only the year, month and day of the results are read.
 */
function utcCalendarDate(now: Date): Date {
  return new Date(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}
const ymd = (d: Date) => format(d, "yyyy-MM-dd");

/**
 * The UTC days of a leaderboard period at `now` (issue 13 §4): `today` = the current UTC day;
 * `week` = the ISO week so far (ISO 8601: weeks start on Monday; from Monday 00:00 UTC to
 * today); `month` = the calendar month so far; `lastMonth` = the whole previous calendar month;
 * `all` = null (all time). Sales, commission and clicks sit on the UTC day they happened
 * (`PromoterDailyStats`, `LinkDailyStats`), so a range of days is the whole rule.
 */
export function periodDays(period: LeaderboardPeriod, now: Date): DayRange {
  const today = utcCalendarDate(now);
  switch (period) {
    case "today":
      return { from: ymd(today), to: ymd(today) };
    case "week":
      return { from: ymd(startOfISOWeek(today)), to: ymd(today) };
    case "month":
      return { from: ymd(startOfMonth(today)), to: ymd(today) };
    case "lastMonth": {
      const last = subMonths(startOfMonth(today), 1);
      return { from: ymd(last), to: ymd(endOfMonth(last)) };
    }
    case "all":
      return null;
  }
}

/** Days of `leaderboard.topPromoters`' rolling periods (the shipped mobile app's). */
const LEGACY_DAYS: Record<LegacyLeaderboardPeriod, number | null> = {
  week: 7,
  month: 30,
  all: null,
};

/**
 * The days of a period of `leaderboard.topPromoters` / `myPosition` (before issue 13, still
 * asked by the mobile app already installed): week = the last 7 UTC days including today,
 * month = the last 30; null for all time.
 */
export function legacyPeriodDays(period: LegacyLeaderboardPeriod, now: Date): DayRange {
  const n = LEGACY_DAYS[period];
  if (n == null) return null;
  const today = utcCalendarDate(now);
  return { from: ymd(subDays(today, n - 1)), to: ymd(today) };
}
