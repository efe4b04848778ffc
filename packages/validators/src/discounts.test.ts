import { describe, expect, test } from "vitest";

import {
  describeDiscountDuration,
  discountCodeEditFormSchema,
  discountCodeEditFormValues,
  discountCodeFormSchema,
  normaliseDiscountCode,
  promoterCodeFormSchema,
  suggestPromoterCode,
  ZCreateDiscountCodeInput,
  ZUpdateDiscountCodeInput,
} from "./discounts";

const typed = {
  code: " summer-10 ",
  description: "Summer",
  type: "PERCENT" as const,
  amount: "12.5",
  maxUses: "100",
  maxUsesPerEmail: "",
  minPrice: "5",
  startsAt: "2027-06-01T00:00",
  expiresAt: "",
};

describe("discount code inputs", () => {
  test("codes are stored upper case and trimmed; the pattern is letters, digits, - and _", () => {
    expect(normaliseDiscountCode(" launch10 ")).toBe("LAUNCH10");
    const bad = ZCreateDiscountCodeInput.safeParse({
      code: "no way",
      type: "FIXED",
      value: 100,
      scope: "PLATFORM",
    });
    expect(bad.error?.issues[0]?.message).toBe(
      "A code is 3 to 32 letters, digits or -, starting with a letter or digit.",
    );
  });

  test("the form: a percentage becomes basis points, dollars cents, empty limits none, dates UTC", () => {
    expect(discountCodeFormSchema("PLATFORM").parse(typed)).toMatchObject({
      code: "SUMMER-10",
      type: "PERCENT",
      value: 1250,
      scope: "PLATFORM",
      maxUses: 100,
      maxUsesPerEmail: null,
      minPriceCents: 500,
      startsAt: new Date("2027-06-01T00:00:00Z"),
      expiresAt: null,
    });
    expect(
      discountCodeFormSchema("ARTIST").parse({ ...typed, type: "FIXED", amount: "$2.50" }),
    ).toMatchObject({ type: "FIXED", value: 250, scope: "ARTIST" });
  });

  test("the form's refusals land on the field typed", () => {
    const issues = (input: Record<string, string>) =>
      discountCodeFormSchema("PLATFORM")
        .safeParse({ ...typed, ...input })
        .error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ amount: "ten" })).toEqual([["amount", "Enter a percentage like 10 or 12.5."]]);
    expect(issues({ amount: "101" })).toEqual([
      ["amount", "A percentage is 1 to 10,000 basis points (0.01 % to 100 %)."],
    ]);
    expect(issues({ maxUses: "1.5" })).toEqual([
      ["maxUses", "Maximum uses is a whole number, or empty for no limit."],
    ]);
    expect(issues({ minPrice: "five" })).toEqual([
      ["minPrice", "Enter a price like 5 or 5.50, or leave it empty."],
    ]);
    expect(issues({ expiresAt: "2027-05-01T00:00" })).toEqual([
      ["expiresAt", "The code must expire after it starts."],
    ]);
  });
});

describe("promoterCodeFormSchema", () => {
  const schema = promoterCodeFormSchema(1000);
  test.each([
    [
      { code: " partner-ana ", percent: "10" },
      { code: "PARTNER-ANA", percentBps: 1000 },
    ],
    [
      { code: "ANA7", percent: "7.5" },
      { code: "ANA7", percentBps: 750 },
    ],
  ])("%j → %j", (input, out) => {
    expect(schema.parse(input)).toEqual(out);
  });
  test.each([
    [{ code: "ANA", percent: "12" }, "A personal code gives at most 10 % off."],
    [{ code: "ANA", percent: "0.5" }, "A code gives at least 1 % off."],
    [{ code: "ANA", percent: "ten" }, "Enter a percentage, e.g. 10 or 7.5."],
    [{ code: "A B", percent: "5" }, "A code is 3 to 32 letters"],
  ])("%j is refused: %s", (input, message) => {
    expect(JSON.stringify(schema.safeParse(input).error?.issues)).toContain(message);
  });
  test("suggestPromoterCode drops accents and symbols", () => {
    expect(suggestPromoterCode("Zoë O'Neil")).toBe("PARTNER-ZOEONEIL");
    expect(suggestPromoterCode("★")).toBe("PARTNER-FAN");
  });
});

