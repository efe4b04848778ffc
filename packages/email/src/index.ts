import { createElement } from "react";
import { render, toPlainText } from "@react-email/render";
import { z } from "zod";

import type { EmailTemplate } from "./define";
import { applicationRejectedTemplate } from "./templates/application-rejected";
import { artistSaleTemplate } from "./templates/artist-sale";
import { campaignStartedTemplate } from "./templates/campaign-started";
import { commissionEarnedTemplate } from "./templates/commission-earned";
import { commissionReversedTemplate } from "./templates/commission-reversed";
import { commissionReviewTemplate } from "./templates/commission-review";
import { magicLinkTemplate } from "./templates/magic-link";
import { passwordResetTemplate } from "./templates/password-reset";
import { payoutFailedTemplate } from "./templates/payout-failed";
import { payoutSentTemplate } from "./templates/payout-sent";
import { promoterStatusTemplate } from "./templates/promoter-status";
import { receiptTemplate } from "./templates/receipt";
import { refundNoticeTemplate } from "./templates/refund-notice";
import { contestResultTemplate } from "./templates/contest-result";
import { milestoneReachedTemplate } from "./templates/milestone-reached";
import { onboardingStepTemplate } from "./templates/onboarding-step";
import { tierChangedTemplate } from "./templates/tier-changed";
import { welcomeTemplate } from "./templates/welcome";
import { webhookDisabledTemplate } from "./templates/webhook-disabled";

export type { EmailTemplate } from "./define";
export { formatMoney, formatDate, formatDateTime } from "./format";
export { escapeMarkdown } from "./markdown";

/**
 * Every message Fanfare sends, by template name (the name stored in `EmailOutbox.template`).
 * Each entry holds the props schema, the subject and the React Email component.
 */
export const EMAIL_TEMPLATES = {
  receipt: receiptTemplate,
  "refund-notice": refundNoticeTemplate,
  "artist-sale": artistSaleTemplate,
  "commission-earned": commissionEarnedTemplate,
  "commission-reversed": commissionReversedTemplate,
  "commission-review": commissionReviewTemplate,
  "payout-sent": payoutSentTemplate,
  "payout-failed": payoutFailedTemplate,
  "promoter-status": promoterStatusTemplate,
  "application-rejected": applicationRejectedTemplate,
  "campaign-started": campaignStartedTemplate,
  "tier-changed": tierChangedTemplate,
  "milestone-reached": milestoneReachedTemplate,
  "contest-result": contestResultTemplate,
  "onboarding-step": onboardingStepTemplate,
  "webhook-disabled": webhookDisabledTemplate,
  welcome: welcomeTemplate,
  "password-reset": passwordResetTemplate,
  "magic-link": magicLinkTemplate,
} as const;

export type EmailTemplateName = keyof typeof EMAIL_TEMPLATES;

/** The props a caller passes for template T (dates as Date or ISO strings). */
export type EmailProps<T extends EmailTemplateName> = z.input<
  (typeof EMAIL_TEMPLATES)[T]["schema"]
>;

/** The template names, for schemas and UIs. */
export const EMAIL_TEMPLATE_NAMES = Object.keys(EMAIL_TEMPLATES) as EmailTemplateName[];

/** Whether `name` is a known template. */
export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(EMAIL_TEMPLATES, name);
}

/**
 * The template and its validated props.
 * @throws Error naming the template when it is unknown or when the props do not fit its schema
 *   (each failing field listed).
 */
function parseEmail(template: string, props: unknown): { def: EmailTemplate; props: unknown } {
  if (!isEmailTemplateName(template)) {
    throw new Error(
      `Unknown email template "${template}"; known templates: ${EMAIL_TEMPLATE_NAMES.join(", ")}.`,
    );
  }
  const def = EMAIL_TEMPLATES[template] as unknown as EmailTemplate;
  const parsed = def.schema.safeParse(props);
  if (!parsed.success) {
    throw new Error(
      `Invalid props for email template "${template}":\n${z.prettifyError(parsed.error)}`,
    );
  }
  return { def, props: parsed.data };
}

/**
 * The subject line of a message, computed synchronously from its props (no rendering), so the
 * outbox row can carry it when the message is queued inside a transaction.
 * @throws Error on an unknown template or invalid props (see `renderEmail`).
 */
export function emailSubject(template: string, props: unknown): string {
  const { def, props: data } = parseEmail(template, props);
  return def.subject(data);
}

/** Headings keep their case in the text part (html-to-text upper-cases them by default). */
const TEXT_OPTIONS = {
  selectors: [1, 2, 3].map((n) => ({ selector: `h${n}`, options: { uppercase: false } })),
};

/**
 * Renders a message to what an SMTP transport sends: the subject, the HTML body and its plain
 * text part (derived from the HTML, links kept as "label [url]"). Called at send time by the
 * delivery job, never inside a database transaction.
 * @param template a name from EMAIL_TEMPLATES (as stored in `EmailOutbox.template`).
 * @param props the template's props, as stored in `EmailOutbox.props` (JSON; dates as ISO strings).
 * @throws Error on an unknown template or props that fail the template's schema; the message
 *   names the template and every invalid field.
 */
export async function renderEmail(
  template: string,
  props: unknown,
): Promise<{ subject: string; html: string; text: string; headers: Record<string, string> }> {
  const { def, props: data } = parseEmail(template, props);
  const html = await render(createElement(def.Component, data as never));
  return {
    subject: def.subject(data),
    html,
    text: toPlainText(html, TEXT_OPTIONS),
    headers: unsubscribeHeaders(data),
  };
}

/**
 * The one-click unsubscribe headers of a marketing message (RFC 8058 §3.1, RFC 2369 §3.2):
 * `List-Unsubscribe: <https://…/api/unsubscribe?token=…>` and `List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click`, for validated props that carry `unsubscribe` links
 * (`zUnsubscribeLinks`); none for any other message (receipts, payouts, security mail). The
 * mail provider POSTs `List-Unsubscribe=One-Click` to that URL; the signed token in it is the
 * whole authorisation (RFC 8058 §3.2: no cookies, no confirmation).
 */
export function unsubscribeHeaders(props: unknown): Record<string, string> {
  const p = props as { appUrl?: unknown; unsubscribe?: { oneClickPath?: unknown } } | null;
  const path = p?.unsubscribe?.oneClickPath;
  if (typeof p?.appUrl !== "string" || typeof path !== "string") return {};
  return {
    "List-Unsubscribe": `<${new URL(path, p.appUrl).toString()}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
