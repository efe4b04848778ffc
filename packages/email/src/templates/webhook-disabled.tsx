/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatDateTime } from "../format";
import { zBaseProps, zInstant, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZWebhookDisabledProps = zBaseProps.extend({
  name: zOptionalName,
  endpointId: z.string().min(1),
  /** The endpoint as shown: host and path, without the query (a postback's may hold a token). */
  endpointLabel: z.string().min(1).max(300),
  kind: z.enum(["webhook", "postback"]),
  /** The first failure of the run that disabled it. */
  failingSince: zInstant,
  disabledAt: zInstant,
  /** The last attempt's outcome, e.g. "HTTP 500" or "No complete response within 10 s." */
  lastError: z.string().min(1).max(500),
});
type Props = z.output<typeof ZWebhookDisabledProps>;

function WebhookDisabledEmail(p: Props) {
  const what = p.kind === "postback" ? "postback URL" : "webhook endpoint";
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={`Your ${what} ${p.endpointLabel} was disabled`}
      heading={`Your ${what} was disabled`}
      footer="You get this email because a webhook endpoint of your Fanfare account stopped working."
    >
      <Paragraph>
        Hi {p.name ?? "there"}, every delivery to your {what} has failed since{" "}
        {formatDateTime(p.failingSince)}: we retried for three days, then disabled it so that
        nothing more is sent to it.
      </Paragraph>
      <Facts
        rows={[
          ["Endpoint", p.endpointLabel],
          ["Last error", p.lastError],
          ["Disabled", formatDateTime(p.disabledAt)],
        ]}
      />
      <Paragraph>
        Fix the receiver, then enable the endpoint again in your settings. The delivery log shows
        each attempt and the response your server gave; events from while it was down can be
        replayed from there.
      </Paragraph>
      <CallToAction href={appLink(p.appUrl, "/settings/webhooks")} label="Open webhook settings" />
    </EmailLayout>
  );
}

/** The owner's "your webhook endpoint was disabled" after 3 days of failures (issue 15 §3). */
export const webhookDisabledTemplate = defineEmailTemplate({
  schema: ZWebhookDisabledProps,
  subject: (p) =>
    `Your Fanfare ${p.kind === "postback" ? "postback" : "webhook"} ${p.endpointLabel} was disabled`,
  Component: WebhookDisabledEmail,
});
