/** @jsxRuntime automatic @jsxImportSource react */
import { Link } from "@react-email/components";
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatDateTime, formatMoney, formatPercentBps as percent } from "../format";
import { zAppPath, zBaseProps, zCents, zCurrency, zInstant, zName, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZReceiptProps = zBaseProps.extend({
  saleId: z.string().min(1),
  buyerName: zOptionalName,
  trackTitle: zName,
  artistName: zName,
  amountCents: zCents,
  currency: zCurrency,
  /** `/purchase/<token>`: the purchase page holding the download link (token issued for this email). */
  downloadPath: zAppPath,
  downloadLimit: z.int().min(1),
  expiresAt: zInstant,
  /**
   * `/report?ref=<code>`: when a promoter's link brought the buyer, where they can report that
   * promoter (issue 11 §2); absent for a direct sale.
   */
  reportPath: zAppPath.nullish(),
  /**
   * "Share this track and earn N%" (issue 14 §7; "this album" for a release): the rate a promoter
   * would earn on the product now (basis points, > 0) and `offerPath`, the offer on the purchase page
   * (`/purchase/<token>#share-and-earn`); the page's button makes the account, never this link.
   * Absent when the track has promoter links off or pays no commission.
   */
  shareOffer: z
    .object({
      commissionBps: z.int().min(1).max(10_000),
      offerPath: zAppPath,
      /** What is shared, in a sentence: "track" (the default), "album", "EP", "single". */
      noun: z.enum(["track", "album", "EP", "single"]).default("track"),
    })
    .nullish(),
  /**
   * The purchase's licence (issue 16 §4): its key, kind (personal | commercial | sync), the
   * certificate (`/api/licenses/<key>/certificate.pdf`) and the public verification page
   * (`/license/<key>`). Absent on receipts queued before licences existed.
   */
  license: z
    .object({
      key: z.string().regex(/^FF(-[0-9A-HJKMNP-TV-Z]{4}){4}$/),
      kind: z.enum(["personal", "commercial", "sync"]),
      certificatePath: zAppPath,
      verifyPath: zAppPath,
    })
    .nullish(),
});
const LICENSE_WORDS = { personal: "Personal use", commercial: "Commercial", sync: "Sync" } as const;
type Props = z.output<typeof ZReceiptProps>;

function ReceiptEmail(p: Props) {
  const url = appLink(p.appUrl, p.downloadPath);
  const amount = formatMoney(p.amountCents, p.currency);
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={`Your download of "${p.trackTitle}" is ready`}
      heading={`Thank you for buying "${p.trackTitle}"`}
      footer={`Receipt ${p.saleId}. You get this email because you bought music on Fanfare.`}
    >
      <Paragraph>
        {p.buyerName ? `Hi ${p.buyerName}, your` : "Your"} purchase of &quot;{p.trackTitle}&quot; by{" "}
        {p.artistName} is paid. Download the master here:
      </Paragraph>
      <CallToAction href={url} label="Download your track" />
      <Facts
        rows={[
          ["Track", `${p.trackTitle} by ${p.artistName}`],
          ["Paid", amount],
          ["Downloads", `${p.downloadLimit} ${p.downloadLimit === 1 ? "download" : "downloads"}`],
          ["Link expires", formatDateTime(p.expiresAt)],
        ]}
      />
      {p.license ? (
        <Paragraph>
          Your licence: <strong>{LICENSE_WORDS[p.license.kind]}</strong>, key{" "}
          <strong>{p.license.key}</strong>. Download the certificate (PDF):{" "}
          <Link href={appLink(p.appUrl, p.license.certificatePath)}>
            {appLink(p.appUrl, p.license.certificatePath)}
          </Link>
          . Anyone can check it at{" "}
          <Link href={appLink(p.appUrl, p.license.verifyPath)}>
            {appLink(p.appUrl, p.license.verifyPath)}
          </Link>
        </Paragraph>
      ) : null}
      <Paragraph>
        The link works for {p.downloadLimit} {p.downloadLimit === 1 ? "download" : "downloads"}{" "}
        until {formatDateTime(p.expiresAt)}. Keep this email: it is your receipt.
      </Paragraph>
      {p.shareOffer ? (
        <>
          <Paragraph>
            <strong>
              Share this {p.shareOffer.noun} and earn {percent(p.shareOffer.commissionBps)}.
            </strong>{" "}
            Like &quot;{p.trackTitle}&quot;? Get your own link to it and earn{" "}
            {percent(p.shareOffer.commissionBps)} of every sale it brings. One click, no password:
            we email you a link to confirm.
          </Paragraph>
          <CallToAction
            href={appLink(p.appUrl, p.shareOffer.offerPath)}
            label={`Share & earn ${percent(p.shareOffer.commissionBps)}`}
          />
        </>
      ) : null}
      {p.reportPath ? (
        <Paragraph>
          You found this track through a promoter&apos;s link. If they promoted it in a misleading,
          spammy or abusive way, report this promoter:{" "}
          <Link href={appLink(p.appUrl, p.reportPath)}>{appLink(p.appUrl, p.reportPath)}</Link>
        </Paragraph>
      ) : null}
    </EmailLayout>
  );
}

/** The buyer's receipt with the download link, its download limit and its expiry. */
export const receiptTemplate = defineEmailTemplate({
  schema: ZReceiptProps,
  subject: (p) => `Your download: ${p.trackTitle} by ${p.artistName}`,
  Component: ReceiptEmail,
});
