import Link from "next/link";
import { notFound } from "next/navigation";

import { EmptyState, pillVariants } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators";

import { LeaderboardPosition } from "~/components/leaderboard-position";
import { plural } from "~/lib/format";
import { loadLeaderboard } from "~/lib/public-data";
import type { LeaderboardMetricId, LeaderboardPeriodId } from "~/lib/public-routes";
import { LEADERBOARD_METRICS, LEADERBOARD_PERIODS } from "~/lib/public-routes";

/**
 * The public leaderboard, served from the page cache: `/leaderboard?period=&metric=` is
 * rewritten here by next.config.ts (src/lib/public-routes.ts). Kept a minute (the rankings behind
 * it are refreshed every minute), and expired earlier by the `leaderboard` tag. The visitor's own
 * position is a client island, so the cached HTML is the same for everyone.
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
  week: "This week",
  month: "This month",
  all: "All time",
};
const METRIC_LABELS: Record<LeaderboardMetricId, string> = { earnings: "Earnings", sales: "Sales" };
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
  const rows = await loadLeaderboard(period, metric);
  const periodLabel = PERIODS.find((p) => p.id === period)!.label;
  const href = (p: string, m: string) =>
    `/leaderboard?period=${p}${m === "earnings" ? "" : `&metric=${m}`}`;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">Top promoters</h1>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Period" className="flex gap-2">
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
        <nav aria-label="Ranked by" className="flex gap-2">
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
      {!rows.length ? (
        <EmptyState
          title={
            metric === "sales" ? "No sales in this period yet" : "No commissions in this period yet"
          }
        />
      ) : (
        <ol
          className="space-y-2"
          aria-label={`Top promoters by ${metric}, ${periodLabel.toLowerCase()}`}
        >
          {rows.map((r) => (
            <li
              key={r.promoterId}
              className="flex items-center justify-between gap-3 rounded-lg bg-white px-4 py-3 ring-1 ring-zinc-200"
            >
              <span className="min-w-0 truncate">
                <span className="mr-3 font-mono text-zinc-500">#{r.rank}</span>
                {r.label}
              </span>
              <span className="shrink-0 text-sm text-zinc-600">
                {/* The metric the board ranks by is the one in bold. */}
                <span className={metric === "sales" ? "font-semibold text-ink" : undefined}>
                  {plural(r.salesCount, "sale")}
                </span>
                {" · "}
                <span className={metric === "earnings" ? "font-semibold text-ink" : undefined}>
                  {formatCents(r.earningsCents)}
                </span>
              </span>
            </li>
          ))}
        </ol>
      )}
      <p className="text-xs text-zinc-500">
        Sales and commission count on the day of the sale, net of refunds; the board is refreshed
        every minute. Promoters appear by initials unless they choose to show their name.
      </p>
    </div>
  );
}
