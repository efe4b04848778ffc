import { describe, expect, test } from "vitest";

import { reportingThresholdCents } from "./program-settings";
import { normaliseTaxId, taxIdProblem, ZTaxFormInput } from "./tax";

const settings = {
  taxThreshold2025Cents: 60_000,
  taxThreshold2026Cents: 200_000,
  taxThreshold2027Cents: 210_000,
};

describe("tax ids and the W-9 / W-8BEN form", () => {
  test.each([
    ["SSN", "123-45-6789", null],
    ["SSN", "123456789", null],
    ["SSN", "000-12-3456", "That is not a valid SSN."],
    ["SSN", "666-12-3456", "That is not a valid SSN."],
    ["SSN", "912-34-5678", "That is not a valid SSN."],
    ["SSN", "123-00-4567", "That is not a valid SSN."],
    ["SSN", "123-45-0000", "That is not a valid SSN."],
    ["SSN", "12-345-678", "An SSN has 9 digits (123-45-6789)."],
    ["ITIN", "912-70-1234", null],
    ["ITIN", "812-70-1234", "An ITIN has 9 digits and starts with 9 (9XX-XX-XXXX)."],
    ["EIN", "12-3456789", null],
    ["EIN", "12-345678", "An EIN has 9 digits (12-3456789)."],
    ["FOREIGN_TIN", "DE 123 456 789", null],
    [
      "FOREIGN_TIN",
      "x",
      "Enter your tax number as your country writes it (4 to 30 letters and digits).",
    ],
    ["NONE", "", null],
    ["NONE", "123", "Leave the tax id empty when your country issues none."],
  ] as const)("%s %j → %j", (type, raw, problem) => {
    expect(taxIdProblem(type, raw)).toBe(problem);
  });

  test("US ids are stored as digits, foreign ones as typed (trimmed)", () => {
    expect(normaliseTaxId("SSN", " 123-45 6789 ")).toBe("123456789");
    expect(normaliseTaxId("FOREIGN_TIN", " DE 123/45 ")).toBe("DE 123/45");
  });

  test("the form: a W-9 is for US addresses, a W-8BEN for others, signed with the legal name", () => {
    const w9 = {
      kind: "W9",
      legalName: "Jordan Fan",
      addressLine1: "1 Main St",
      city: "Austin",
      country: "us",
      taxIdType: "SSN",
      taxId: "123-45-6789",
      signatureName: "jordan fan",
      certify: true,
    } as const;
    expect(ZTaxFormInput.parse(w9)).toMatchObject({ country: "US", taxId: "123-45-6789" });
    const messages = (input: unknown) =>
      ZTaxFormInput.safeParse(input).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ ...w9, country: "CA" })).toContain(
      "A W-9 is for US persons: choose the W-8BEN for an address outside the US.",
    );
    expect(messages({ ...w9, kind: "W8BEN", country: "DE", taxIdType: "EIN" })).toContain(
      "A W-8BEN takes a foreign tax number (or none), or a US SSN or ITIN.",
    );
    expect(messages({ ...w9, signatureName: "J. Fan" })).toContain(
      "Sign with your legal name exactly as you entered it above.",
    );
    expect(messages({ ...w9, kind: "W8BEN", country: "DE", taxIdType: "NONE", taxId: "" })).toEqual(
      [],
    );
  });

  test("the 1099-NEC threshold by calendar year: $600 through 2025, $2,000 in 2026, the setting after", () => {
    expect(reportingThresholdCents(settings, 2024)).toBe(60_000);
    expect(reportingThresholdCents(settings, 2025)).toBe(60_000);
    expect(reportingThresholdCents(settings, 2026)).toBe(200_000);
    expect(reportingThresholdCents(settings, 2027)).toBe(210_000);
    expect(reportingThresholdCents(settings, 2031)).toBe(210_000);
  });
});
