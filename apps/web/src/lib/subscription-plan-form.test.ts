import { describe, expect, test } from "vitest";

import { subscriptionPlanFormSchema, subscriptionPlanFormValues } from "./subscription-plan-form";

const typed = (patch: Partial<Record<string, string | boolean | undefined>> = {}) => ({
  monthly: "5",
  yearly: "",
  commission: "20",
  months: "3",
  forever: false,
  active: true,
  ...patch,
});

/** The form's issues as [field, message] pairs, or [] when it passes. */
const refused = (patch: Partial<Record<string, string | boolean | undefined>>) => {
  const r = subscriptionPlanFormSchema.safeParse(typed(patch));
  return r.success ? [] : r.error.issues.map((i) => [i.path.join("."), i.message]);
};

describe("the artist's subscription plan form", () => {
  test("dollars become cents, percent basis points, empty yearly none, forever null months", () => {
    expect(subscriptionPlanFormSchema.parse(typed({ monthly: "4.99", yearly: "49.5" }))).toEqual({
      monthlyPriceCents: 499,
      yearlyPriceCents: 4950,
      commissionBps: 2000,
      commissionMonths: 3,
      active: true,
    });
    expect(
      subscriptionPlanFormSchema.parse(typed({ commission: "12.5", forever: true, months: "x" })),
    ).toMatchObject({ yearlyPriceCents: null, commissionBps: 1250, commissionMonths: null });
    // The months field is disabled (so absent) while forever is on.
    expect(
      subscriptionPlanFormSchema.parse(typed({ forever: true, months: undefined })),
    ).toMatchObject({ commissionMonths: null });
  });

  test.each([
    ["monthly", { monthly: "" }, "Enter a monthly price like 5 or 4.99."],
    [
      "monthly",
      { monthly: "0.49" },
      "Monthly price must be at least $0.50 (Stripe's minimum charge).",
    ],
    ["monthly", { monthly: "1000.01" }, "Monthly price must be at most $1,000.00."],
    ["yearly", { yearly: "abc" }, "Enter a yearly price like 50 or 49.99, or leave it empty."],
    ["yearly", { yearly: "60" }, "Yearly price must be less than twelve monthly payments."],
    ["commission", { commission: "9.99" }, "Commission must be at least 10%."],
    ["commission", { commission: "50.01" }, "Commission must be at most 50%."],
    ["months", { months: "0" }, "Commission months must be at least 1 (or null for forever)."],
    ["months", { months: "121" }, "Commission months must be at most 120 (or null for forever)."],
    ["months", { months: "2.5" }, "Enter a whole number of months, or choose forever."],
  ])("refuses on %s: %j", (field, patch, message) => {
    expect(refused(patch)).toEqual([[field, message]]);
  });

  test("the saved plan is typed back as it was entered; no plan gives 20% for 3 months", () => {
    const values = subscriptionPlanFormValues({
      id: "p1",
      monthlyPriceCents: 450,
      yearlyPriceCents: 4500,
      currency: "usd",
      commissionBps: 1250,
      commissionMonths: null,
      active: false,
      activeSubscribers: 0,
      updatedAt: new Date("2026-12-07T00:00:00Z"),
    });
    expect(values).toEqual({
      monthly: "4.50",
      yearly: "45",
      commission: "12.5",
      months: "3",
      forever: true,
      active: false,
    });
    expect(subscriptionPlanFormSchema.parse(values)).toMatchObject({
      monthlyPriceCents: 450,
      yearlyPriceCents: 4500,
      commissionBps: 1250,
      commissionMonths: null,
    });
    expect(subscriptionPlanFormValues(null)).toEqual({
      monthly: "",
      yearly: "",
      commission: "20",
      months: "3",
      forever: false,
      active: true,
    });
  });
});
