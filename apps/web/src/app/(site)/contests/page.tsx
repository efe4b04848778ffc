import Link from "next/link";

import { EmptyState } from "@fanfare/ui";

import {
  ContestStandings,
  ContestStatusBadge,
  ContestWindow,
  contestPrizeText,
  contestRuleText,
} from "~/components/contest-board";
import { loadContests } from "~/lib/contest-data";

/**
 * The public list of contests (issue 13 §5): running ones with their live top 5 and a
 * countdown, upcoming ones, and those finished in the last 30 days with their winners. Its data
 * comes from the data cache (tag `contests`, at most a minute old) and the page renders per
 * request: a route without parameters would otherwise be prerendered at build time, and the
 * build must not need the database. Nothing personal in it.
 */
export const dynamic = "force-dynamic";
export const metadata = { title: "Contests" };

export default async function ContestsPage() {
  const contests = await loadContests();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Promoter contests</h1>
        <p className="text-sm text-zinc-600">
          Compete with other fans for prizes on top of your commission. Every promoter takes part
          automatically: sales through your links count from the start.
        </p>
      </div>
      {contests.length === 0 ? (
        <EmptyState title="No contests right now">Check back soon.</EmptyState>
      ) : (
        <ul className="space-y-4">
          {contests.map((c) => (
            <li
              key={c.id}
              className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-zinc-200"
              data-testid={`contest-${c.id}`}
            >
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  <h2 className="text-lg font-semibold">
                    <Link href={`/contests/${c.id}`} className="hover:underline">
                      {c.name}
                    </Link>
                  </h2>
                  <p className="text-sm text-zinc-600">{contestRuleText(c)}</p>
                </div>
                <ContestStatusBadge status={c.status} />
              </div>
              {contestPrizeText(c) ? (
                <p className="text-sm">
                  <span className="font-medium">Prizes:</span> {contestPrizeText(c)}
                </p>
              ) : null}
              <ContestWindow contest={c} className="text-xs text-zinc-500" />
              <ContestStandings contest={c} compact />
              <Link href={`/contests/${c.id}`} className="text-sm font-medium text-brand-600">
                {c.status === "CLOSED" ? "See the results" : "Full standings"}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
