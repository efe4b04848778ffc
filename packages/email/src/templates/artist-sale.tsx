/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatDate, formatMoney } from "../format";
import { zBaseProps, zCents, zCurrency, zInstant, zName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZArtistSaleProps = zBaseProps.extend({
  saleId: z.string().min(1),
  artistName: zName,
  trackTitle: zName,
  /** What the buyer paid, in cents. */
  amountCents: zCents,
  /** The artist's share of it, in cents. */
  artistCents: zCents,
  currency: zCurrency,
  /** Whether a promoter's link brought the buyer (who it was stays the promoter's business). */
  promoted: z.boolean().optional(),
  /** When the artist's share becomes payable (the sale's holdUntil). */
  availableOn: zInstant.nullish(),
});
type Props = z.output<typeof ZArtistSaleProps>;

function ArtistSaleEmail(p: Props) {
  const share = formatMoney(p.artistCents, p.currency);
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={`Someone bought "${p.trackTitle}": ${share} for you`}
      heading={`You sold "${p.trackTitle}"`}
    >
      <Paragraph>
        Hi {p.artistName}, someone bought &quot;{p.trackTitle}&quot;
        {p.promoted ? " through a promoter's link" : ""}. Your share is {share}.
      </Paragraph>
      <Facts
        rows={[
          ["Sale", formatMoney(p.amountCents, p.currency)],
          ["Your share", share],
          ["Available on", p.availableOn ? formatDate(p.availableOn) : "after the holding period"],
        ]}
      />
      <Paragraph>
        {p.availableOn
          ? `It becomes payable on ${formatDate(p.availableOn)}, once the holding period that covers refunds is over.`
          : "It becomes payable once the holding period that covers refunds is over."}
      </Paragraph>
      <CallToAction
        href={appLink(p.appUrl, "/dashboard/artist/earnings")}
        label="See your earnings"
      />
    </EmailLayout>
  );
}

/** The artist's "you made a sale". */
export const artistSaleTemplate = defineEmailTemplate({
  schema: ZArtistSaleProps,
  subject: (p) =>
    `You made a sale: "${p.trackTitle}" (${formatMoney(p.artistCents, p.currency)} for you)`,
  Component: ArtistSaleEmail,
});
