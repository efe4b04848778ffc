import { z } from "zod";

import { zText } from "./text";

/**
 * The onboarding email sequence for new promoters (issue 14 §8): seven steps, each sent
 * `dayOffset` days after the promoter's `onboardingStartedAt`, with a subject and a Markdown body
 * admins edit. Both may use `{{variables}}` (`ONBOARDING_VARIABLES`); any other name is refused
 * on save. The database keeps the same bounds as CHECKs (migration
 * `20261206204721_promoter_referrals_onboarding_press_kits`: step 1–7, dayOffset 0–60, subject
 * 1–200 characters, body 1–10,000 characters).
 */

/** The steps are numbered 1 to ONBOARDING_STEP_COUNT. */
export const ONBOARDING_STEP_COUNT = 7;
export const ONBOARDING_STEPS = [1, 2, 3, 4, 5, 6, 7] as const;
export type OnboardingStepNumber = (typeof ONBOARDING_STEPS)[number];

/** The latest day a step may be sent on, counted from the start of the sequence. */
export const MAX_ONBOARDING_DAY_OFFSET = 60;
export const MAX_ONBOARDING_SUBJECT = 200;
export const MAX_ONBOARDING_BODY = 10_000;

/**
 * The variables a step's subject and body may use, with what each holds (the editor lists
 * them). Links are absolute URLs on APP_URL; the first-week figures count from the day the
 * sequence started (UTC) up to the send.
 */
export const ONBOARDING_VARIABLES = {
  name: 'The promoter\'s display name, else their account name, else "there"',
  dashboardUrl: "Link to the promoter dashboard",
  linksUrl: "Link to Discover, where promoters find tracks and get their links",
  landingUrl: "Link to the promoter's landing page editor",
  resourcesUrl: "Link to the resource center",
  firstWeekClicks: "Counted clicks on the promoter's links since the sequence started",
  firstWeekSales: "Sales through the promoter's links since the sequence started",
  firstWeekCommission: 'Commission earned since the sequence started, e.g. "$12.50"',
} as const;
export type OnboardingVariable = keyof typeof ONBOARDING_VARIABLES;
export const ONBOARDING_VARIABLE_NAMES = Object.keys(ONBOARDING_VARIABLES) as OnboardingVariable[];

/** One `{{ name }}` placeholder (spaces inside the braces allowed). */
export const ONBOARDING_PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

const KNOWN = new Set<string>(ONBOARDING_VARIABLE_NAMES);

/**
 * Why a step's subject or body cannot be saved, in a sentence, or null when it can: it names a
 * variable other than `ONBOARDING_VARIABLES` (`{{unsubscribeUrl}}`, `{{ Name }}`: names are
 * case-sensitive), or it has braces that are not a whole placeholder (`{{name}`, `{{{name}}}`),
 * which would otherwise reach the promoter as literal braces.
 * Example: `onboardingTemplateProblem("Hi {{nmae}}")` is
 * "Unknown variable {{nmae}}: use {{name}}, {{dashboardUrl}}, …".
 */
export function onboardingTemplateProblem(text: string): string | null {
  const stray = "Braces must form whole variables like {{name}}: remove the stray {{ or }}.";
  for (const m of text.matchAll(ONBOARDING_PLACEHOLDER)) {
    const name = m[1]!;
    if (!KNOWN.has(name))
      return `Unknown variable {{${name}}}: use ${ONBOARDING_VARIABLE_NAMES.map((n) => `{{${n}}}`).join(", ")}.`;
    // "{{{name}}}": a brace glued to a placeholder would reach the promoter as is.
    if (text[m.index - 1] === "{" || text[m.index + m[0].length] === "}") return stray;
  }
  const rest = text.replace(ONBOARDING_PLACEHOLDER, "");
  if (rest.includes("{{") || rest.includes("}}")) return stray;
  return null;
}

/** The variable names `text` uses, each once, in order of appearance. */
export function onboardingVariablesIn(text: string): string[] {
  return [...new Set([...text.matchAll(ONBOARDING_PLACEHOLDER)].map((m) => m[1]!))];
}

const withKnownVariables = <T extends z.ZodType<string>>(schema: T) =>
  schema.superRefine((value, ctx) => {
    const problem = onboardingTemplateProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** A step number, 1–7. */
export const ZOnboardingStepNumber = z
  .number({ error: "Step must be a number from 1 to 7." })
  .int("Step must be a whole number from 1 to 7.")
  .min(1, "Step must be a number from 1 to 7.")
  .max(ONBOARDING_STEP_COUNT, "Step must be a number from 1 to 7.");

/** `admin.onboarding.saveStep`: one step's content as an admin writes it. */
export const ZSaveOnboardingStepInput = z.object({
  step: ZOnboardingStepNumber,
  dayOffset: z
    .number({ error: "Day must be a number of days from 0 to 60." })
    .int("Day must be a whole number of days.")
    .min(0, "Day must be 0 (the day the promoter starts) or later.")
    .max(MAX_ONBOARDING_DAY_OFFSET, `Day must be ${MAX_ONBOARDING_DAY_OFFSET} or earlier.`),
  subject: withKnownVariables(
    zText("Subject")
      .trim()
      .min(1, "Write a subject.")
      .max(
        MAX_ONBOARDING_SUBJECT,
        `Keep the subject to ${MAX_ONBOARDING_SUBJECT} characters or fewer.`,
      ),
  ),
  body: withKnownVariables(
    zText("Body", { multiline: true })
      .trim()
      .min(1, "Write the email's text.")
      .max(
        MAX_ONBOARDING_BODY,
        `Keep the text to ${MAX_ONBOARDING_BODY.toLocaleString("en-US")} characters or fewer.`,
      ),
  ),
  enabled: z.boolean({ error: "Enabled must be true or false." }),
});
export type SaveOnboardingStepInput = z.input<typeof ZSaveOnboardingStepInput>;

/** `admin.onboarding.resetStep`: back to the built-in content of one step. */
export const ZResetOnboardingStepInput = z.object({ step: ZOnboardingStepNumber });

/** `account.setMarketingEmails`: the signed-in user's choice about marketing mail. */
export const ZSetMarketingEmailsInput = z.object({
  subscribed: z.boolean({ error: "Subscribed must be true or false." }),
});

/** `account.unsubscribe`: the signed token of an unsubscribe link (checked by the service). */
export const ZUnsubscribeInput = z.object({
  token: zText("Token")
    .trim()
    .min(1, "The unsubscribe link has no token.")
    .max(400, "The unsubscribe link is malformed: copy the whole link from the email."),
});

/** One step as the admin page shows it (`admin.onboarding.steps`). */
export const ZAdminOnboardingStepOutput = z.object({
  step: z.number().int(),
  dayOffset: z.number().int(),
  subject: z.string(),
  body: z.string(),
  enabled: z.boolean(),
  /** True when no admin saved this step: the built-in content applies. */
  isDefault: z.boolean(),
  updatedAt: z.date().nullable(),
  /** Promoters this step was sent to, and passed over for (disabled, late, unsubscribed). */
  sentCount: z.number().int(),
  passedOverCount: z.number().int(),
});
export type AdminOnboardingStep = z.output<typeof ZAdminOnboardingStepOutput>;