describe("discountCodeEditFormSchema", () => {
  const edit = discountCodeEditFormSchema();
  const typedEdit = {
    description: " Summer sale ",
    maxUses: "100",
    maxUsesPerEmail: "1",
    minPrice: "5.50",
    startsAt: "2027-06-01T00:00",
    expiresAt: "2027-07-01T12:30",
    duration: "ONCE" as const,
    durationMonths: "",
  };
  const issues = (input: Partial<typeof typedEdit>) =>
    edit
      .safeParse({ ...typedEdit, ...input })
      .error?.issues.map((i) => [i.path.join("."), i.message]);

  test("sends every limit: whole numbers, the minimum price in cents, dates as UTC", () => {
    expect(edit.parse(typedEdit)).toEqual({
      description: "Summer sale",
      maxUses: 100,
      maxUsesPerEmail: 1,
      minPriceCents: 550,
      startsAt: new Date("2027-06-01T00:00:00Z"),
      expiresAt: new Date("2027-07-01T12:30:00Z"),
      duration: "ONCE",
      durationMonths: null,
    });
  });

  test("an emptied field clears its limit (null), never leaves it unchanged", () => {
    expect(
      edit.parse({
        description: "",
        maxUses: "",
        maxUsesPerEmail: " ",
        minPrice: "",
        startsAt: "",
        expiresAt: "",
        duration: "FOREVER",
        durationMonths: "",
      }),
    ).toEqual({
      description: "",
      maxUses: null,
      maxUsesPerEmail: null,
      minPriceCents: null,
      startsAt: null,
      expiresAt: null,
      duration: "FOREVER",
      durationMonths: null,
    });
  });

  test.each([
    [{ minPrice: "5" }, 500],
    [{ minPrice: "$5.5" }, 550],
    [{ minPrice: "0.99" }, 99],
    [{ minPrice: "0" }, 0],
  ])("minimum price %j is %i cents", (input, minPriceCents) => {
    expect(edit.parse({ ...typedEdit, ...input }).minPriceCents).toBe(minPriceCents);
  });

  test.each([
    [{ maxUses: "1.5" }, "maxUses", "Maximum uses is a whole number, or empty for no limit."],
    [{ maxUses: "0" }, "maxUses", "Maximum uses must be at least 1."],
    [
      { maxUsesPerEmail: "-1" },
      "maxUsesPerEmail",
      "Uses per buyer is a whole number, or empty for no limit.",
    ],
    [{ minPrice: "five" }, "minPrice", "Enter a price like 5 or 5.50, or leave it empty."],
    [{ minPrice: "5.555" }, "minPrice", "Enter a price like 5 or 5.50, or leave it empty."],
    [{ minPrice: "1000.01" }, "minPrice", "Minimum price is too large."],
    [{ startsAt: "tomorrow" }, "startsAt", "Enter a date and time."],
    [{ expiresAt: "2027-05-01T00:00" }, "expiresAt", "The code must expire after it starts."],
    [{ expiresAt: "2027-06-01T00:00" }, "expiresAt", "The code must expire after it starts."],
    [{ description: "x".repeat(201) }, "description", "Keep the description under 200 characters."],
    [
      { description: "Sale\u001b[31m" },
      "description",
      "Description contains a control character (U+001B), which is not allowed.",
    ],
  ])("%j is refused on the field typed, %s: %s", (input, field, message) => {
    expect(issues(input)).toEqual([[field, message]]);
  });

  test("a limit on one side of the dates only is accepted", () => {
    expect(edit.parse({ ...typedEdit, startsAt: "" }).expiresAt).toEqual(
      new Date("2027-07-01T12:30:00Z"),
    );
    expect(edit.parse({ ...typedEdit, expiresAt: "" }).startsAt).toEqual(
      new Date("2027-06-01T00:00:00Z"),
    );
  });

  test("the create form also puts a too-large minimum price on the minimum price field", () => {
    expect(
      discountCodeFormSchema("PLATFORM")
        .safeParse({ ...typed, minPrice: "1000.01" })
        .error?.issues.map((i) => [i.path.join("."), i.message]),
    ).toEqual([["minPrice", "Minimum price is too large."]]);
  });

  test("a stored code fills the form with what it saves unchanged", () => {
    const stored = {
      description: "Summer",
      maxUses: 100,
      maxUsesPerEmail: null,
      minPriceCents: 505,
      startsAt: new Date("2027-06-01T09:15:00Z"),
      expiresAt: new Date("2027-07-01T23:59:30Z"),
      duration: "REPEATING" as const,
      durationMonths: 3,
    };
    const values = discountCodeEditFormValues(stored);
    expect(values).toEqual({
      description: "Summer",
      maxUses: "100",
      maxUsesPerEmail: "",
      minPrice: "5.05",
      startsAt: "2027-06-01T09:15",
      expiresAt: "2027-07-01T23:59:30",
      duration: "REPEATING",
      durationMonths: "3",
    });
    expect(edit.parse(values)).toEqual(stored);
  });

  test.each([
    [null, ""],
    [0, "0"],
    [99, "0.99"],
    [500, "5"],
    [550, "5.50"],
    [100_000, "1000"],
  ])("a minimum price of %s cents is typed %j", (minPriceCents, minPrice) => {
    expect(
      discountCodeEditFormValues({
        description: "",
        maxUses: null,
        maxUsesPerEmail: null,
        minPriceCents,
        startsAt: null,
        expiresAt: "2027-07-01T00:00:00.000Z",
        duration: "ONCE",
        durationMonths: null,
      }),
    ).toMatchObject({ minPrice, startsAt: "", expiresAt: "2027-07-01T00:00" });
  });
});

