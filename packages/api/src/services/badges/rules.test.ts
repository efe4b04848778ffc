import { describe, expect, test } from "vitest";

import type { BadgeFacts } from "./rules";
import { BADGES, badgesEarned, monthName, ordinal } from "./rules";

/** A promoter with nothing yet, changed one fact at a time by the cases. */
const NOTHING: BadgeFacts = {
  clickCount: 0,
  salesCount: 0,
  paidPayouts: 0,
  activeMonths: [],
  topTenMonths: [],
  contestWins: [],
};
const keysOf = (f: Partial<BadgeFacts>) => badgesEarned({ ...NOTHING, ...f }).map((b) => b.badge);

describe("badge rules (issue 13 §3)", () => {
  test("a promoter with nothing earns nothing", () => {
    expect(badgesEarned(NOTHING)).toEqual([]);
  });

  // prettier-ignore
  test.each([
    ["0 clicks: no First click", { clickCount: 0 }, "first_click", false],
    ["1 counted click: First click", { clickCount: 1 }, "first_click", true],
    ["0 sales: no First sale", { salesCount: 0 }, "first_sale", false],
    ["1 sale: First sale", { salesCount: 1 }, "first_sale", true],
    ["9 sales: no Ten sales", { salesCount: 9 }, "ten_sales", false],
    ["10 sales: Ten sales", { salesCount: 10 }, "ten_sales", true],
    ["99 sales: no Hundred sales", { salesCount: 99 }, "hundred_sales", false],
    ["100 sales: Hundred sales", { salesCount: 100 }, "hundred_sales", true],
    ["no paid payout: no First payout", { paidPayouts: 0 }, "first_payout", false],
    ["1 paid payout: First payout", { paidPayouts: 1 }, "first_payout", true],
    ["sales in 2 months: no Regular", { activeMonths: ["2026-09", "2026-10"] }, "regular", false],
    ["sales in 3 months: Regular", { activeMonths: ["2026-09", "2026-10", "2026-12"] }, "regular", true],
    ["11th of a month: no Top 10", { topTenMonths: [{ month: "2026-11", rank: 11 }] }, "top_ten_month", false],
    ["10th of a month: Top 10", { topTenMonths: [{ month: "2026-11", rank: 10 }] }, "top_ten_month", true],
    ["a contest place: Contest winner", { contestWins: [{ contestId: "c1", contestName: "Spring Sprint", place: 3 }] }, "contest_winner", true],
  ] as const)("%s", (_label, facts, badge, earned) => {
    expect(keysOf(facts as Partial<BadgeFacts>).includes(badge)).toBe(earned);
  });

  test("100 sales earn every sales badge at once (first, ten and hundred), once each", () => {
    expect(badgesEarned({ ...NOTHING, salesCount: 100 })).toEqual([
      { badge: "first_sale", instance: "", detail: "Your first sale" },
      { badge: "ten_sales", instance: "", detail: "10 sales" },
      { badge: "hundred_sales", instance: "", detail: "100 sales" },
    ]);
  });

  test("repeatable badges come once per month and per contest, with the place in words", () => {
    const earned = badgesEarned({
      ...NOTHING,
      topTenMonths: [
        { month: "2026-10", rank: 1 },
        { month: "2026-11", rank: 3 },
      ],
      contestWins: [{ contestId: "c9", contestName: "Autumn Cup", place: 2 }],
    });
    expect(earned).toEqual([
      { badge: "top_ten_month", instance: "2026-10", detail: "1st in October 2026" },
      { badge: "top_ten_month", instance: "2026-11", detail: "3rd in November 2026" },
      { badge: "contest_winner", instance: "c9", detail: "2nd place in Autumn Cup" },
    ]);
  });

  test("Regular names the first three months with sales", () => {
    expect(
      badgesEarned({ ...NOTHING, activeMonths: ["2026-01", "2026-03", "2026-04", "2026-07"] }),
    ).toEqual([
      { badge: "regular", instance: "", detail: "Sales in January 2026, March 2026, April 2026" },
    ]);
  });

  // prettier-ignore
  test.each([
    ["ten_sales", { salesCount: 3 }, { hint: "7 more sales to go", value: 3, target: 10 }],
    ["ten_sales", { salesCount: 9 }, { hint: "1 more sale to go", value: 9, target: 10 }],
    ["hundred_sales", { salesCount: 12 }, { hint: "88 more sales to go", value: 12, target: 100 }],
    ["regular", { activeMonths: ["2026-05"] }, { hint: "A sale in 2 more months", value: 1, target: 3 }],
    ["first_sale", {}, { hint: "Make your first sale", value: 0, target: 1 }],
    ["top_ten_month", {}, { hint: "Finish a calendar month in the top 10 by commission", value: null, target: null }],
  ] as const)("what %s takes with %j: %j", (key, facts, requirement) => {
    const badge = BADGES.find((b) => b.key === key)!;
    expect(badge.toEarn({ ...NOTHING, ...(facts as Partial<BadgeFacts>) })).toEqual(requirement);
  });

  test("every badge has a unique key, and the catalogue spans bronze to platinum", () => {
    expect(new Set(BADGES.map((b) => b.key)).size).toBe(BADGES.length);
    expect(new Set(BADGES.map((b) => b.level))).toEqual(
      new Set(["bronze", "silver", "gold", "platinum"]),
    );
  });

  test.each([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [4, "4th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [22, "22nd"],
    [101, "101st"],
  ])("ordinal(%i) is %s", (n, word) => {
    expect(ordinal(n)).toBe(word);
  });

  test("months read in full, in UTC", () => {
    expect(monthName("2026-01")).toBe("January 2026");
    expect(monthName("2026-12")).toBe("December 2026");
  });
});
