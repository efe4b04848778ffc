import { describe, expect, test } from "vitest";

import { PROGRAM_SETTING_DEFS, PROGRAM_SETTING_KEYS } from "@fanfare/validators";
import type { ProgramSettings } from "@fanfare/validators";

import type { FraudSignalName } from "./fraud-score";
import { fraudScore, suspiciousBuyerDomain } from "./fraud-score";

const defaults = Object.fromEntries(
  PROGRAM_SETTING_KEYS.map((k) => [k, PROGRAM_SETTING_DEFS[k].default]),
) as ProgramSettings;
const one = (kind: FraudSignalName, count: number) => [{ kind, count, evidence: {} }];

describe("fraudScore: weight × strength per signal, summed, capped at 100", () => {
  test.each<[string, FraudSignalName, number, number]>([
    ["one refused self-referral is half its weight", "self_referral", 1, 15],
    ["two refused self-referrals are its whole weight", "self_referral", 2, 30],
    ["one purchase from the promoter's browser is a third", "soft_self_referral", 1, 5],
    ["three fast reversals are the whole weight", "fast_reversals", 3, 25],
    ["two buyers behind one visitor are a coincidence", "shared_visitor", 2, 0],
    ["three buyers behind one visitor start to count", "shared_visitor", 3, 8],
    ["five buyers behind one visitor are the whole weight", "shared_visitor", 5, 25],
    ["two suspicious buyer domains", "buyer_domain", 2, 13],
    ["199 clicks without a sale are nothing", "click_burst", 199, 0],
    ["500 clicks without a sale are half", "click_burst", 500, 8],
    ["2,000 clicks without a sale are the whole weight", "click_burst", 2000, 15],
  ])("%s (%s × %i = %i points)", (_, kind, count, points) => {
    expect(fraudScore(one(kind, count), defaults).score).toBe(points);
  });

  test("signals add up, strongest first, and the score stops at 100", () => {
    const all = fraudScore(
      [
        { kind: "self_referral", count: 9, evidence: {} },
        { kind: "fast_reversals", count: 9, evidence: {} },
        { kind: "shared_visitor", count: 9, evidence: {} },
        { kind: "buyer_domain", count: 9, evidence: {} },
      ],
      defaults,
    );
    expect(all.signals.map((s) => s.points)).toEqual([30, 25, 25, 20]);
    expect(all.score).toBe(100);
  });

  test("a weight of 0 (a setting) switches a signal off", () => {
    expect(
      fraudScore(one("self_referral", 2), { ...defaults, fraudWeightSelfReferral: 0 }),
    ).toEqual({ score: 0, signals: [] });
  });
});

describe("suspiciousBuyerDomain", () => {
  test.each([
    ["acmerecords.co", "acmerecords.co", true],
    ["gmail.com", "gmail.com", false],
    ["mailinator.com", "gmail.com", true],
    ["fans.example", "acmerecords.co", false],
  ])("a buyer on %s, the promoter on %s: %s", (buyer, promoter, expected) => {
    expect(suspiciousBuyerDomain(buyer, promoter)).toBe(expected);
  });
});
