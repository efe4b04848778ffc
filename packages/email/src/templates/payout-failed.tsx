/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatMoney } from "../format";
import { zBaseProps, zCents, zCurrency, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZPayoutFailedProps = zBaseProps.extend({
  payoutId: z.string().min(1),
  name: zOptionalName,
  amountCents: zCents.min(1),
  currency: zCurrency,
  /** Stripe's reason, as stored on the payout. */
  reason: z.string().min(1).max(500),
});
type Props = z.output<typeof ZPayoutFailedProps>;

function PayoutFailedEmail(p: Props) {
  const amount = formatMoney(p.amountCents, p.currency);
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={`Your payout of ${amount} did not go through`}
      heading={`Your payout of ${amount} failed`}
    >
      <Paragraph>
        Hi {p.name ?? "there"}, Stripe refused your payout: {p.reason}
      </Paragraph>
      <Facts
        rows={[
          ["Amount", amount],
          ["Payout", p.payoutId],
        ]}
      />
      <Paragraph>
        The money is back in your payable balance. Check your Stripe account, then request the
        payout again.
      </Paragraph>
      <CallToAction
        href={appLink(p.appUrl, "/dashboard/earnings")}
        label="Check your payout settings"
      />
    </EmailLayout>
  );
}

/** The payee's "payout failed", with Stripe's reason. */
export const payoutFailedTemplate = defineEmailTemplate({
  schema: ZPayoutFailedProps,
  subject: (p) => `Your Fanfare payout of ${formatMoney(p.amountCents, p.currency)} failed`,
  Component: PayoutFailedEmail,
});
