"use client";

import { useQuery } from "@tanstack/react-query";
import { Trophy } from "lucide-react";
import Link from "next/link";

import { Card } from "@fanfare/ui";

import { ContestStandings, contestPrizeText, contestRuleText } from "./contest-board";
import { contestStandingText } from "./contest-position";
import { Countdown } from "./countdown";
import { useTRPC } from "~/trpc/react";

/** The promoter's place in one running contest (`contest.me`). */
function MyPlace({ id, metric }: { id: string; metric: "sales" | "earnings" | "clicks" }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.contest.me.queryOptions({ id }, { refetchInterval: 60_000 }));
  if (!me.data) return null;
  return <p className="text-sm font-medium">{contestStandingText(metric, me.data)}</p>;
}

/**
 * Running contests on the promoter dashboard (issue 13 §5: "Active contests show a banner with
 * countdown and live standings"): each with its rule, prizes, time left, top 3 and the promoter's
 * own place; refreshed every minute. Nothing when no contest runs.
 */
export function ContestBanner() {
  const trpc = useTRPC();
  const list = useQuery(trpc.contest.list.queryOptions(undefined, { refetchInterval: 60_000 }));
  const live = (list.data ?? []).filter((c) => c.status === "ACTIVE");
  if (live.length === 0) return null;
  return (
    <>
      {live.map((c) => (
        <Card key={c.id} className="space-y-2 border-l-4 border-brand-600">
          <section
            aria-label={`Contest: ${c.name}`}
            className="space-y-2"
            data-testid="contest-banner"
          >
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <h2 className="text-lg font-semibold">
                <Trophy aria-hidden className="mr-1.5 inline h-5 w-5 align-[-3px] text-brand-600" />
                <Link href={`/contests/${c.id}`} className="hover:underline">
                  {c.name}
                </Link>
              </h2>
              <Countdown
                endsAt={c.endsAt}
                className="text-sm font-medium text-brand-700"
                onEnd={() => void list.refetch()}
              />
            </div>
            <p className="text-sm text-zinc-700">
              {contestRuleText(c)}
              {contestPrizeText(c) ? ` · ${contestPrizeText(c)}` : ""}
            </p>
            <MyPlace id={c.id} metric={c.metric} />
            <ContestStandings contest={{ ...c, rows: c.rows.slice(0, 3) }} compact />
          </section>
        </Card>
      ))}
    </>
  );
}
