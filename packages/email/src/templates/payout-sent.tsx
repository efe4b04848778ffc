/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatMoney } from "../format";
import { zBaseProps, zCents, zCurrency, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZPayoutSentProps = zBaseProps.extend({
  payoutId: z.string().min(1),
  name: zOptionalName,
  amountCents: zCents.min(1),
  currency: zCurrency,
});
type Props = z.output<typeof ZPayoutSentProps>;

function PayoutSentEmail(p: Props) {
  const amount = formatMoney(p.amountCents, p.currency);
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={`${amount} is on its way to your bank`}
      heading={`Your payout of ${amount} is on its way`}
    >
      <Paragraph>
        Hi {p.name ?? "there"}, we sent {amount} to your Stripe account. Stripe pays it out to your
        bank on its usual schedule.
      </Paragraph>
      <Facts
        rows={[
          ["Amount", amount],
          ["Payout", p.payoutId],
        ]}
      />
      <CallToAction href={appLink(p.appUrl, "/dashboard/earnings")} label="See your payouts" />
    </EmailLayout>
  );
}

/** The payee's "payout sent". */
export const payoutSentTemplate = defineEmailTemplate({
  schema: ZPayoutSentProps,
  subject: (p) => `Your Fanfare payout of ${formatMoney(p.amountCents, p.currency)} is on its way`,
  Component: PayoutSentEmail,
});
