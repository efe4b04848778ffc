import { describe, expect, test } from "vitest";

import {
  licenseTierFormSchema,
  normaliseLicenseKey,
  ZSaveLicenseTierInput,
  ZVerifyLicenseInput,
} from "./licenses";

describe("licence keys", () => {
  test.each([
    ["FF-7K2M-Q9TZ-0B4D-XR8H", "FF-7K2M-Q9TZ-0B4D-XR8H"],
    [" ff-7k2m-q9tz-0b4d-xr8h ", "FF-7K2M-Q9TZ-0B4D-XR8H"],
  ])("%j is the key %s", (text, key) => {
    expect(normaliseLicenseKey(text)).toBe(key);
    expect(ZVerifyLicenseInput.parse({ key: text })).toEqual({ key });
  });
  test.each([
    "FF-IIII-0000-0000-0000", // I is not Crockford base32
    "FF-0000-0000-0000",
    "XX-0000-0000-0000-0000",
    "FF-0000-0000-0000-0000-0000",
    "",
  ])("%j is not a key", (text) => {
    expect(normaliseLicenseKey(text)).toBeNull();
    const r = ZVerifyLicenseInput.safeParse({ key: text });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/FF-XXXX-XXXX-XXXX-XXXX|too long/);
  });
});

describe("licence tiers", () => {
  const valid = {
    trackId: "t1",
    kind: "commercial",
    name: "Commercial",
    priceCents: 5000,
    terms: "Line one.\nLine two.",
  };
  test("the API's input: kinds, price and text limits, multi-line terms", () => {
    expect(ZSaveLicenseTierInput.parse(valid)).toEqual(valid);
    const problems = [
      [{ kind: "personal" }, /commercial or sync/],
      [{ priceCents: 49 }, /at least 50 cents/],
      [{ priceCents: 10_000_001 }, /at most 10000000 cents/],
      [{ name: "x".repeat(81) }, /at most 80/],
      [{ name: "  " }, /Name is required/],
      [{ terms: "" }, /Terms are required/],
      [{ terms: "x".repeat(20_001) }, /at most 20000/],
    ] as const;
    for (const [patch, message] of problems) {
      const r = ZSaveLicenseTierInput.safeParse({ ...valid, ...patch });
      expect(r.success, JSON.stringify(patch)).toBe(false);
      expect(r.error!.issues[0]!.message).toMatch(message);
    }
  });
  test("the web form: the price in dollars", () => {
    expect(licenseTierFormSchema.parse({ name: "Sync", price: "250", terms: "t" })).toEqual({
      name: "Sync",
      priceCents: 25_000,
      terms: "t",
    });
    const r = licenseTierFormSchema.safeParse({ name: "Sync", price: "abc", terms: "t" });
    expect(r.error!.issues[0]!.path).toEqual(["price"]);
    expect(r.error!.issues[0]!.message).toBe("Enter a price like 50 or 49.99.");
  });
});
