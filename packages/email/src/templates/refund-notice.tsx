/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatMoney } from "../format";
import { zAppPath, zBaseProps, zCents, zCurrency, zName, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZRefundNoticeProps = zBaseProps
  .extend({
    saleId: z.string().min(1),
    buyerName: zOptionalName,
    trackTitle: zName,
    artistName: zName,
    /** What this refund gave back, in cents. */
    refundedCents: zCents.min(1),
    /** Everything refunded on the purchase so far, this refund included, in cents. */
    totalRefundedCents: zCents.min(1),
    /** What the buyer paid, in cents. */
    amountCents: zCents,
    currency: zCurrency,
    /** The track's page, `/t/<slug>`. */
    trackPath: zAppPath,
  })
  .refine((p) => p.refundedCents <= p.totalRefundedCents && p.totalRefundedCents <= p.amountCents, {
    message: "refundedCents <= totalRefundedCents <= amountCents",
  });
type Props = z.output<typeof ZRefundNoticeProps>;

function RefundNoticeEmail(p: Props) {
  const refunded = formatMoney(p.refundedCents, p.currency);
  const full = p.totalRefundedCents === p.amountCents;
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={`${refunded} is on its way back to you`}
      heading={`We refunded ${refunded}`}
      footer={`Receipt ${p.saleId}. You get this email because you bought music on Fanfare.`}
    >
      <Paragraph>
        {p.buyerName ? `Hi ${p.buyerName}, we` : "We"} refunded {refunded} of your purchase of
        &quot;{p.trackTitle}&quot; by {p.artistName}. Your bank usually shows it within 5 to 10
        business days.
      </Paragraph>
      <Facts
        rows={[
          ["Track", `${p.trackTitle} by ${p.artistName}`],
          ["Paid", formatMoney(p.amountCents, p.currency)],
          ["Refunded now", refunded],
          ["Refunded in total", formatMoney(p.totalRefundedCents, p.currency)],
        ]}
      />
      <Paragraph>
        {full
          ? "The purchase is fully refunded, so its download link no longer works."
          : "The rest of the purchase stands: your download link keeps working."}
      </Paragraph>
      <CallToAction href={appLink(p.appUrl, p.trackPath)} label="See the track" />
    </EmailLayout>
  );
}

/** The buyer's notice that (part of) a purchase was refunded. */
export const refundNoticeTemplate = defineEmailTemplate({
  schema: ZRefundNoticeProps,
  subject: (p) => `Refund of ${formatMoney(p.refundedCents, p.currency)} for "${p.trackTitle}"`,
  Component: RefundNoticeEmail,
});
