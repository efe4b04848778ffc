import { z } from "zod";

import { ZPageInput } from "./schemas";
import { zId } from "./text";

/**
 * A promoter's standing in the program (issue 11 §2), the same list as the database's
 * `PromoterStatus`: PENDING (applied, awaiting approval), ACTIVE, SUSPENDED (reversible),
 * TERMINATED (final).
 */
export const PROMOTER_STATUSES = ["PENDING", "ACTIVE", "SUSPENDED", "TERMINATED"] as const;
export type PromoterStatusName = (typeof PROMOTER_STATUSES)[number];

/**
 * The changes an admin may make, from each status: PENDING → ACTIVE (approve) or TERMINATED
 * (shut out for good); ACTIVE ↔ SUSPENDED; ACTIVE or SUSPENDED → TERMINATED. TERMINATED is final
 * (a closed account's unpaid money is settled, not reopened). Rejecting an application is not a
 * change of status: the applicant stays PENDING and may apply again (`rejectApplication`). The
 * one table the service and the console read.
 */
export const PROMOTER_STATUS_TRANSITIONS: Record<
  PromoterStatusName,
  readonly PromoterStatusName[]
> = {
  PENDING: ["ACTIVE", "TERMINATED"],
  ACTIVE: ["SUSPENDED", "TERMINATED"],
  SUSPENDED: ["ACTIVE", "TERMINATED"],
  TERMINATED: [],
};

/** `admin.promoters.list`: filter by status and fraud score, search by email or name, sort; cursor pages. */
export const ZAdminPromotersInput = ZPageInput.extend({
  status: z.enum(PROMOTER_STATUSES, { message: "Unknown promoter status." }).optional(),
  query: z.string().trim().max(200, "Search at most 200 characters.").optional(),
  sort: z
    .enum(["newest", "earnings", "score"], { message: "Sort by newest, earnings or score." })
    .default("newest"),
  /** Only promoters whose fraud score is at least this (0–100). */
  minScore: z
    .number({ message: "Minimum score must be a number." })
    .int("Minimum score must be a whole number.")
    .min(0, "Minimum score must be at least 0.")
    .max(100, "Minimum score must be at most 100.")
    .optional(),
  /**
   * Only the applications waiting for a decision (PENDING promoters who sent one), oldest first;
   * `status` and `sort` are then ignored.
   */
  applications: z.boolean({ message: "Applications must be true or false." }).optional(),
});
export type AdminPromotersInput = z.input<typeof ZAdminPromotersInput>;

/**
 * `admin.promoters.setStatus`: the new status and the reason the promoter reads (by email and on
 * their dashboard). The transition itself is checked by the service against
 * PROMOTER_STATUS_TRANSITIONS.
 */
export const ZSetPromoterStatusInput = z.object({
  promoterId: zId("Promoter id"),
  status: z.enum(["ACTIVE", "SUSPENDED", "TERMINATED"], {
    message: "Choose active, suspended or terminated.",
  }),
  reason: z
    .string()
    .trim()
    .min(3, "Say why (the promoter reads it), at least 3 characters.")
    .max(1000, "Keep the reason under 1000 characters."),
});
export type SetPromoterStatusInput = z.infer<typeof ZSetPromoterStatusInput>;

const zReviewReason = z
  .string()
  .trim()
  .min(3, "Say why (the promoter reads it), at least 3 characters.")
  .max(1000, "Keep the reason under 1000 characters.");

/**
 * `admin.fraud.release` / `admin.fraud.reject`: one commission and the reason the promoter reads.
 * Releasing lifts its hold (its normal life continues); rejecting pays its share to the artist
 * (a clawback when it was already paid out).
 */
export const ZCommissionDecisionInput = z.object({
  commissionId: zId("Commission id"),
  reason: zReviewReason,
});
export type CommissionDecisionInput = z.infer<typeof ZCommissionDecisionInput>;

/** `admin.fraud.holdPromoter`: hold every pending commission of a promoter for review. */
export const ZHoldForReviewInput = z.object({
  promoterId: zId("Promoter id"),
  reason: zReviewReason,
});
export type HoldForReviewInput = z.infer<typeof ZHoldForReviewInput>;

/** `admin.links.setDisabled`: one link, on or off, and why (the promoter reads it). */
export const ZSetLinkDisabledInput = z.object({
  linkId: zId("Link id"),
  disabled: z.boolean({ message: "Say whether the link is disabled (true) or enabled (false)." }),
  reason: zReviewReason,
});
export type SetLinkDisabledInput = z.infer<typeof ZSetLinkDisabledInput>;

/** `admin.tracks.takedown` / `admin.tracks.restore`: one track and why (the artist reads it). */
export const ZTrackModerationInput = z.object({
  trackId: zId("Track id"),
  reason: z
    .string()
    .trim()
    .min(3, "Say why (the artist reads it), at least 3 characters.")
    .max(1000, "Keep the reason under 1000 characters."),
});
export type TrackModerationInput = z.infer<typeof ZTrackModerationInput>;

/** `admin.people.search`: email or name contains `query` (any case); cursor pages. */
export const ZAdminPeopleInput = ZPageInput.extend({
  query: z.string().trim().max(200, "Search at most 200 characters.").optional(),
});
export type AdminPeopleInput = z.input<typeof ZAdminPeopleInput>;

/** `admin.terms.publish`: the next version's full text and what changed. */
export const ZPublishTermsInput = z.object({
  body: z
    .string()
    .trim()
    .min(200, "Write the full terms (at least 200 characters).")
    .max(50_000, "Keep the terms under 50,000 characters."),
  summary: z
    .string()
    .trim()
    .min(3, "Say what changed (promoters read it when asked to accept again).")
    .max(500, "Keep the summary under 500 characters."),
});
export type PublishTermsInput = z.infer<typeof ZPublishTermsInput>;

/** `promoter.acceptTerms`: the version the promoter read and accepts. */
export const ZAcceptTermsInput = z.object({
  version: z
    .number({ message: "Version must be a number." })
    .int("Version must be a whole number.")
    .min(1, "Version must be at least 1."),
});

/** What the console exports as CSV (issue 11 §6). */
export const EXPORT_KINDS = ["sales", "commissions", "payouts", "ledger"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

const zDay = (label: string) =>
  z
    .string({ message: `${label} is required (YYYY-MM-DD).` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date like 2026-12-01.`)
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), `${label} is not a real date.`);

/**
 * A CSV export: the kind and the UTC days [from, to) (`to` excluded), at most 366 days apart.
 */
export const ZExportInput = z
  .object({
    kind: z.enum(EXPORT_KINDS, { message: "Export sales, commissions, payouts or ledger." }),
    from: zDay("From"),
    to: zDay("To"),
  })
  .refine((v) => v.from < v.to, { message: "To must be after From.", path: ["to"] })
  .refine(
    (v) => Date.parse(`${v.to}T00:00:00Z`) - Date.parse(`${v.from}T00:00:00Z`) <= 366 * 86_400_000,
    { message: "Export at most 366 days at a time.", path: ["to"] },
  );
export type ExportInput = z.input<typeof ZExportInput>;
