import { afterEach, describe, expect, test } from "vitest";

import { legacyPeriodDays, periodDays } from "./periods";

// The same UTC answers whatever the process's time zone (date-fns works in local time).
const ZONES = ["UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kolkata"];
const originalTz = process.env.TZ;
afterEach(() => {
  // Assigning undefined would store the string "undefined": an unset TZ is deleted again.
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe.each(ZONES)("periodDays with TZ=%s", (tz) => {
  test.each([
    // [now (UTC), period, from, to]
    ["2030-06-30T12:00:00.000Z", "today", "2030-06-30", "2030-06-30"],
    ["2030-06-30T00:00:00.000Z", "today", "2030-06-30", "2030-06-30"],
    ["2030-06-30T23:59:59.999Z", "today", "2030-06-30", "2030-06-30"],
    // 2030-06-30 is a Sunday: the ISO week started on Monday the 24th.
    ["2030-06-30T23:59:59.999Z", "week", "2030-06-24", "2030-06-30"],
    // Monday 00:00 UTC starts a new week.
    ["2030-07-01T00:00:00.000Z", "week", "2030-07-01", "2030-07-01"],
    ["2030-06-30T23:59:59.999Z", "month", "2030-06-01", "2030-06-30"],
    ["2030-07-01T00:00:00.000Z", "month", "2030-07-01", "2030-07-01"],
    // A week across a month and a year: ISO week 1 of 2031 starts on Monday 2030-12-30.
    ["2031-01-01T08:00:00.000Z", "week", "2030-12-30", "2031-01-01"],
    ["2031-01-01T08:00:00.000Z", "month", "2031-01-01", "2031-01-01"],
    ["2031-01-01T08:00:00.000Z", "lastMonth", "2030-12-01", "2030-12-31"],
    ["2030-07-01T00:00:00.000Z", "lastMonth", "2030-06-01", "2030-06-30"],
    // February of a leap year, asked on the last day of March.
    ["2032-03-31T23:00:00.000Z", "lastMonth", "2032-02-01", "2032-02-29"],
    ["2031-03-15T10:00:00.000Z", "lastMonth", "2031-02-01", "2031-02-28"],
  ] as const)("at %s, %s is %s..%s", (now, period, from, to) => {
    process.env.TZ = tz;
    expect(periodDays(period, new Date(now))).toEqual({ from, to });
  });

  test("all time has no bounds", () => {
    process.env.TZ = tz;
    expect(periodDays("all", new Date("2030-06-30T12:00:00.000Z"))).toBeNull();
  });

  test("the shipped app's periods stay rolling: the last 7 and 30 UTC days including today", () => {
    process.env.TZ = tz;
    const now = new Date("2030-06-30T23:30:00.000Z");
    expect(legacyPeriodDays("week", now)).toEqual({ from: "2030-06-24", to: "2030-06-30" });
    expect(legacyPeriodDays("month", now)).toEqual({ from: "2030-06-01", to: "2030-06-30" });
    expect(legacyPeriodDays("all", now)).toBeNull();
  });
});
