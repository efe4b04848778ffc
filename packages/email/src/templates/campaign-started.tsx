/** @jsxRuntime automatic @jsxImportSource react */
import { Link } from "@react-email/components";
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatDateTime } from "../format";
import { zAppPath, zBaseProps, zInstant, zName, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

/** A rate in basis points (0–10000). */
const zBps = z.int().min(0).max(10_000);

export const ZCampaignStartedProps = zBaseProps.extend({
  promoterName: zOptionalName,
  campaignName: zName,
  /** The artist running it; null: a Fanfare (platform) campaign. */
  artistName: zOptionalName,
  /** The campaign's discount for buyers, basis points; null: none. */
  discountBps: zBps.min(1).nullable(),
  endsAt: zInstant,
  /**
   * The promoter's linked tracks the campaign changes (at most 10), each with its own rate and
   * the rate while the campaign runs (null: not boosted, the discount only).
   */
  tracks: z
    .array(
      z.object({
        title: zName,
        path: zAppPath,
        commissionBps: zBps,
        boostedBps: zBps.nullable(),
      }),
    )
    .min(1)
    .max(10),
  /** How many more of the promoter's linked tracks it changes, beyond `tracks`. */
  moreTracks: z.int().min(0).default(0),
});
type Props = z.output<typeof ZCampaignStartedProps>;

const percent = (bps: number) =>
  `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;

/** The highest boosted rate among the tracks, if any is boosted. */
const topBoost = (p: Props) =>
  p.tracks.reduce<number | null>(
    (top, t) => (t.boostedBps != null && (top == null || t.boostedBps > top) ? t.boostedBps : top),
    null,
  );

const subjectOf = (p: Props) => {
  const boost = topBoost(p);
  const what =
    boost != null
      ? `${p.tracks.length + p.moreTracks > 1 ? "up to " : ""}${percent(boost)} commission`
      : `${percent(p.discountBps ?? 0)} off for your buyers`;
  return `${p.campaignName}: ${what} until ${formatDateTime(p.endsAt)}`;
};

function CampaignStartedEmail(p: Props) {
  const who = p.artistName ? `${p.artistName} started` : "Fanfare started";
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={subjectOf(p)}
      heading={`${p.campaignName} is live`}
      footer="You get this email because you have a promoter link on a track in this campaign."
    >
      <Paragraph>
        Hi {p.promoterName ?? "there"}, {who} a campaign on tracks you promote. It runs until{" "}
        {formatDateTime(p.endsAt)}
        {p.discountBps ? `, and buyers get ${percent(p.discountBps)} off meanwhile` : ""}.
      </Paragraph>
      <Facts
        rows={p.tracks.map((t) => [
          t.title,
          t.boostedBps != null
            ? `${percent(t.commissionBps)} → ${percent(t.boostedBps)} commission`
            : `${percent(t.commissionBps)} commission, ${percent(p.discountBps ?? 0)} off for buyers`,
        ])}
      />
      {p.moreTracks > 0 ? (
        <Paragraph>
          …and {p.moreTracks} more of your track{p.moreTracks === 1 ? "" : "s"}.
        </Paragraph>
      ) : null}
      <Paragraph>
        A sale earns the rate in force when the buyer starts checkout. Share your links while it
        lasts.
      </Paragraph>
      <CallToAction href={appLink(p.appUrl, p.tracks[0]!.path)} label="Open the track" />
      <Paragraph>
        All your links and earnings:{" "}
        <Link href={appLink(p.appUrl, "/dashboard/promoter")}>your promoter dashboard</Link>.
      </Paragraph>
    </EmailLayout>
  );
}

/** The promoter's "a campaign started on tracks you promote" (issue 12 §3), once per campaign. */
export const campaignStartedTemplate = defineEmailTemplate({
  schema: ZCampaignStartedProps,
  subject: subjectOf,
  Component: CampaignStartedEmail,
});
