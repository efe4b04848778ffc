import { z } from "zod";

import { zId, zText } from "./text";

/** Bounds of an application's answers, in characters (after trimming). */
export const APPLICATION_PITCH_MIN_CHARS = 20;
export const APPLICATION_PITCH_MAX_CHARS = 1_000;
export const APPLICATION_CHANNELS_MIN_CHARS = 3;
export const APPLICATION_CHANNELS_MAX_CHARS = 500;

/**
 * `promoter.submitApplication` (issue 11 §2): what a promoter awaiting approval tells the admins, why they
 * want to promote (`pitch`) and where (`channels`: accounts, sites, communities). Multi-line
 * text; control characters other than line breaks and tabs are refused (`zText`).
 */
export const ZPromoterApplicationInput = z.object({
  pitch: zText("Why you want to promote", { multiline: true })
    .trim()
    .min(
      APPLICATION_PITCH_MIN_CHARS,
      `Tell us why you want to promote in at least ${APPLICATION_PITCH_MIN_CHARS} characters.`,
    )
    .max(
      APPLICATION_PITCH_MAX_CHARS,
      `Keep why you want to promote under ${APPLICATION_PITCH_MAX_CHARS.toLocaleString("en-US")} characters.`,
    ),
  channels: zText("Where you will promote", { multiline: true })
    .trim()
    .min(
      APPLICATION_CHANNELS_MIN_CHARS,
      `Say where you will promote (accounts, sites, communities), at least ${APPLICATION_CHANNELS_MIN_CHARS} characters.`,
    )
    .max(
      APPLICATION_CHANNELS_MAX_CHARS,
      `Keep where you will promote under ${APPLICATION_CHANNELS_MAX_CHARS} characters.`,
    ),
});
export type PromoterApplicationInput = z.input<typeof ZPromoterApplicationInput>;

/**
 * Where a promoter's application stands, derived from the profile (`applicationStateOf` in
 * packages/api/src/services/applications/application-state.ts):
 * - NOT_NEEDED: the promoter is not awaiting approval (active, suspended or closed);
 * - NOT_APPLIED: awaiting approval, nothing sent yet;
 * - APPLIED: sent and waiting for an admin's decision;
 * - REJECTED: the last application was rejected (the reason is the profile's `statusReason`);
 *   the promoter may send it again.
 */
export const APPLICATION_STATES = ["NOT_NEEDED", "NOT_APPLIED", "APPLIED", "REJECTED"] as const;
export type ApplicationStateName = (typeof APPLICATION_STATES)[number];

/**
 * `admin.promoters.approve` / `admin.promoters.reject`: one promoter's application and the
 * reason the applicant reads by email (and, for a rejection, on their dashboard).
 */
export const ZApplicationDecisionInput = z.object({
  promoterId: zId("Promoter id"),
  reason: zText("Reason", { multiline: true })
    .trim()
    .min(3, "Say why (the applicant reads it), at least 3 characters.")
    .max(1000, "Keep the reason under 1000 characters."),
});
export type ApplicationDecisionInput = z.infer<typeof ZApplicationDecisionInput>;
