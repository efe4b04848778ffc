import { Badge } from "@fanfare/ui";
import type { ContestMetric } from "@fanfare/validators";
import { CONTEST_METRIC_LABEL, formatContestValue } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { formatUtc } from "~/lib/format";
import { Countdown } from "./countdown";

/** A contest as the public pages read it (dates as ISO strings from the cache). */
export type ContestSummary = {
  id: string;
  name: string;
  description: string;
  metric: ContestMetric;
  startsAt: string | Date;
  endsAt: string | Date;
  prizeDescription: string;
  prizeCents: number[];
  places: number;
  status: "SCHEDULED" | "ACTIVE" | "CLOSED" | "CANCELLED";
  scope: { artistName: string | null; trackTitle: string | null };
  rows: { place: number; label: string; value: number; prizeCents: number }[];
  entrants: number | null;
};

const ordinal = (n: number) => {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

/** "Cash: $50 / $25 / $10" and the prize in words. */
export function contestPrizeText(c: Pick<ContestSummary, "prizeCents" | "prizeDescription">) {
  const money = c.prizeCents.some((p) => p > 0)
    ? c.prizeCents.map((p, i) => `${ordinal(i + 1)} ${formatCents(p)}`).join(" · ")
    : null;
  return [money, c.prizeDescription || null].filter(Boolean).join(" — ");
}

/** What counts, in words: the metric and the scope. */
export function contestRuleText(c: Pick<ContestSummary, "metric" | "scope">) {
  const scope = c.scope.trackTitle
    ? ` on "${c.scope.trackTitle}"`
    : c.scope.artistName
      ? ` on ${c.scope.artistName}'s tracks`
      : "";
  return `${CONTEST_METRIC_LABEL[c.metric]}${scope}`;
}

const STATUS: Record<
  ContestSummary["status"],
  { label: string; tone: "green" | "zinc" | "brand" | "amber" }
> = {
  ACTIVE: { label: "Live", tone: "green" },
  SCHEDULED: { label: "Upcoming", tone: "brand" },
  CLOSED: { label: "Finished", tone: "zinc" },
  CANCELLED: { label: "Cancelled", tone: "amber" },
};

export function ContestStatusBadge({ status }: { status: ContestSummary["status"] }) {
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

/**
 * A contest's standings: the live ranking while it runs, the winners with their prizes once it
 * closed. Promoters appear as on the leaderboard (initials unless they chose to show their name).
 */
export function ContestStandings({
  contest,
  compact,
}: {
  contest: ContestSummary;
  compact?: boolean;
}) {
  if (contest.rows.length === 0)
    return (
      <p className="text-sm text-zinc-600">
        {contest.status === "CLOSED"
          ? "Nobody qualified: no winner."
          : contest.status === "ACTIVE"
            ? "No entries yet: the first sale through a link takes the lead."
            : "Standings appear once it starts."}
      </p>
    );
  return (
    <ol
      className={compact ? "space-y-1" : "space-y-2"}
      aria-label={
        contest.status === "CLOSED" ? `Winners of ${contest.name}` : `Standings of ${contest.name}`
      }
      data-testid={`contest-rows-${contest.id}`}
    >
      {contest.rows.map((r) => (
        <li
          key={r.place}
          className={
            compact
              ? "flex items-center justify-between gap-3 text-sm"
              : "flex items-center justify-between gap-3 rounded-lg bg-white px-4 py-3 ring-1 ring-zinc-200"
          }
        >
          <span className={compact ? "min-w-0" : "min-w-0 truncate"}>
            <span className="mr-3 font-mono text-zinc-500">#{r.place}</span>
            {r.label}
            {r.place <= contest.places && contest.status !== "CLOSED" ? (
              <span className="sr-only"> (in a winning place)</span>
            ) : null}
          </span>
          <span className="shrink-0 text-right">
            <span className="font-semibold text-ink">
              {formatContestValue(contest.metric, r.value)}
            </span>
            {r.prizeCents > 0 ? (
              <span
                className={compact ? "block text-xs text-green-700" : "ml-2 text-xs text-green-700"}
              >
                won {formatCents(r.prizeCents)}
              </span>
            ) : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

/**
 * A contest's window in UTC, with the time left while it runs or until it starts ("… · Ends in
 * 2d 4h"); the countdown is the visitor's clock's business, so cached pages stay the same.
 */
export function ContestWindow({
  contest,
  className,
  countdownClassName,
}: {
  contest: Pick<ContestSummary, "status" | "startsAt" | "endsAt">;
  className?: string;
  countdownClassName?: string;
}) {
  const c = contest;
  return (
    <p className={className}>
      {formatUtc(c.startsAt)} → {formatUtc(c.endsAt)} UTC
      {c.status === "ACTIVE" ? (
        <>
          {" · "}
          <Countdown endsAt={c.endsAt} className={countdownClassName} />
        </>
      ) : c.status === "SCHEDULED" ? (
        <>
          {" · "}
          <Countdown endsAt={c.startsAt} label="Starts in" />
        </>
      ) : null}
    </p>
  );
}
