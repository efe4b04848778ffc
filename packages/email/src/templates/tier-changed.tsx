/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatMoney } from "../format";
import { zBaseProps, zCents, zName, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZTierChangedProps = zBaseProps.extend({
  name: zOptionalName,
  tierName: zName,
  /** The tier held before; null: none (a first tier above the starting one). */
  previousTierName: zOptionalName,
  direction: z.enum(["up", "down"]),
  /** The tier's bonus on top of the artist's rate, basis points (0–10000). */
  bonusBps: z.int().min(0).max(10_000),
  /** The tier's payout minimum, cents (USD, the platform's currency); null: the program's. */
  payoutMinimumCents: zCents.min(1).nullable(),
  /** The titles of the tier's perks (at most 10). */
  perks: z.array(zName).max(10).default([]),
});
type Props = z.output<typeof ZTierChangedProps>;

const percent = (bps: number) =>
  `${(bps / 100).toLocaleString("en-US", { maximumFractionDigits: 2 })}%`;

const subjectOf = (p: Props) =>
  p.direction === "up" ? `You moved up to ${p.tierName}` : `Your tier is now ${p.tierName}`;

function TierChangedEmail(p: Props) {
  const rows: [string, string][] = [
    ["Tier", p.tierName],
    ["Bonus", p.bonusBps > 0 ? `+${percent(p.bonusBps)} on every sale` : "No bonus at this tier"],
  ];
  if (p.payoutMinimumCents != null)
    rows.push(["Payout minimum", formatMoney(p.payoutMinimumCents, "usd")]);
  for (const perk of p.perks) rows.push(["Perk", perk]);
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={subjectOf(p)}
      heading={subjectOf(p)}
      footer="You get this email because your promoter tier changed."
    >
      <Paragraph>
        Hi {p.name ?? "there"},{" "}
        {p.direction === "up"
          ? `your recent sales moved you up to ${p.tierName}${p.previousTierName ? ` from ${p.previousTierName}` : ""}.`
          : `your tier went from ${p.previousTierName ?? "your previous tier"} to ${p.tierName}: tiers follow your results over a trailing window.`}
      </Paragraph>
      <Facts rows={rows} />
      <Paragraph>
        The bonus applies to sales whose checkout starts from now on; sales already made keep the
        rate they had.
      </Paragraph>
      <CallToAction
        href={appLink(p.appUrl, "/dashboard/promoter")}
        label="See your tier and progress"
      />
    </EmailLayout>
  );
}

/** The promoter's "your tier changed" (issue 13 §1), once per move (`recomputeTiers`). */
export const tierChangedTemplate = defineEmailTemplate({
  schema: ZTierChangedProps,
  subject: subjectOf,
  Component: TierChangedEmail,
});