describe("a code's duration on subscriptions (issue 16 §3)", () => {
  const base = { code: "SUBS10", type: "PERCENT", value: 1000, scope: "PLATFORM" } as const;
  const issues = (r: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    r.error?.issues.map((i) => [i.path.join("."), i.message]);

  test("a code without a duration discounts the first payment only (ONCE, no months)", () => {
    expect(ZCreateDiscountCodeInput.parse(base)).toMatchObject({ duration: "ONCE" });
    expect(ZCreateDiscountCodeInput.parse(base).durationMonths).toBeUndefined();
  });

  test.each([
    [{ duration: "REPEATING", durationMonths: 1 }],
    [{ duration: "REPEATING", durationMonths: 36 }],
    [{ duration: "FOREVER" }],
    [{ duration: "ONCE", durationMonths: null }],
  ] as const)("%j is accepted", (duration) => {
    expect(ZCreateDiscountCodeInput.parse({ ...base, ...duration })).toMatchObject(duration);
  });

  test.each([
    [{ duration: "once" }, "duration", "Duration must be ONCE, REPEATING or FOREVER."],
    [{ duration: "MONTHLY" }, "duration", "Duration must be ONCE, REPEATING or FOREVER."],
    [
      { duration: "REPEATING" },
      "durationMonths",
      "Duration months is required for a REPEATING duration (1 to 36).",
    ],
    [
      { duration: "REPEATING", durationMonths: null },
      "durationMonths",
      "Duration months is required for a REPEATING duration (1 to 36).",
    ],
    [
      { duration: "REPEATING", durationMonths: 0 },
      "durationMonths",
      "Duration months must be at least 1.",
    ],
    [
      { duration: "REPEATING", durationMonths: 37 },
      "durationMonths",
      "Duration months must be at most 36.",
    ],
    [
      { duration: "REPEATING", durationMonths: 2.5 },
      "durationMonths",
      "Duration months must be a whole number.",
    ],
    [
      { duration: "REPEATING", durationMonths: "3" },
      "durationMonths",
      "Duration months must be a number.",
    ],
    [
      { duration: "FOREVER", durationMonths: 3 },
      "durationMonths",
      "Duration months is only for a REPEATING duration.",
    ],
    [{ durationMonths: 3 }, "durationMonths", "Duration months is only for a REPEATING duration."],
  ])("create %j is refused on %s: %s", (duration, field, message) => {
    expect(issues(ZCreateDiscountCodeInput.safeParse({ ...base, ...duration }))).toEqual([
      [field, message],
    ]);
  });

  test("update: the duration is sent whole, months with REPEATING only, never months alone", () => {
    const update = (v: Record<string, unknown>) =>
      issues(ZUpdateDiscountCodeInput.safeParse({ id: "dc_1", ...v }));
    expect(update({ duration: "REPEATING", durationMonths: 6 })).toBeUndefined();
    expect(update({ duration: "ONCE", durationMonths: null })).toBeUndefined();
    expect(update({ maxUses: 5 })).toBeUndefined();
    expect(update({ duration: "REPEATING" })).toEqual([
      ["durationMonths", "Duration months is required for a REPEATING duration (1 to 36)."],
    ]);
    expect(update({ duration: "ONCE", durationMonths: 2 })).toEqual([
      ["durationMonths", "Duration months is only for a REPEATING duration."],
    ]);
    expect(update({ durationMonths: 6 })).toEqual([
      [
        "durationMonths",
        "Duration months is sent with the duration it belongs to (duration REPEATING).",
      ],
    ]);
    expect(update({ durationMonths: null })).toEqual([
      [
        "durationMonths",
        "Duration months is sent with the duration it belongs to (duration REPEATING).",
      ],
    ]);
  });

  test("the new-code form: months typed for REPEATING only, ignored (hidden) otherwise", () => {
    const form = discountCodeFormSchema("ARTIST");
    expect(form.parse({ ...typed, duration: "REPEATING", durationMonths: " 3 " })).toMatchObject({
      duration: "REPEATING",
      durationMonths: 3,
    });
    expect(form.parse({ ...typed, duration: "FOREVER", durationMonths: "3" })).toMatchObject({
      duration: "FOREVER",
      durationMonths: null,
    });
    expect(form.parse(typed)).toMatchObject({ duration: "ONCE", durationMonths: null });
    const refused = (durationMonths: string) =>
      issues(form.safeParse({ ...typed, duration: "REPEATING", durationMonths }));
    expect(refused("")).toEqual([
      ["durationMonths", "Duration months is required for a REPEATING duration (1 to 36)."],
    ]);
    expect(refused("three")).toEqual([
      ["durationMonths", "Duration months is a whole number of months, 1 to 36."],
    ]);
    expect(refused("40")).toEqual([["durationMonths", "Duration months must be at most 36."]]);
    expect(refused("0")).toEqual([["durationMonths", "Duration months must be at least 1."]]);
  });

  test("the edit form sends the duration with its months, and refuses months out of range", () => {
    const edit = discountCodeEditFormSchema();
    const typedEdit = {
      description: "",
      maxUses: "",
      maxUsesPerEmail: "",
      minPrice: "",
      startsAt: "",
      expiresAt: "",
    };
    expect(edit.parse({ ...typedEdit, duration: "REPEATING", durationMonths: "12" })).toMatchObject(
      { duration: "REPEATING", durationMonths: 12 },
    );
    expect(edit.parse({ ...typedEdit, duration: "ONCE", durationMonths: "12" })).toMatchObject({
      duration: "ONCE",
      durationMonths: null,
    });
    expect(
      issues(edit.safeParse({ ...typedEdit, duration: "REPEATING", durationMonths: "" })),
    ).toEqual([
      ["durationMonths", "Duration months is required for a REPEATING duration (1 to 36)."],
    ]);
  });

  test.each([
    [{ duration: "ONCE", durationMonths: null }, "first payment on subscriptions"],
    [{ duration: "REPEATING", durationMonths: 1 }, "1 month on subscriptions"],
    [{ duration: "REPEATING", durationMonths: 3 }, "3 months on subscriptions"],
    [{ duration: "FOREVER", durationMonths: null }, "every payment on subscriptions"],
  ] as const)("%j reads %j", (code, words) => {
    expect(describeDiscountDuration(code)).toBe(words);
  });
});
