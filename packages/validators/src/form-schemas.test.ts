import { describe, expect, test } from "vitest";

import {
  buyFormSchema,
  disputeFormSchema,
  refundFormSchema,
  ZCreateTrackInput,
  ZResetPasswordForm,
  ZSignUpForm,
  ZTrackForm,
} from "./schemas";
import type { ProgramSettingKey } from "./program-settings";
import {
  adjustFormSchema,
  PROGRAM_SETTING_DEFS,
  PROGRAM_SETTING_KEYS,
  programSettingsFormSchema,
} from "./program-settings";

const valid = {
  title: "  Paper Suns ",
  description: "",
  genreSlug: "",
  price: "4.99",
  pwyw: false,
  minPrice: "1.00",
  commissionBps: 2000,
  affiliateEnabled: true,
};

/** The first message per field path of a failed parse. */
function messages(input: unknown): Record<string, string> {
  const r = ZTrackForm.safeParse(input);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const i of r.error.issues) out[i.path.join(".")] ??= i.message;
  return out;
}

describe("ZTrackForm (the web's track form, checked in the browser)", () => {
  test("its output is what the API takes: dollars become cents, '' genre becomes null", () => {
    const out = ZTrackForm.parse(valid);
    expect(out).toEqual({
      title: "Paper Suns",
      description: "",
      genreSlug: null,
      priceCents: 499,
      minPriceCents: null,
      commissionBps: 2000,
      affiliateEnabled: true,
    });
    // ...and the API's own schema accepts it unchanged.
    expect(ZCreateTrackInput.parse({ ...out, masterUploadId: "u1" })).toMatchObject(out);
  });

  test.each([
    [{ price: "abc" }, "price", "Enter price like 5 or 4.99."],
    [{ price: "0.10" }, "price", "Price must be between $0.50 and $1,000.00."],
    [{ price: "5000" }, "price", "Price must be between $0.50 and $1,000.00."],
    [{ title: "   " }, "title", "Enter a title."],
    [{ commissionBps: 99_999 }, "commissionBps", "Commission must be at most 50%."],
    [{ pwyw: true, minPrice: "x" }, "minPrice", "Enter minimum price like 1 or 0.99."],
    [
      { pwyw: true, minPrice: "0.20" },
      "minPrice",
      "Minimum price must be between $0.50 and $1,000.00.",
    ],
    [
      { pwyw: true, minPrice: "6" },
      "minPrice",
      "Minimum price cannot be above the suggested price.",
    ],
  ])("%o is refused on %s: %s", (patch, field, message) => {
    expect(messages({ ...valid, ...patch })[field]).toBe(message);
  });

  test("pay what you want: the minimum in cents; without the box the minimum is ignored", () => {
    expect(ZTrackForm.parse({ ...valid, pwyw: true, minPrice: "$1" }).minPriceCents).toBe(100);
    expect(ZTrackForm.parse({ ...valid, pwyw: false, minPrice: "junk" }).minPriceCents).toBeNull();
  });
});

describe("buyFormSchema (a track page's buy form)", () => {
  const fixed = buyFormSchema({ minPriceCents: null });
  const pwyw = buyFormSchema({ minPriceCents: 300 });

  test("a fixed price: email (normalised) and an optional name; no amount is sent; contact sharing is off unless ticked", () => {
    expect(fixed.parse({ buyerEmail: " Fan@Example.com ", buyerName: "", amount: "" })).toEqual({
      buyerEmail: "fan@example.com",
      buyerName: undefined,
      amountCents: undefined,
      shareContactWithArtist: false,
    });
    expect(
      fixed.parse({
        buyerEmail: "fan@example.com",
        amount: "",
        shareContactWithArtist: true,
      }).shareContactWithArtist,
    ).toBe(true);
    expect(
      fixed.safeParse({ buyerEmail: "nope", buyerName: "", amount: "" }).error?.issues[0],
    ).toMatchObject({ path: ["buyerEmail"], message: "Enter a valid email address." });
  });

  test("pay what you want: the amount in cents, at least the minimum", () => {
    const base = { buyerEmail: "fan@example.com", buyerName: "Fan" };
    expect(pwyw.parse({ ...base, amount: "7.50" }).amountCents).toBe(750);
    expect(pwyw.parse({ ...base, amount: "3" }).amountCents).toBe(300);
    const refused = (amount: string) =>
      pwyw.safeParse({ ...base, amount }).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(refused("2.99")).toEqual([["amount", "Pay at least $3.00."]]);
    expect(refused("seven")).toEqual([["amount", "Enter an amount like 7 or 7.50."]]);
    expect(refused("5000")).toEqual([["amount", "Pay at most $1,000.00."]]);
  });
});

describe("refundFormSchema (the admin's refund form)", () => {
  const form = refundFormSchema({ remainingCents: 400 });
  const refused = (amount: string) =>
    form.safeParse({ amount }).error?.issues.map((i) => [i.path.join("."), i.message]);

  test("empty refunds what is left in full; an amount becomes cents", () => {
    expect(form.parse({ amount: " " })).toEqual({ amountCents: undefined });
    expect(form.parse({ amount: "1.50" })).toEqual({ amountCents: 150 });
    expect(form.parse({ amount: "$4" })).toEqual({ amountCents: 400 });
  });

  test("refused: not an amount, zero, more than is left", () => {
    expect(refused("abc")).toEqual([["amount", "Enter an amount in dollars, like 1.50."]]);
    expect(refused("0")).toEqual([["amount", "Enter an amount above $0.00."]]);
    expect(refused("4.01")).toEqual([["amount", "At most $4.00 is left to refund."]]);
  });
});

