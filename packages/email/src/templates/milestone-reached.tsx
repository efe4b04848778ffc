/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatMoney } from "../format";
import { zBaseProps, zCents, zName, zOptionalName } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZMilestoneReachedProps = zBaseProps.extend({
  name: zOptionalName,
  milestoneName: zName,
  /** The bonus paid to the payable balance, cents (USD, the platform's currency). */
  bonusCents: zCents.min(1),
  /** What was reached, in words ("10 released sales"). */
  reached: zName,
  /** The next milestone, when there is one: its name and what it takes, in words. */
  next: z.object({ name: zName, gap: zName }).nullable().default(null),
});
type Props = z.output<typeof ZMilestoneReachedProps>;

const subjectOf = (p: Props) =>
  `Milestone reached: ${p.milestoneName} (+${formatMoney(p.bonusCents, "usd")})`;

function MilestoneReachedEmail(p: Props) {
  const rows: [string, string][] = [
    ["Milestone", p.milestoneName],
    ["Reached", p.reached],
    ["Bonus", `${formatMoney(p.bonusCents, "usd")}, payable now`],
  ];
  if (p.next) rows.push(["Next", `${p.next.name}: ${p.next.gap}`]);
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={subjectOf(p)}
      heading={`You reached ${p.milestoneName}`}
      footer="You get this email because you reached a milestone of the Fanfare promoter program."
    >
      <Paragraph>
        Congratulations {p.name ?? "there"}! Your sales have cleared their holding period, so the
        bonus is already on your payable balance and goes out with your next payout.
      </Paragraph>
      <Facts rows={rows} />
      <CallToAction href={appLink(p.appUrl, "/dashboard/promoter")} label="See your progress" />
    </EmailLayout>
  );
}

/** The promoter's "milestone reached" (issue 13 §2), once per award (`awardMilestones`). */
export const milestoneReachedTemplate = defineEmailTemplate({
  schema: ZMilestoneReachedProps,
  subject: subjectOf,
  Component: MilestoneReachedEmail,
});
