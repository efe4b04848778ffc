import { describe, expect, test } from "vitest";

import {
  previousOverviewPeriod,
  resolveOverviewPeriod,
  ZProgramOverviewInput,
} from "./admin-overview";

const NOW = new Date("2026-12-06T08:30:00.000Z");
const messages = (input: unknown) => {
  const r = ZProgramOverviewInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("the overview's period", () => {
  test.each([
    ["nothing: the last 30 days, today included", {}, "2026-11-07", "2026-12-06", 30],
    ["only to: the 30 days ending on it", { to: "2026-03-01" }, "2026-01-31", "2026-03-01", 30],
    ["only from: from it to today", { from: "2026-12-01" }, "2026-12-01", "2026-12-06", 6],
    ["one day", { from: "2026-05-05", to: "2026-05-05" }, "2026-05-05", "2026-05-05", 1],
    [
      "366 days (a leap year)",
      { from: "2028-01-01", to: "2028-12-31" },
      "2028-01-01",
      "2028-12-31",
      366,
    ],
  ])("%s", (_, input, from, to, days) => {
    expect(resolveOverviewPeriod(input, NOW)).toEqual({ ok: true, period: { from, to, days } });
  });

  test.each([
    [
      "from after to",
      { from: "2026-12-02", to: "2026-12-01" },
      "from",
      /From \(2026-12-02\) must be on or before to \(2026-12-01\)/,
    ],
    [
      "only a from in the future (to is today)",
      { from: "2026-12-07" },
      "from",
      /must be on or before to \(2026-12-06\)/,
    ],
    [
      "367 days",
      { from: "2026-01-01", to: "2027-01-02" },
      "to",
      /at most 366 days \(2026-01-01 to 2027-01-02 is 367 days\)/,
    ],
    ["only a from more than a year back", { from: "2025-01-01" }, "to", /at most 366 days/],
  ])("refuses %s", (_, input, field, message) => {
    const r = resolveOverviewPeriod(input, NOW);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe(field);
      expect(r.message).toMatch(message);
    }
  });

  test("the previous period has the same length and ends the day before", () => {
    expect(previousOverviewPeriod({ from: "2026-03-01", to: "2026-03-07", days: 7 })).toEqual({
      from: "2026-02-22",
      to: "2026-02-28",
      days: 7,
    });
  });
});

describe("ZProgramOverviewInput", () => {
  test("accepts no input, one day, or a full leap year", () => {
    expect(messages({})).toEqual([]);
    expect(messages({ from: "2026-12-01", to: "2026-12-01" })).toEqual([]);
    expect(messages({ from: "2028-01-01", to: "2028-12-31" })).toEqual([]);
  });

  test.each([
    [
      "a date with a time",
      { from: "2026-12-01T00:00:00Z" },
      "from: From must be a date like 2026-12-01 (YYYY-MM-DD, UTC).",
    ],
    ["a US date", { to: "12/01/2026" }, "to: To must be a date like 2026-12-01 (YYYY-MM-DD, UTC)."],
    [
      "a number",
      { from: 20261201 },
      "from: From must be a date like 2026-12-01 (YYYY-MM-DD, UTC).",
    ],
    ["February 30th", { from: "2026-02-30" }, "from: From is not a real date."],
    ["month 13", { to: "2026-13-01" }, "to: To is not a real date."],
    ["a day before 2000", { from: "1999-12-31" }, "from: From must be on or after 2000-01-01."],
    [
      "from after to",
      { from: "2026-12-02", to: "2026-12-01" },
      "from: From (2026-12-02) must be on or before to (2026-12-01).",
    ],
    [
      "367 days",
      { from: "2026-01-01", to: "2027-01-02" },
      "to: Choose a period of at most 366 days (2026-01-01 to 2027-01-02 is 367 days).",
    ],
  ])("refuses %s with a message that says what to send", (_, input, message) => {
    expect(messages(input)).toEqual([message]);
  });
});
