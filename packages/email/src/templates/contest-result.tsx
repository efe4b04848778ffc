/** @jsxRuntime automatic @jsxImportSource react */
import { z } from "zod";

import { defineEmailTemplate } from "../define";
import { appLink, formatMoney } from "../format";
import { zBaseProps, zCents, zName, zOptionalName, zAppPath } from "../schema";
import { CallToAction, EmailLayout, Facts, Paragraph } from "./layout";

export const ZContestResultProps = zBaseProps.extend({
  name: zOptionalName,
  contestName: zName,
  /** The entrant's final place (1 = first). */
  place: z.int().min(1),
  /** How many took part. */
  entrants: z.int().min(1),
  /** Whether this place won (one of the contest's winning places). */
  won: z.boolean(),
  /** The entrant's final value, in words ("12 sales"). */
  value: zName,
  /** The money prize paid to the payable balance, cents (USD); 0: none. */
  prizeCents: zCents.min(0).default(0),
  /** The contest's prize in words (may be empty). */
  prizeDescription: z.string().max(500).default(""),
  /** The results page. */
  resultsPath: zAppPath,
});
type Props = z.output<typeof ZContestResultProps>;

const ordinal = (n: number) => {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

const subjectOf = (p: Props) =>
  p.won
    ? `You won ${ordinal(p.place)} place in ${p.contestName}`
    : `${p.contestName} is over: you finished ${ordinal(p.place)}`;

function ContestResultEmail(p: Props) {
  const rows: [string, string][] = [
    ["Contest", p.contestName],
    ["Your place", `${ordinal(p.place)} of ${p.entrants}`],
    ["Your result", p.value],
  ];
  if (p.prizeCents > 0) rows.push(["Prize", `${formatMoney(p.prizeCents, "usd")}, payable now`]);
  else if (p.won && p.prizeDescription) rows.push(["Prize", p.prizeDescription]);
  return (
    <EmailLayout
      appUrl={p.appUrl}
      preview={subjectOf(p)}
      heading={subjectOf(p)}
      footer="You get this email because you took part in a Fanfare promoter contest."
    >
      <Paragraph>
        {p.won
          ? `Congratulations ${p.name ?? "there"}! ${p.prizeCents > 0 ? "Your prize is already on your payable balance and goes out with your next payout." : "The Fanfare team will be in touch about your prize."}`
          : `Thanks for taking part, ${p.name ?? "there"}. Every sale you made still earned its commission; the next contest is another chance.`}
      </Paragraph>
      <Facts rows={rows} />
      <CallToAction href={appLink(p.appUrl, p.resultsPath)} label="See the results" />
    </EmailLayout>
  );
}

/** Every entrant's "contest results" (issue 13 §5), once per contest (`closeContest`). */
export const contestResultTemplate = defineEmailTemplate({
  schema: ZContestResultProps,
  subject: subjectOf,
  Component: ContestResultEmail,
});
