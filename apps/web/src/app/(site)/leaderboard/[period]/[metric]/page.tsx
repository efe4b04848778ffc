import Link from "next/link";
import { notFound } from "next/navigation";

import { EmptyState, pillVariants } from "@fanfare/ui";
import { formatBps, formatCents } from "@fanfare/validators";
import { formatLeaderboardValue } from "@fanfare/validators/leaderboard-format";

import { LeaderboardPosition } from "~/components/leaderboard-position";
import { plural } from "~/lib/format";
import { loadLeaderboard } from "~/lib/public-data";
import type { LeaderboardMetricId, LeaderboardPeriodId } from "~/lib/public-routes";
import { LEADERBOARD_METRICS, LEADERBOARD_PERIODS } from "~/lib/public-routes";

/**
 * The public leaderboard, served from the page cache: `/leaderboard?period=&metric=` is
 * rewritten here by next.config.ts (src/lib/public-routes.ts), so each period and metric is its
 * own cacheable URL. Expired by the `leaderboard` tag when the `leaderboard.refresh` job's
 * rankings change (every minute at most) or the admin changes the leaderboard's settings, and
 * kept at most a minute anyway. The visitor's own position is a client island
 * (`leaderboard.me`), so the cached HTML is the same for everyone.
 */
export const revalidate = 60;
export const dynamicParams = true;
export const metadata = { title: "Leaderboard" };

/** Nothing at build time: filled on the first request. */
export function generateStaticParams(): { period: string; metric: string }[] {
  return [];
}

// A label for every period and metric the API knows (a new one is a type error until named).
const PERIOD_LABELS: Record<LeaderboardPeriodId, string> = {
  today: "Today",
  week: "This week",
  month: "This month",
  lastMonth: "Last month",
  all: "All time",
};
const METRIC_LABELS: Record<LeaderboardMetricId, string> = {
  sales: "Sales",
  earnings: "Earnings",
  conversion: "Conversion",
  clicks: "Clicks",
};
const EMPTY: Record<LeaderboardMetricId, string> = {
  sales: "No sales in this period yet",
  earnings: "No commissions in this period yet",
  conversion: "Nobody has enough clicks to rank by conversion yet",
  clicks: "No clicks in this period yet",
};
const PERIODS = LEADERBOARD_PERIODS.map((id) => ({ id, label: PERIOD_LABELS[id] }));
const METRICS = LEADERBOARD_METRICS.map((id) => ({ id, label: METRIC_LABELS[id] }));

const pill = (current: boolean) => pillVariants({ selected: current });

export default async function LeaderboardPage({
  params,
}: {
  params: Promise<{ period: string; metric: string }>;
}) {
  const raw = await params;
  const period = LEADERBOARD_PERIODS.find((p) => p === raw.period);
  const metric = LEADERBOARD_METRICS.find((m) => m === raw.metric);
  if (!period || !metric) notFound();
  const board = await loadLeaderboard(period, metric);
  const periodLabel = PERIOD_LABELS[period];
  const href = (p: string, m: string) =>
    `/leaderboard?period=${p}${m === "earnings" ? "" : `&metric=${m}`}`;

  if (board.disabled)
    return (
      <div className="mx-auto max-w-2xl space-y-6">
        <h1 className="text-2xl font-bold">Top promoters</h1>
        <section
          className="rounded-xl bg-white p-6 ring-1 ring-zinc-200"
          data-testid="leaderboard-off"
        >
          <h2 className="font-semibold">The leaderboard is off</h2>
          <p className="mt-1 text-sm text-zinc-600">
            The team has turned the public leaderboard off for now. Your sales, clicks and earnings
            are on your dashboard as always.
          </p>
        </section>
      </div>
    );

  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">Top promoters</h1>
      <div className="space-y-3">
        <nav aria-label="Period" className="flex flex-wrap gap-2">
          {PERIODS.map((p) => (
            <Link
              key={p.id}
              href={href(p.id, metric)}
              aria-current={p.id === period ? "page" : undefined}
              className={pill(p.id === period)}
            >
              {p.label}
            </Link>
          ))}
        </nav>
        <nav aria-label="Ranked by" className="flex flex-wrap gap-2">
          {METRICS.map((m) => (
            <Link
              key={m.id}
              href={href(period, m.id)}
              aria-current={m.id === metric ? "page" : undefined}
              className={pill(m.id === metric)}
            >
              {m.label}
            </Link>
          ))}
        </nav>
      </div>
      <LeaderboardPosition period={period} metric={metric} periodLabel={periodLabel} />
      {metric === "conversion" ? (
        <p className="text-sm text-zinc-600" data-testid="conversion-minimum">
          Conversion is sales per click. It ranks promoters with at least{" "}
          {plural(board.minClicks, "click")} and a sale in the period.
        </p>
      ) : null}
      {!board.rows.length ? (
        <EmptyState title={EMPTY[metric]} />
      ) : (
        <ol
          className="space-y-2"
          aria-label={`Top promoters by ${METRIC_LABELS[metric].toLowerCase()}, ${periodLabel.toLowerCase()}`}
          data-testid="leaderboard-rows"
        >
          {board.rows.map((r) => (
            <li
              key={r.promoterId}
              className="flex items-center justify-between gap-3 rounded-lg bg-white px-4 py-3 ring-1 ring-zinc-200"
            >
              <span className="min-w-0 truncate">
                <span className="mr-3 font-mono text-zinc-500">#{r.rank}</span>
                {r.label}
              </span>
              <span className="shrink-0 text-right">
                <span className="block font-semibold text-ink">
                  {formatLeaderboardValue(metric, r.value)}
                </span>
                <span className="block text-xs text-zinc-500">
                  {/* The other figures of the period, without the one ranked. */}
                  {[
                    metric !== "sales" && plural(r.sales, "sale"),
                    metric !== "earnings" && formatCents(r.earningsCents),
                    metric !== "clicks" && plural(r.clicks, "click"),
                    metric !== "conversion" &&
                      r.clicks > 0 &&
                      `${formatBps(r.conversionBps)} conv.`,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
                </span>
              </span>
            </li>
          ))}
        </ol>
      )}
      <p className="text-xs text-zinc-500">
        Periods are in UTC: this week starts on Monday. Sales and commission count on the day of the
        sale, net of refunds; clicks on the day they were counted. The board is refreshed every
        minute. Promoters appear by initials unless they choose to show their name.
      </p>
    </div>
  );
}
