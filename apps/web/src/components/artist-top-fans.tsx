"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";

import { EmptyState, Loading, pillVariants } from "@fanfare/ui";
import { Alert } from "@fanfare/ui/alert";
import type { LeaderboardPeriod } from "@fanfare/validators/lists";

import { useTRPC } from "~/trpc/react";
import { FansList } from "./fans-list";

const PERIODS: { id: LeaderboardPeriod; label: string }[] = [
  { id: "week", label: "This week" },
  { id: "month", label: "This month" },
  { id: "all", label: "All time" },
];

/**
 * "Top fans promoting you" on the artist dashboard: the artist's public board
 * (`leaderboard.top`, scope artist, by sales, top 10) in the list their public page `/a/<slug>`
 * shows all time (`FansList`: initials unless a promoter opted in to their name).
 */
export function ArtistTopFans({ artistId }: { artistId: string }) {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<LeaderboardPeriod>("month");
  const board = useQuery(
    trpc.leaderboard.top.queryOptions({
      period,
      metric: "sales",
      scope: { type: "artist", artistId },
      limit: 10,
    }),
  );
  return (
    <section aria-labelledby="fans-h" className="space-y-3" data-testid="artist-top-fans">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="fans-h" className="text-lg font-semibold">
          Top fans promoting you
        </h2>
        <div role="group" aria-label="Period" className="flex flex-wrap gap-2">
          {PERIODS.map((p) => (
            <button
              key={p.id}
              type="button"
              aria-pressed={p.id === period}
              className={pillVariants({ selected: p.id === period })}
              onClick={() => setPeriod(p.id)}
            >
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {board.isPending ? (
        <Loading label="Loading your top fans…" rows={3} />
      ) : board.error ? (
        <Alert>{board.error.message}</Alert>
      ) : board.data.disabled ? (
        <EmptyState title="The public leaderboard is off">
          The team has turned public leaderboards off for now.
        </EmptyState>
      ) : !board.data.rows.length ? (
        <EmptyState title="No sales through fans' links in this period yet" />
      ) : (
        <>
          <FansList rows={board.data.rows} />
          <p className="text-xs text-zinc-500">
            As your fans see it: initials unless a promoter chose to show their name.
          </p>
        </>
      )}
    </section>
  );
}
