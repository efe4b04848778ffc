import { describe, expect, test } from "vitest";

import {
  describeTierMissing,
  describeTierRule,
  readTierPerks,
  tierFormSchema,
  tierFormValues,
  ZTierInput,
  ZTierPerk,
  ZUpsertTierInput,
} from "./tiers";

const gold = {
  name: "Gold",
  rank: 2,
  metric: "SALES" as const,
  threshold: 15,
  windowDays: 90,
  bonusBps: 500,
  payoutMinimumCents: 200,
  perks: [{ icon: "🎧", title: "Early access to releases", description: "" }],
  apiRequestsPerHour: null,
};

const typed = {
  name: " Gold ",
  rank: "2",
  metric: "SALES" as const,
  threshold: "15",
  windowDays: "90",
  bonusPercent: "5",
  payoutMinimum: "2",
  apiRequestsPerHour: "",
  perks: [
    { icon: "🎧", title: "Early access to releases", description: "", link: "" },
    { icon: "", title: "", description: "", link: "" },
  ],
};

describe("tier inputs", () => {
  test("a tier parses with the window defaulting to 90 days and perks to none", () => {
    const { windowDays: _w, perks: _p, ...rest } = gold;
    expect(ZTierInput.parse(rest)).toMatchObject({ windowDays: 90, perks: [] });
    expect(ZUpsertTierInput.parse({ ...gold, id: "tier_1" }).id).toBe("tier_1");
  });

  test.each([
    [{ name: "" }, "Name is required."],
    [{ name: "x".repeat(41) }, "Keep the name under 40 characters."],
    [{ rank: 101 }, "Rank must be at most 100."],
    [{ rank: 1.5 }, "Rank must be a whole number."],
    [{ metric: "CLICKS" }, "Choose sales or commission."],
    [{ threshold: -1 }, "Threshold must be at least 0."],
    [{ windowDays: 0 }, "Window must be at least 1."],
    [{ windowDays: 731 }, "Window must be at most 730."],
    [{ bonusBps: 5001 }, "Bonus must be at most 5,000."],
    [{ payoutMinimumCents: 0 }, "Payout minimum must be at least 1."],
    [{ perks: Array.from({ length: 11 }, () => gold.perks[0]) }, "A tier has at most 10 perks."],
    [{ apiRequestsPerHour: 0 }, "API requests per hour must be at least 1."],
    [{ apiRequestsPerHour: 2.5 }, "API requests per hour must be a whole number."],
    [{ apiRequestsPerHour: 1_000_001 }, "API requests per hour must be at most 1,000,000."],
    [{ apiRequestsPerHour: "1000" }, "API requests per hour must be a number."],
  ])("refuses %o: %s", (patch, message) => {
    expect(ZTierInput.safeParse({ ...gold, ...patch }).error?.issues[0]?.message).toBe(message);
  });

  test.each([
    [{ icon: "123456789" }, "An icon is at most 8 characters."],
    [{ title: "x".repeat(61) }, "Keep the perk title under 60 characters."],
    [{ description: "x".repeat(201) }, "Keep the perk description under 200 characters."],
    [{ link: "javascript:alert(1)" }, "A link starts with https:// or http://."],
    [{ link: "not a url" }, "A link starts with https:// or http://."],
  ])("a perk refuses %o: %s", (patch, message) => {
    const perk = { icon: "🎧", title: "Early access", description: "", ...patch };
    expect(ZTierPerk.safeParse(perk).error?.issues[0]?.message).toBe(message);
  });

  test("stored perks read back leniently: what does not parse is dropped", () => {
    expect(readTierPerks("nope")).toEqual([]);
    expect(
      readTierPerks([{ icon: "⭐", title: "Kit", description: "" }, { title: 3 }, null]),
    ).toEqual([{ icon: "⭐", title: "Kit", description: "" }]);
  });
});

