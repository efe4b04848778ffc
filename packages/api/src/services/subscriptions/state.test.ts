import { describe, expect, test } from "vitest";

import type { SubscriptionStatus } from "@fanfare/payments";

import { attributionCookies } from "./attribution";
import type { MirroredState, ReportedState } from "./state";
import { mergeReportedState, ourStatusOf } from "./state";

describe("ourStatusOf: the processor's status as ours", () => {
  test.each([
    ["active", "active"],
    ["trialing", "active"],
    ["past_due", "past_due"],
    ["unpaid", "past_due"],
    ["canceled", "canceled"],
    ["incomplete_expired", "canceled"],
    ["incomplete", "incomplete"],
    ["paused", "incomplete"],
  ] as [SubscriptionStatus, string][])("%s → %s", (stripe, ours) => {
    expect(ourStatusOf(stripe)).toBe(ours);
  });
});

const day = (d: number) => new Date(Date.UTC(2026, 11, d));
const fresh: MirroredState = {
  status: "incomplete",
  currentPeriodStart: null,
  currentPeriodEnd: null,
  cancelAtPeriodEnd: false,
  endedAt: null,
  lastEventAt: null,
};
const reported = (over: Partial<ReportedState>): ReportedState => ({
  status: "active",
  currentPeriodStart: day(1),
  currentPeriodEnd: day(31),
  cancelAtPeriodEnd: false,
  endedAt: null,
  at: day(1),
  ...over,
});

describe("mergeReportedState: any delivery order converges on the newest event's state", () => {
  test("the first event of a subscription is taken whole, its time becoming lastEventAt", () => {
    expect(mergeReportedState(fresh, reported({}))).toEqual({
      apply: true,
      next: {
        status: "active",
        currentPeriodStart: day(1),
        currentPeriodEnd: day(31),
        cancelAtPeriodEnd: false,
        endedAt: null,
        lastEventAt: day(1),
      },
    });
  });

  test("an event created before the last one applied changes nothing", () => {
    const current = { ...fresh, status: "active" as const, lastEventAt: day(10) };
    expect(mergeReportedState(current, reported({ status: "past_due", at: day(9) }))).toEqual({
      apply: false,
      reason: "older_event",
    });
  });

  test("an event of the same second applies (arrival order), but not when its period is older", () => {
    const current: MirroredState = {
      ...fresh,
      status: "active",
      currentPeriodStart: day(31),
      currentPeriodEnd: new Date(Date.UTC(2027, 0, 31)),
      lastEventAt: day(31),
    };
    expect(mergeReportedState(current, reported({ at: day(31), cancelAtPeriodEnd: true }))).toEqual(
      { apply: false, reason: "older_period" },
    );
    const same = mergeReportedState(
      current,
      reported({
        at: day(31),
        currentPeriodStart: day(31),
        currentPeriodEnd: new Date(Date.UTC(2027, 0, 31)),
        status: "past_due",
      }),
    );
    expect(same).toMatchObject({ apply: true, next: { status: "past_due" } });
  });

  test("an ended subscription stays ended, whatever comes after", () => {
    const ended: MirroredState = {
      ...fresh,
      status: "canceled",
      currentPeriodStart: day(1),
      currentPeriodEnd: day(31),
      endedAt: day(31),
      lastEventAt: day(31),
    };
    expect(mergeReportedState(ended, reported({ at: new Date(Date.UTC(2027, 0, 5)) }))).toEqual({
      apply: false,
      reason: "ended",
    });
  });

  test("a cancellation ends it even with an older period; without ended_at it ends at the event's time", () => {
    const current: MirroredState = {
      ...fresh,
      status: "active",
      currentPeriodStart: day(15),
      currentPeriodEnd: new Date(Date.UTC(2027, 0, 15)),
      lastEventAt: day(15),
    };
    expect(
      mergeReportedState(current, reported({ status: "canceled", at: day(20), endedAt: null })),
    ).toMatchObject({ apply: true, next: { status: "canceled", endedAt: day(20) } });
  });
});

describe("attributionCookies: the ff_ref_<product> cookies of a request", () => {
  test.each([
    [null, []],
    ["", []],
    ["a=1; b=2", []],
    [
      "a=1; ff_ref_t1=c1; ff_ref_r2=c%32",
      [
        { productId: "t1", clickId: "c1" },
        { productId: "r2", clickId: "c2" },
      ],
    ],
    ["ff_ref_=c1; ff_ref_t1=; ff_ref_t2=%E0%A4%A", []],
    [`ff_ref_t1=${"x".repeat(65)}`, []],
  ] as [string | null, { productId: string; clickId: string }[]][])("%j → %j", (header, out) => {
    expect(attributionCookies(header)).toEqual(out);
  });

  test("at most 50 cookies are read", () => {
    const header = Array.from({ length: 60 }, (_, i) => `ff_ref_t${i}=c${i}`).join("; ");
    expect(attributionCookies(header)).toHaveLength(50);
  });
});
