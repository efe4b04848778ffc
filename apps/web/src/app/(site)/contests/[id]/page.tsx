import { notFound } from "next/navigation";

import { ContestPosition } from "~/components/contest-position";
import {
  ContestStandings,
  ContestStatusBadge,
  ContestWindow,
  contestPrizeText,
  contestRuleText,
} from "~/components/contest-board";
import { loadContest } from "~/lib/contest-data";

/**
 * One contest (issue 13 §5): its rule, prizes and window with a countdown, the live top 20 while
 * it runs or the winners once closed (the results page), and the visitor's own place as a client
 * island. Served from the page cache (tag `contest:<id>`, at most a minute old).
 */
export const revalidate = 60;
export const dynamicParams = true;

/** Nothing at build time: filled on the first request. */
export function generateStaticParams(): { id: string }[] {
  return [];
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  const c = await loadContest((await params).id);
  return { title: c ? `${c.name} · Contest` : "Contest" };
}

export default async function ContestPage({ params }: { params: Promise<{ id: string }> }) {
  const c = await loadContest((await params).id);
  if (!c) notFound();
  const prize = contestPrizeText(c);
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-bold">{c.name}</h1>
          <ContestStatusBadge status={c.status} />
        </div>
        <p className="text-zinc-700">{contestRuleText(c)}</p>
        {c.description ? <p className="text-sm text-zinc-600">{c.description}</p> : null}
        {prize ? (
          <p className="text-sm">
            <span className="font-medium">Prizes:</span> {prize}
          </p>
        ) : null}
        <ContestWindow
          contest={c}
          className="text-sm text-zinc-500"
          countdownClassName="font-medium text-brand-700"
        />
      </div>
      {c.status !== "SCHEDULED" ? <ContestPosition contestId={c.id} metric={c.metric} /> : null}
      <section className="space-y-3" aria-labelledby="standings-h">
        <h2 id="standings-h" className="text-lg font-semibold">
          {c.status === "CLOSED" ? "Winners" : "Standings"}
          {c.entrants ? (
            <span className="ml-2 text-sm font-normal text-zinc-500">{c.entrants} taking part</span>
          ) : null}
        </h2>
        <ContestStandings contest={c} />
      </section>
      <p className="text-xs text-zinc-500">
        Every active promoter takes part. Sales count when they complete inside the window; a sale
        refunded before the end does not count. A tie goes to whoever reached the score first.
        {c.status === "ACTIVE" ? " Standings are refreshed every minute." : ""} Promoters appear by
        initials unless they choose to show their name.
      </p>
    </div>
  );
}