describe("tierFormSchema", () => {
  const schema = tierFormSchema();

  test("a percentage becomes basis points, dollars cents, empty perk rows are dropped", () => {
    expect(schema.parse(typed)).toEqual({ ...gold, perks: [{ ...gold.perks[0] }] });
    expect(
      schema.parse({
        ...typed,
        bonusPercent: "2.5",
        payoutMinimum: "",
        metric: "COMMISSION",
        threshold: "$12.40",
      }),
    ).toMatchObject({ bonusBps: 250, payoutMinimumCents: null, threshold: 1240 });
  });

  test("the refusals land on the field typed, perk issues on their row", () => {
    const issues = (patch: Partial<typeof typed>) =>
      schema
        .safeParse({ ...typed, ...patch })
        .error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ bonusPercent: "two" })).toEqual([
      ["bonusPercent", "Enter a percentage like 2 or 2.5 (0 for none)."],
    ]);
    expect(issues({ bonusPercent: "50.01" })).toEqual([
      ["bonusPercent", "Bonus must be at most 5,000."],
    ]);
    expect(issues({ payoutMinimum: "0" })).toEqual([
      ["payoutMinimum", "Payout minimum must be at least 1."],
    ]);
    expect(issues({ apiRequestsPerHour: "2.5" })).toEqual([
      ["apiRequestsPerHour", "Enter a whole number of requests, e.g. 1000, or leave it empty."],
    ]);
    expect(issues({ apiRequestsPerHour: "lots" })).toEqual([
      ["apiRequestsPerHour", "Enter a whole number of requests, e.g. 1000, or leave it empty."],
    ]);
    expect(issues({ apiRequestsPerHour: "0" })).toEqual([
      ["apiRequestsPerHour", "API requests per hour must be at least 1."],
    ]);
    expect(issues({ apiRequestsPerHour: "2000000" })).toEqual([
      ["apiRequestsPerHour", "API requests per hour must be at most 1,000,000."],
    ]);
    expect(issues({ threshold: "1.5" })).toEqual([
      ["threshold", "Enter a number of sales, e.g. 15."],
    ]);
    expect(
      issues({ perks: [{ icon: "🎧", title: "", description: "x", link: "ftp://x" }] }),
    ).toEqual([
      ["perks.0.title", "Perk title is required."],
      ["perks.0.link", "A link starts with https:// or http://."],
    ]);
  });

  test("the API requests per hour: a whole number (thousands may be grouped), empty for the program's", () => {
    expect(schema.parse({ ...typed, apiRequestsPerHour: " 2500 " }).apiRequestsPerHour).toBe(2500);
    expect(schema.parse({ ...typed, apiRequestsPerHour: "10,000" }).apiRequestsPerHour).toBe(
      10_000,
    );
    expect(schema.parse({ ...typed, apiRequestsPerHour: "" }).apiRequestsPerHour).toBeNull();
  });

  test("a stored tier typed back into the form parses to itself", () => {
    const commission = { ...gold, metric: "COMMISSION" as const, threshold: 1240, bonusBps: 250 };
    const limited = { ...gold, apiRequestsPerHour: 5_000 };
    for (const tier of [
      gold,
      commission,
      limited,
      { ...gold, payoutMinimumCents: null, perks: [] },
    ])
      expect(schema.parse(tierFormValues(tier))).toEqual(tier);
    expect(tierFormValues(commission)).toMatchObject({ threshold: "12.4", bonusPercent: "2.5" });
  });
});

describe("tier words", () => {
  test.each([
    [{ metric: "SALES", threshold: 15, windowDays: 90 }, "15 sales in 90 days"],
    [{ metric: "SALES", threshold: 1, windowDays: 1 }, "1 sale in 1 day"],
    [{ metric: "COMMISSION", threshold: 5000, windowDays: 30 }, "$50.00 commission in 30 days"],
  ] as const)("%o reads %s", (rule, text) => {
    expect(describeTierRule(rule)).toBe(text);
  });

  test.each([
    [{ name: "Gold", metric: "SALES", missing: 3 }, "3 more sales to Gold"],
    [{ name: "Silver", metric: "SALES", missing: 1 }, "1 more sale to Silver"],
    [{ name: "Gold", metric: "COMMISSION", missing: 1240 }, "$12.40 more commission to Gold"],
  ] as const)("%o reads %s", (next, text) => {
    expect(describeTierMissing(next)).toBe(text);
  });
});
