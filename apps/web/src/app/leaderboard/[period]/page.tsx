import Link from "next/link";
import { notFound } from "next/navigation";

import { EmptyState } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators";

import { loadLeaderboard } from "~/lib/public-data";
import { LEADERBOARD_PERIODS } from "~/lib/public-routes";

/**
 * The public leaderboard, served from the page cache: `/leaderboard?period=` is rewritten here
 * by next.config.ts (src/lib/public-routes.ts). Kept a minute (the rankings behind it are refreshed every minute), and
 * expired earlier by the `leaderboard` tag.
 */
export const revalidate = 60;
export const dynamicParams = true;
export const metadata = { title: "Leaderboard" };

/** Nothing at build time: filled on the first request. */
export function generateStaticParams(): { period: string }[] {
  return [];
}

const PERIODS = [
  { id: "week", label: "This week" },
  { id: "month", label: "This month" },
  { id: "all", label: "All time" },
] as const;

export default async function LeaderboardPage({ params }: { params: Promise<{ period: string }> }) {
  const { period: raw } = await params;
  const period = LEADERBOARD_PERIODS.find((p) => p === raw);
  if (!period) notFound();
  const rows = await loadLeaderboard(period);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">Top promoters</h1>
      <nav aria-label="Period" className="flex gap-2">
        {PERIODS.map((p) => (
          <Link
            key={p.id}
            href={`/leaderboard?period=${p.id}`}
            aria-current={p.id === period ? "page" : undefined}
            className={`rounded-full px-3 py-1 text-sm ${p.id === period ? "bg-brand-600 text-white" : "bg-white ring-1 ring-zinc-300"}`}
          >
            {p.label}
          </Link>
        ))}
      </nav>
      {!rows.length ? (
        <EmptyState title="No commissions in this period yet" />
      ) : (
        <ol className="space-y-2">
          {rows.map((r) => (
            <li
              key={r.promoterId}
              className="flex items-center justify-between rounded-lg bg-white px-4 py-3 ring-1 ring-zinc-200"
            >
              <span>
                <span className="mr-3 font-mono text-zinc-500">#{r.rank}</span>
                {r.label}
              </span>
              <span className="text-sm text-zinc-600">
                {r.salesCount} sales ·{" "}
                <span className="font-semibold text-ink">{formatCents(r.earningsCents)}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
      <p className="text-xs text-zinc-500">
        Promoters appear by initials unless they choose to show their name.
      </p>
    </div>
  );
}
