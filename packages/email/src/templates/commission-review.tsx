/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatMoney } from "../format";
import { zBaseProps, zCents, zCurrency, zName, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZCommissionReviewProps = zBaseProps.extend({
  saleId: z.string().min(1),
  promoterName: zOptionalName,
  trackTitle: zName,
  /** The commission under review, in cents. */
  commissionCents: zCents.min(1),
  currency: zCurrency,
  /** held: put on hold for review; released: the hold is over; rejected: it goes to the artist. */
  decision: z.enum(["held", "released", "rejected"]),
  /** The admin's reason, shown as written. */
  reason: z.string().trim().min(1).max(1000),
  /** A rejected commission that was already paid out is taken from the next payout. */
  clawback: z.boolean().default(false),
});
type Props = z.output<typeof ZCommissionReviewProps>;

const HEADINGS: Record<Props["decision"], (amount: string) => string> = {
  held: (a) => `Your commission of ${a} is on hold for review`,
  released: (a) => `Your commission of ${a} is released`,
  rejected: (a) => `Your commission of ${a} was rejected`,
};

function CommissionReviewEmail(p: Props) {
  const amount = formatMoney(p.commissionCents, p.currency);
  const heading = HEADINGS[p.decision](amount);
  return (
    <EmailLayout appUrl={p.appUrl} preview={heading} heading={heading}>
      <Paragraph>
        Hi {p.promoterName ?? "there"}, the Fanfare team reviewed your commission on &quot;
        {p.trackTitle}&quot;. Their reason: {p.reason}
      </Paragraph>
      <Facts
        rows={[
          ["Commission", amount],
          ["Sale", p.saleId],
        ]}
      />
      <Paragraph>
        {p.decision === "held"
          ? "It stays pending, past its usual holding period, until the review ends. You will hear from us either way."
          : p.decision === "released"
            ? "It continues its normal life: payable at the end of its holding period, if that has not passed already."
            : p.clawback
              ? "It was already paid out, so the amount is taken from your balance and netted from your next payout. The artist receives it instead."
              : "It will not be paid; the artist receives it instead."}
      </Paragraph>
      <CallToAction href={appLink(p.appUrl, "/dashboard/earnings")} label="See your earnings" />
    </EmailLayout>
  );
}

/** The promoter's notice of an admin's review decision on one commission (issue 11 §3). */
export const commissionReviewTemplate = defineEmailTemplate({
  schema: ZCommissionReviewProps,
  subject: (p) => HEADINGS[p.decision](formatMoney(p.commissionCents, p.currency)),
  Component: CommissionReviewEmail,
});
