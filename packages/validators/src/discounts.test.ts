import { describe, expect, test } from "vitest";

import {
  discountCodeEditFormSchema,
  discountCodeEditFormValues,
  discountCodeFormSchema,
  normaliseDiscountCode,
  promoterCodeFormSchema,
  suggestPromoterCode,
  ZCreateDiscountCodeInput,
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
      }),
    ).toEqual({
      description: "",
      maxUses: null,
      maxUsesPerEmail: null,
      minPriceCents: null,
      startsAt: null,
      expiresAt: null,
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
    };
    const values = discountCodeEditFormValues(stored);
    expect(values).toEqual({
      description: "Summer",
      maxUses: "100",
      maxUsesPerEmail: "",
      minPrice: "5.05",
      startsAt: "2027-06-01T09:15",
      expiresAt: "2027-07-01T23:59:30",
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
      }),
    ).toMatchObject({ minPrice, startsAt: "", expiresAt: "2027-07-01T00:00" });
  });
});
