/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink } from "../format";
import { EmailMarkdown } from "../markdown";
import { zBaseProps, zUnsubscribeLinks } from "../schema";
import { CallToAction, EmailLayout } from "./layout";

export const ZOnboardingStepProps = zBaseProps.extend({
  /** 1–7: which step of the sequence (the footer names it). */
  step: z.int().min(1).max(7),
  /** The subject with its variables already filled in (plain text). */
  subject: z.string().trim().min(1).max(1000),
  /**
   * The body, Markdown with its variables already filled in (values escaped as literal text by
   * the caller). Rendered by `EmailMarkdown`: raw HTML never becomes markup.
   */
  body: z.string().trim().min(1).max(50_000),
  /** The button under the text: a path on the app and its label. */
  cta: z.object({ path: z.string().startsWith("/"), label: z.string().min(1).max(80) }).nullish(),
  /** Marketing mail: the footer links the page, the headers name the one-click endpoint. */
  unsubscribe: zUnsubscribeLinks,
});
type Props = z.output<typeof ZOnboardingStepProps>;

function OnboardingStepEmail(p: Props) {
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={p.subject}
      heading={p.subject}
      footer="You get this email because you joined the Fanfare promoter program: it is one of a few tips for your first weeks."
      unsubscribeHref={appLink(p.appUrl, p.unsubscribe.pagePath)}
    >
      <EmailMarkdown source={p.body} appUrl={p.appUrl} />
      {p.cta ? <CallToAction href={appLink(p.appUrl, p.cta.path)} label={p.cta.label} /> : null}
    </EmailLayout>
  );
}

/**
 * One step of the onboarding sequence for new promoters (issue 14 §8), written by admins in
 * Markdown (`sendDueOnboardingEmails`, packages/api/src/services/onboarding). Marketing mail: it
 * carries the unsubscribe links.
 */
export const onboardingStepTemplate = defineEmailTemplate({
  schema: ZOnboardingStepProps,
  subject: (p: Props) => p.subject,
  Component: OnboardingStepEmail,
});
