import { z } from "zod";

import { ZPageInput } from "./schemas";
import { zId, zText } from "./text";

/**
 * Why a visitor reports a promoter (issue 11 §2 "Report this promoter"), the same list as the
 * database's `PromoterReportReason`, with the words the report form and the admin queue show.
 */
export const PROMOTER_REPORT_REASONS = [
  "SPAM",
  "MISLEADING",
  "IMPERSONATION",
  "FRAUD",
  "OFFENSIVE",
  "OTHER",
] as const;
export type PromoterReportReasonName = (typeof PROMOTER_REPORT_REASONS)[number];

export const PROMOTER_REPORT_REASON_LABELS: Record<PromoterReportReasonName, string> = {
  SPAM: "Spam: unwanted messages or posts",
  MISLEADING: "Misleading claims about the music, the price or the artist",
  IMPERSONATION: "Pretends to be the artist or someone else",
  FRAUD: "Fraud or a scam",
  OFFENSIVE: "Offensive, hateful or abusive",
  OTHER: "Something else",
};

/**
 * Where a report stands, the same list as the database's `PromoterReportStatus`: OPEN until an
 * admin closes it as RESOLVED (acted on) or DISMISSED (nothing to do). Closing is final.
 */
export const PROMOTER_REPORT_STATUSES = ["OPEN", "RESOLVED", "DISMISSED"] as const;
export type PromoterReportStatusName = (typeof PROMOTER_REPORT_STATUSES)[number];

/** Where a report was sent from: a track page reached through a link, or a link in an email. */
export const PROMOTER_REPORT_SOURCES = ["page", "email"] as const;
export type PromoterReportSource = (typeof PROMOTER_REPORT_SOURCES)[number];

/** The longest account of what the visitor saw (`PromoterReport.details`), in characters. */
export const REPORT_DETAILS_MAX_CHARS = 2000;

/**
 * A link's public code as it appears in `?ref=<code>`: letters, digits, `-` and `_`, at most 32
 * characters (what click capture reads; codes minted today are 8 characters).
 */
export const ZLinkCode = zText("Link code")
  .trim()
  .min(1, "Link code is required.")
  .max(32, "Link code is at most 32 characters.")
  .regex(/^[A-Za-z0-9_-]+$/, "Link code may contain only letters, digits, - and _.");

const zReportReason = z.enum(PROMOTER_REPORT_REASONS, { message: "Choose a reason." });

/**
 * An email a person may leave blank: "" (after trimming) means none; anything else must be a
 * valid address (`ZEmail`'s rule), lower-cased.
 */
const zOptionalEmail = z
  .string({ error: "Contact email must be text." })
  .trim()
  .toLowerCase()
  .max(254, "Email is too long.")
  .refine((v) => v === "" || z.email().safeParse(v).success, "Enter a valid email address.");

const zReportDetails = zText("Details", { multiline: true })
  .trim()
  .max(
    REPORT_DETAILS_MAX_CHARS,
    `Keep the details under ${REPORT_DETAILS_MAX_CHARS.toLocaleString("en-US")} characters.`,
  );

/**
 * `report.submit` (public, no account): who is reported, why, and optionally what the visitor
 * saw and an address to write back to. The promoter is named by the link code the visitor came
 * through (`code`, from `?ref=`; the link and its track are recorded too) or, for a link in an
 * email that names no link, by the promoter's public id (`promoterId`, as leaderboards show it):
 * exactly one of the two. Blank `details` and `contactEmail` count as absent.
 */
export const ZSubmitPromoterReportInput = z
  .object({
    code: ZLinkCode.optional(),
    promoterId: zId("Promoter id").optional(),
    reason: zReportReason,
    details: zReportDetails.optional(),
    contactEmail: zOptionalEmail.optional(),
    source: z
      .enum(PROMOTER_REPORT_SOURCES, { message: 'Source must be "page" or "email".' })
      .default("page"),
  })
  .superRefine((v, ctx) => {
    if (!v.code && !v.promoterId)
      ctx.addIssue({
        code: "custom",
        path: ["code"],
        message: "Say which promoter you report: the link code you came through (?ref=…).",
      });
    if (v.code && v.promoterId)
      ctx.addIssue({
        code: "custom",
        path: ["promoterId"],
        message: "Name the promoter by their link code or by their id, not both.",
      });
  })
  .transform((v) => ({
    ...v,
    details: v.details || undefined,
    contactEmail: v.contactEmail || undefined,
  }));
export type SubmitPromoterReportInput = z.input<typeof ZSubmitPromoterReportInput>;

/**
 * The report form as the visitor fills it in (the page adds the code and the source): a reason
 * chosen from the list ("" until one is), the details and the contact email as typed (blank =
 * none). Output: the part of `ZSubmitPromoterReportInput` the form supplies.
 */
export const ZPromoterReportForm = z
  .object({
    reason: z
      .string()
      .refine(
        (v): v is PromoterReportReasonName =>
          (PROMOTER_REPORT_REASONS as readonly string[]).includes(v),
        "Choose a reason.",
      ),
    details: zReportDetails,
    contactEmail: zOptionalEmail,
  })
  .transform((v) => ({
    reason: v.reason as PromoterReportReasonName,
    details: v.details || undefined,
    contactEmail: v.contactEmail || undefined,
  }));

/** `admin.reports.list`: one status (all when absent), newest first, cursor pages. */
export const ZAdminReportsInput = ZPageInput.extend({
  status: z
    .enum(PROMOTER_REPORT_STATUSES, { message: "Status must be OPEN, RESOLVED or DISMISSED." })
    .optional(),
});
export type AdminReportsInput = z.input<typeof ZAdminReportsInput>;

/**
 * `admin.reports.resolve`: close one open report as RESOLVED (acted on) or DISMISSED (nothing
 * to do), with the admin's note (kept on the report and in the audit log).
 */
export const ZResolveReportInput = z.object({
  reportId: zId("Report id"),
  outcome: z.enum(["RESOLVED", "DISMISSED"], { message: "Choose resolved or dismissed." }),
  note: zText("Note", { multiline: true })
    .trim()
    .min(3, "Say what you did or why, at least 3 characters.")
    .max(1000, "Keep the note under 1000 characters."),
});
export type ResolveReportInput = z.infer<typeof ZResolveReportInput>;
