import type { PrismaClient } from "@fanfare/db";
import type { BadgeIcon, BadgeLevel } from "@fanfare/validators";

import { loadBadgeFacts } from "./facts";

/**
 * Badges (issue 13 §3: "Auto-awarded achievements (first click, first sale, 10 / 100 sales,
 * first payout, top 10 of a month, a contest win, 3 months active…), bronze → platinum levels …
 * Awarded by rules in one place, once each"). This file is that one place: the catalogue, the
 * thresholds and the pure rule from a promoter's facts to the badges they have earned.
 * `awardBadges` (award.ts) stores what is new, once per (promoter, badge, instance).
 */

/** The thresholds of the counted badges. */
export const BADGE_THRESHOLDS = {
  /** Sales for "Ten sales" and "Hundred sales" (`PromoterProfile.salesCount`, net of reversals). */
  TEN_SALES: 10,
  HUNDRED_SALES: 100,
  /** Distinct UTC calendar months with a counted sale for "Regular". */
  ACTIVE_MONTHS: 3,
  /** The place a promoter must finish a completed calendar month in or above (by earnings). */
  TOP_RANK: 10,
} as const;

/**
 * What the rules read about one promoter (loaded by `loadBadgeFacts`, facts.ts):
 * - `clickCount`, `salesCount`: the promoter's counted clicks and sales (`PromoterProfile`; a
 *   click counts once rolled up, a sale while not fully refunded or disputed);
 * - `paidPayouts`: their PAID payouts (`Payout` with payee PROMOTER and their profile id; one
 *   per PROMOTER_BALANCE payout);
 * - `activeMonths`: the UTC calendar months ("YYYY-MM", ascending) with a counted sale on their
 *   daily rollup (`PromoterDailyStats.sales > 0`, net of later reversals);
 * - `topTenMonths`: completed UTC calendar months in which they finished in the top 10 by
 *   commission earned (the month's `PromoterDailyStats.commissionCents` summed, ties by promoter
 *   id as on the leaderboard); only loaded by runs over all promoters (see `loadBadgeFacts`);
 * - `contestWins`: their places in closed contests (`ContestWinner`: every place that wins).
 */
export type BadgeFacts = {
  clickCount: number;
  salesCount: number;
  paidPayouts: number;
  activeMonths: string[];
  topTenMonths: { month: string; rank: number }[];
  contestWins: { contestId: string; contestName: string; place: number }[];
};

/** One earned badge: which, which time (`instance`, "" when once only), and what for (`detail`). */
export type EarnedBadgeInstance = { badge: BadgeKey; instance: string; detail: string };

/** What a badge not earned yet takes: words, and the count towards its target when counted. */
export type BadgeRequirement = { hint: string; value: number | null; target: number | null };

