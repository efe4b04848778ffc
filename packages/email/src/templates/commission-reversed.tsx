/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatMoney } from "../format";
import { zBaseProps, zCents, zCurrency, zName, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZCommissionReversedProps = zBaseProps.extend({
  saleId: z.string().min(1),
  promoterName: zOptionalName,
  trackTitle: zName,
  /** The commission as earned, in cents. */
  commissionCents: zCents.min(1),
  /** What this event took back, in cents. */
  reversedCents: zCents.min(1),
  /** Everything taken back so far, this event included, in cents. */
  totalReversedCents: zCents.min(1),
  currency: zCurrency,
  /** Why: the buyer was refunded, or disputed the payment with their bank. */
  reason: z.enum(["refund", "dispute"]),
  /** The commission was already paid out: the amount is deducted from the next payout. */
  clawback: z.boolean(),
});
type Props = z.output<typeof ZCommissionReversedProps>;

function CommissionReversedEmail(p: Props) {
  const amount = formatMoney(p.reversedCents, p.currency);
  const why =
    p.reason === "refund"
      ? "the buyer was refunded"
      : "the buyer disputed the payment with their bank";
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={`${amount} of your commission on "${p.trackTitle}" was reversed`}
      heading={
        p.clawback
          ? `${amount} will come out of your next payout`
          : `Your commission was reduced by ${amount}`
      }
    >
      <Paragraph>
        Hi {p.promoterName ?? "there"}, {why} for a sale of &quot;{p.trackTitle}&quot; that came
        through your link, so {amount} of its commission is reversed.
      </Paragraph>
      <Facts
        rows={[
          ["Commission earned", formatMoney(p.commissionCents, p.currency)],
          ["Reversed now", amount],
          ["Reversed in total", formatMoney(p.totalReversedCents, p.currency)],
        ]}
      />
      <Paragraph>
        {p.clawback
          ? "That commission was already paid out to you, so the amount is clawed back: your balance shows it as owed and your next payout is reduced by it."
          : "It had not been paid out yet, so it simply comes off your pending earnings."}
      </Paragraph>
      <CallToAction
        href={appLink(p.appUrl, "/dashboard/promoter/earnings")}
        label="See your earnings"
      />
    </EmailLayout>
  );
}

/** The promoter's notice that a refund or dispute reversed commission (a clawback once paid out). */
export const commissionReversedTemplate = defineEmailTemplate({
  schema: ZCommissionReversedProps,
  subject: (p) =>
    p.clawback
      ? `Clawback: ${formatMoney(p.reversedCents, p.currency)} of paid commission on "${p.trackTitle}"`
      : `Commission reversed: ${formatMoney(p.reversedCents, p.currency)} on "${p.trackTitle}"`,
  Component: CommissionReversedEmail,
});
