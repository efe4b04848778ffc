import { escapeMarkdown } from "@fanfare/email";
import type { OnboardingVariable } from "@fanfare/validators";
import { ONBOARDING_PLACEHOLDER } from "@fanfare/validators";

/** The values of every onboarding variable, as plain text (links absolute). */
export type OnboardingVariables = Record<OnboardingVariable, string>;

/**
 * Fills the `{{variables}}` of a step's subject or body. In a body (`markdown: true`) values are
 * escaped as literal Markdown text, except the links (`*Url`, which the server builds and which
 * must stay usable as link targets), so a name like "**Pat**" or "[x](javascript:…)" reads as
 * written and can never add a link or emphasis. A name the template does not know (saving
 * refuses them; `onboardingTemplateProblem`) is left as written.
 */
export function fillOnboardingTemplate(
  text: string,
  values: Partial<OnboardingVariables>,
  opts: { markdown: boolean },
): string {
  return text.replace(ONBOARDING_PLACEHOLDER, (whole, name: string) => {
    const value = (values as Record<string, string | undefined>)[name];
    if (value === undefined) return whole;
    return opts.markdown && !name.endsWith("Url") ? escapeMarkdown(value) : value;
  });
}

/** Whether `text` uses any of the first-week figures (they cost a query to compute). */
export function usesFirstWeekStats(text: string): boolean {
  return /\{\{\s*firstWeek/.test(text);
}
