import { describe, expect, test } from "vitest";

import {
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
