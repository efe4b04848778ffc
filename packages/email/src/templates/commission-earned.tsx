/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatDate, formatMoney } from "../format";
import { zBaseProps, zCents, zCurrency, zInstant, zName, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZCommissionEarnedProps = zBaseProps.extend({
  saleId: z.string().min(1),
  promoterName: zOptionalName,
  trackTitle: zName,
  artistName: zName,
  commissionCents: zCents.min(1),
  currency: zCurrency,
  /** When the commission becomes payable (the sale's holdUntil); omitted: "after the holding period". */
  availableOn: zInstant.nullish(),
});
type Props = z.output<typeof ZCommissionEarnedProps>;

function CommissionEarnedEmail(p: Props) {
  const amount = formatMoney(p.commissionCents, p.currency);
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={`Your link sold "${p.trackTitle}"`}
      heading={`You earned ${amount}`}
    >
      <Paragraph>
        Hi {p.promoterName ?? "there"}, someone bought &quot;{p.trackTitle}&quot; by {p.artistName}{" "}
        through your link: you earned {amount}.
      </Paragraph>
      <Facts
        rows={[
          ["Track", `${p.trackTitle} by ${p.artistName}`],
          ["Commission", amount],
          ["Available on", p.availableOn ? formatDate(p.availableOn) : "after the holding period"],
        ]}
      />
      <Paragraph>
        {p.availableOn
          ? `It is available on ${formatDate(p.availableOn)}, after the holding period that covers refunds.`
          : "It becomes payable after the holding period that covers refunds."}
      </Paragraph>
      <CallToAction
        href={appLink(p.appUrl, "/dashboard/promoter/earnings")}
        label="See your earnings"
      />
    </EmailLayout>
  );
}

/** The promoter's "commission earned", with the date it becomes payable. */
export const commissionEarnedTemplate = defineEmailTemplate({
  schema: ZCommissionEarnedProps,
  subject: (p) =>
    `You earned ${formatMoney(p.commissionCents, p.currency)} promoting "${p.trackTitle}"`,
  Component: CommissionEarnedEmail,
});