type BadgeDefinition = {
  key: string;
  name: string;
  description: string;
  level: BadgeLevel;
  icon: BadgeIcon;
  /** Repeatable badges are earned once per instance (a month, a contest). */
  repeatable: boolean;
  /** The instances earned on these facts (an empty list: not earned). */
  earned: (f: BadgeFacts) => { instance: string; detail: string }[];
  /** What is missing, for a badge with no instance earned yet. */
  toEarn: (f: BadgeFacts) => BadgeRequirement;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "2026-11" as read: "November 2026". */
export function monthName(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, 1)).toLocaleDateString("en-US", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

/** 1 → "1st", 2 → "2nd", 3 → "3rd", 11 → "11th", 22 → "22nd". */
export function ordinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? "th" : ({ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** A once-only badge earned when `count(f)` reaches `target`; `hint` words what is left. */
function counted(
  target: number,
  count: (f: BadgeFacts) => number,
  detail: string,
  hint: (left: number) => string,
): Pick<BadgeDefinition, "earned" | "toEarn"> {
  return {
    earned: (f) => (count(f) >= target ? [{ instance: "", detail }] : []),
    toEarn: (f) => {
      const value = Math.min(count(f), target);
      return { hint: hint(target - value), value, target };
    },
  };
}

/**
 * The badge catalogue, in the order the apps list them (lowest level first within a theme). A
 * new badge is one more entry here; its key is stored in `PromoterBadge.badge`, so a key never
 * changes once awarded.
 */
export const BADGES = [
  {
    key: "first_click",
    name: "First click",
    description: "Someone followed one of your links.",
    level: "bronze",
    icon: "pointer",
    repeatable: false,
    ...counted(
      1,
      (f) => f.clickCount,
      "Your first counted click",
      () => "Share a link: the first click on it earns this",
    ),
  },
  {
    key: "first_sale",
    name: "First sale",
    description: "A fan bought a track through you.",
    level: "bronze",
    icon: "bag",
    repeatable: false,
    ...counted(
      1,
      (f) => f.salesCount,
      "Your first sale",
      () => "Make your first sale",
    ),
  },
  {
    key: "ten_sales",
    name: "Ten sales",
    description: `${BADGE_THRESHOLDS.TEN_SALES} sales through your links and codes.`,
    level: "silver",
    icon: "flame",
    repeatable: false,
    ...counted(
      BADGE_THRESHOLDS.TEN_SALES,
      (f) => f.salesCount,
      "10 sales",
      (left) => `${plural(left, "more sale")} to go`,
    ),
  },
  {
    key: "hundred_sales",
    name: "Hundred sales",
    description: `${BADGE_THRESHOLDS.HUNDRED_SALES} sales through your links and codes.`,
    level: "gold",
    icon: "rocket",
    repeatable: false,
    ...counted(
      BADGE_THRESHOLDS.HUNDRED_SALES,
      (f) => f.salesCount,
      "100 sales",
      (left) => `${plural(left, "more sale")} to go`,
    ),
  },
  {
    key: "first_payout",
    name: "First payout",
    description: "Your commission reached your bank.",
    level: "silver",
    icon: "cash",
    repeatable: false,
    ...counted(
      1,
      (f) => f.paidPayouts,
      "Your first payout was sent",
      () => "Reach the payout minimum and get paid out",
    ),
  },
  {
    key: "regular",
    name: "Regular",
    description: `Sales in ${BADGE_THRESHOLDS.ACTIVE_MONTHS} different calendar months.`,
    level: "silver",
    icon: "calendar",
    repeatable: false,
    earned: (f) =>
      f.activeMonths.length >= BADGE_THRESHOLDS.ACTIVE_MONTHS
        ? [
            {
              instance: "",
              detail: `Sales in ${f.activeMonths
                .slice(0, BADGE_THRESHOLDS.ACTIVE_MONTHS)
                .map(monthName)
                .join(", ")}`,
            },
          ]
        : [],
    toEarn: (f) => {
      const value = Math.min(f.activeMonths.length, BADGE_THRESHOLDS.ACTIVE_MONTHS);
      const left = BADGE_THRESHOLDS.ACTIVE_MONTHS - value;
      return {
        hint: `A sale in ${plural(left, "more month")}`,
        value,
        target: BADGE_THRESHOLDS.ACTIVE_MONTHS,
      };
    },
  },
  {
    key: "top_ten_month",
    name: "Top 10 of the month",
    description: `Finished a calendar month in the top ${BADGE_THRESHOLDS.TOP_RANK} by commission earned.`,
    level: "gold",
    icon: "medal",
    repeatable: true,
    earned: (f) =>
      f.topTenMonths
        .filter((t) => t.rank <= BADGE_THRESHOLDS.TOP_RANK)
        .map((t) => ({
          instance: t.month,
          detail: `${ordinal(t.rank)} in ${monthName(t.month)}`,
        })),
    toEarn: () => ({
      hint: `Finish a calendar month in the top ${BADGE_THRESHOLDS.TOP_RANK} by commission`,
      value: null,
      target: null,
    }),
  },
  {
    key: "contest_winner",
    name: "Contest winner",
    description: "Won a place in a Fanfare contest.",
    level: "platinum",
    icon: "trophy",
    repeatable: true,
    earned: (f) =>
      f.contestWins.map((w) => ({
        instance: w.contestId,
        detail: `${ordinal(w.place)} place in ${w.contestName}`,
      })),
    toEarn: () => ({ hint: "Win a place in a contest", value: null, target: null }),
  },
] as const satisfies readonly BadgeDefinition[];

/** A catalogue key ("first_sale"). */
export type BadgeKey = (typeof BADGES)[number]["key"];

/** The catalogue entry of a stored key, or null for a key no longer in the catalogue. */
export function badgeDefinition(key: string): (typeof BADGES)[number] | null {
  return BADGES.find((b) => b.key === key) ?? null;
}

/**
 * The pure rule: every badge instance these facts earn, in catalogue order. Deterministic: the
 * same facts give the same list, so a retried run awards nothing new.
 */
export function badgesEarned(f: BadgeFacts): EarnedBadgeInstance[] {
  return BADGES.flatMap((b: BadgeDefinition) =>
    b.earned(f).map((e) => ({ badge: b.key as BadgeKey, ...e })),
  );
}

/**
 * For a set of promoters, the badges each has earned from the data now (issue 13 §3): the facts
 * (`loadBadgeFacts`) through `badgesEarned`. Nothing is written; `awardBadges` stores them.
 * @param input.promoterIds the promoters (at most a few thousand per call; `awardBadges` batches).
 * @param input.topTenMonths the completed months' top 10s (`loadTopTenMonths`), when the caller
 *   loaded them; absent: the "Top 10 of the month" rule sees none (see `loadBadgeFacts`).
 * @returns promoter id → their user id and earned instances (promoters not found are left out).
 */
export async function computeEarnedBadges(
  input: {
    promoterIds: string[];
    topTenMonths?: Map<string, { month: string; rank: number }[]>;
  },
  db: PrismaClient,
): Promise<Map<string, { userId: string; earned: EarnedBadgeInstance[] }>> {
  const facts = await loadBadgeFacts(input, db);
  return new Map(
    [...facts].map(([id, f]) => [id, { userId: f.userId, earned: badgesEarned(f) }] as const),
  );
}
