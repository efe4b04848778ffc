import { z } from "zod";

import { zId, zText } from "./text";

/**
 * Tax forms (issue 11 §4): a US person gives a W-9, anyone else a W-8BEN. Only the fields the
 * payout gate and the year-end 1099-NEC need are collected; the form's certification is the
 * typed name under it. Rules from the IRS instructions for Form W-9 (Rev. March 2024) and
 * Form W-8BEN (Rev. October 2021).
 */
export const TAX_FORM_KINDS = ["W9", "W8BEN"] as const;
export type TaxFormKindName = (typeof TAX_FORM_KINDS)[number];

export const TAX_ID_TYPES = ["SSN", "EIN", "ITIN", "FOREIGN_TIN", "NONE"] as const;
export type TaxIdTypeName = (typeof TAX_ID_TYPES)[number];

/** The tax id types each form accepts (W-9 Part I; W-8BEN lines 5 and 6a). */
export const TAX_ID_TYPES_BY_FORM: Record<TaxFormKindName, readonly TaxIdTypeName[]> = {
  W9: ["SSN", "EIN", "ITIN"],
  W8BEN: ["FOREIGN_TIN", "NONE", "SSN", "ITIN"],
};

export const TAX_ID_TYPE_LABELS: Record<TaxIdTypeName, string> = {
  SSN: "Social Security number (SSN)",
  EIN: "Employer identification number (EIN)",
  ITIN: "Individual taxpayer identification number (ITIN)",
  FOREIGN_TIN: "Foreign tax identifying number",
  NONE: "My country does not issue one",
};

const digitsOf = (s: string) => s.replace(/[\s-]/g, "");

/**
 * Whether `raw` is a well-formed tax id of `type`, and the message that says why not: SSNs and
 * ITINs are 9 digits (an ITIN starts with 9, an SSN never does, nor with 000 or 666), EINs 9
 * digits; foreign numbers 4–30 letters, digits, spaces, dots, slashes or dashes.
 */
export function taxIdProblem(type: TaxIdTypeName, raw: string): string | null {
  const v = digitsOf(raw);
  switch (type) {
    case "SSN":
      if (!/^\d{9}$/.test(v)) return "An SSN has 9 digits (123-45-6789).";
      if (/^(000|666|9)/.test(v) || v.slice(3, 5) === "00" || v.slice(5) === "0000")
        return "That is not a valid SSN.";
      return null;
    case "ITIN":
      if (!/^9\d{8}$/.test(v)) return "An ITIN has 9 digits and starts with 9 (9XX-XX-XXXX).";
      return null;
    case "EIN":
      if (!/^\d{9}$/.test(v)) return "An EIN has 9 digits (12-3456789).";
      return null;
    case "FOREIGN_TIN":
      if (!/^[A-Za-z0-9 ./-]{4,30}$/.test(raw.trim()))
        return "Enter your tax number as your country writes it (4 to 30 letters and digits).";
      return null;
    case "NONE":
      return raw.trim() ? "Leave the tax id empty when your country issues none." : null;
  }
}

/** The tax id as stored (before encryption): digits only for US ids, trimmed otherwise. */
export function normaliseTaxId(type: TaxIdTypeName, raw: string): string {
  return type === "FOREIGN_TIN" || type === "NONE" ? raw.trim() : digitsOf(raw);
}

const text = (label: string, max: number) =>
  zText(label).trim().min(1, `Enter ${label}.`).max(max, `Keep ${label} under ${max} characters.`);
const optionalText = (label: string, max: number) =>
  zText(label)
    .trim()
    .max(max, `Keep ${label} under ${max} characters.`)
    .optional()
    .transform((v) => (v ? v : undefined));

/**
 * `promoter.submitTaxForm`'s input: the form kind, the payee's legal name and address, the tax
 * id with its type, and the certification (the legal name typed again, and the box ticked).
 * A W-9 is for US addresses; a W-8BEN for any other country.
 */
export const ZTaxFormInput = z
  .object({
    kind: z.enum(TAX_FORM_KINDS, { message: "Choose the W-9 (US persons) or the W-8BEN." }),
    legalName: text("your legal name", 120),
    businessName: optionalText("the business name", 120),
    addressLine1: text("your street address", 200),
    addressLine2: optionalText("the second address line", 200),
    city: text("your city", 100),
    region: optionalText("the state or region", 100),
    postalCode: optionalText("the postal code", 20),
    country: z
      .string({ message: "Choose your country." })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "Choose your country (a two-letter code such as US or DE)."),
    taxIdType: z.enum(TAX_ID_TYPES, { message: "Choose the kind of tax id." }),
    taxId: zText("Tax id").max(40, "A tax id is at most 40 characters.").default(""),
    signatureName: text("your name as your signature", 120),
    certify: z.literal(true, {
      message: "Tick the box to certify the form under penalties of perjury.",
    }),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "W9" && v.country !== "US")
      ctx.addIssue({
        code: "custom",
        path: ["country"],
        message: "A W-9 is for US persons: choose the W-8BEN for an address outside the US.",
      });
    if (v.kind === "W8BEN" && v.country === "US")
      ctx.addIssue({
        code: "custom",
        path: ["kind"],
        message: "A W-8BEN is for people outside the US: US persons give a W-9.",
      });
    if (!TAX_ID_TYPES_BY_FORM[v.kind].includes(v.taxIdType))
      ctx.addIssue({
        code: "custom",
        path: ["taxIdType"],
        message:
          v.kind === "W9"
            ? "A W-9 needs an SSN, EIN or ITIN."
            : "A W-8BEN takes a foreign tax number (or none), or a US SSN or ITIN.",
      });
    const problem = taxIdProblem(v.taxIdType, v.taxId);
    if (problem) ctx.addIssue({ code: "custom", path: ["taxId"], message: problem });
    if (v.signatureName.toLowerCase() !== v.legalName.toLowerCase())
      ctx.addIssue({
        code: "custom",
        path: ["signatureName"],
        message: "Sign with your legal name exactly as you entered it above.",
      });
  });
export type TaxFormInput = z.input<typeof ZTaxFormInput>;

/** `admin.tax.review`'s input: verify a submitted form, or reject it with a reason. */
export const ZReviewTaxFormInput = z
  .object({
    formId: zId("Form id"),
    decision: z.enum(["VERIFIED", "REJECTED"], { message: "Verify or reject the form." }),
    reason: zText("Reason").trim().max(500, "Keep the reason under 500 characters.").default(""),
  })
  .refine((v) => v.decision === "VERIFIED" || v.reason.length >= 3, {
    message: "Say why the form is rejected (the promoter reads it).",
    path: ["reason"],
  });

/** A calendar year for the 1099-NEC export: 2020 up to next year. */
export const ZTaxYear = z
  .number({ message: "Year must be a number." })
  .int("Year must be a whole number.")
  .min(2020, "Year must be 2020 or later.")
  .max(new Date().getUTCFullYear() + 1, "That year has not started.");