describe("disputeFormSchema (the sandbox's open-a-dispute form)", () => {
  test("empty disputes the whole charge; an amount becomes cents; a sale is required", () => {
    expect(disputeFormSchema.parse({ saleId: "s1", amount: "" })).toEqual({
      saleId: "s1",
      amountCents: undefined,
    });
    expect(disputeFormSchema.parse({ saleId: "s1", amount: "2.50" })).toEqual({
      saleId: "s1",
      amountCents: 250,
    });
    const refused = (v: { saleId: string; amount: string }) =>
      disputeFormSchema.safeParse(v).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(refused({ saleId: "s1", amount: "0" })).toEqual([
      ["amount", "Enter an amount in dollars, like 1.50, or leave it empty for the whole charge."],
    ]);
    expect(refused({ saleId: "", amount: "" })).toEqual([["saleId", "Pick a sale to dispute."]]);
  });
});

describe("the auth forms (checked in the browser, then by the server action)", () => {
  test("sign up: an empty artist name means no artist profile", () => {
    const base = { name: "Rhea", email: "rhea@example.com", password: "long-enough-1" };
    expect(ZSignUpForm.parse({ ...base, artistName: "  " }).artistName).toBeUndefined();
    expect(ZSignUpForm.parse({ ...base, artistName: " Rhea Sounds " }).artistName).toBe(
      "Rhea Sounds",
    );
    expect(ZSignUpForm.safeParse({ ...base, password: "short" }).error?.issues[0]?.path).toEqual([
      "password",
    ]);
  });

  test("reset password: the two fields must match, said on the second", () => {
    const r = ZResetPasswordForm.safeParse({ password: "long-enough-1", confirm: "long-enough-2" });
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["confirm", "The two passwords differ."],
    ]);
    expect(
      ZResetPasswordForm.safeParse({ password: "long-enough-1", confirm: "long-enough-1" }).success,
    ).toBe(true);
  });
});

describe("programSettingsFormSchema (the admin's settings form)", () => {
  // Every setting as the form types it: its default, in words.
  const typed = Object.fromEntries(
    PROGRAM_SETTING_KEYS.map((k) => [k, String(PROGRAM_SETTING_DEFS[k].default)]),
  ) as Record<ProgramSettingKey, string>;
  test("whole numbers in each setting's unit become the update's values", () => {
    const out = programSettingsFormSchema.parse({
      values: { ...typed, holdDays: " 7 ", fraudReviewThreshold: "35" },
      reason: "Shorter",
    });
    expect(out.reason).toBe("Shorter");
    expect(out.values).toMatchObject({
      platformFeeBps: 1000,
      holdDays: 7,
      payoutMinimumCents: 500,
      attributionWindowDays: 30,
      clickDedupeWindowSeconds: 3600,
      clickIpCapPerHour: 5,
      fraudReviewThreshold: 35,
      fraudSuspendThreshold: 60,
    });
    expect(Object.keys(out.values).sort()).toEqual([...PROGRAM_SETTING_KEYS].sort());
  });
  test("refused next to its field: out of bounds, not a whole number, empty; a missing reason", () => {
    const r = programSettingsFormSchema.safeParse({
      values: { ...typed, platformFeeBps: "6000", holdDays: "1.5", payoutMinimumCents: "" },
      reason: "",
    });
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["values.platformFeeBps", "Platform fee must be at most 5,000 bps."],
      ["values.holdDays", "Holding period must be a whole number of days."],
      ["values.payoutMinimumCents", "Payout minimum must be a number."],
      ["reason", "Say why you change the settings (at least 3 characters)."],
    ]);
  });
});

describe("adjustFormSchema (the admin's balance adjustment form)", () => {
  const base = {
    payeeEmail: " Ana@Example.com ",
    payeeType: "PROMOTER" as const,
    reason: "Goodwill",
  };
  test("a signed dollar amount becomes signed cents; the email is normalised", () => {
    expect(adjustFormSchema.parse({ ...base, amount: "+12.50" })).toEqual({
      payeeEmail: "ana@example.com",
      payeeType: "PROMOTER",
      amountCents: 1250,
      reason: "Goodwill",
    });
    expect(adjustFormSchema.parse({ ...base, amount: "-3" }).amountCents).toBe(-300);
    expect(adjustFormSchema.parse({ ...base, amount: "4" }).amountCents).toBe(400);
  });
  test("refused next to its field", () => {
    const refused = (v: Partial<typeof base> & { amount: string }) =>
      adjustFormSchema
        .safeParse({ ...base, ...v })
        .error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(refused({ amount: "ten" })).toEqual([
      ["amount", "Enter an amount in dollars with its sign, like +12.50 or -3."],
    ]);
    expect(refused({ amount: "0" })).toEqual([
      ["amount", "An adjustment of $0.00 changes nothing."],
    ]);
    expect(refused({ amount: "1", payeeEmail: "nope" })).toEqual([
      ["payeeEmail", "Enter the payee's account email."],
    ]);
  });
});
