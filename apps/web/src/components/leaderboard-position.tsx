"use client";

import { useEffect, useState } from "react";
import Link from "next/link";

import type { RouterOutputs } from "@fanfare/api";
import {
  formatLeaderboardGap,
  formatLeaderboardValue,
} from "@fanfare/validators/leaderboard-format";
import type { LeaderboardMetric, LeaderboardPeriod } from "@fanfare/validators/lists";

import { plural } from "~/lib/format";
import { trpcQuery } from "~/lib/trpc-fetch";
import { useViewer } from "./viewer";

type Position = RouterOutputs["leaderboard"]["me"];

/**
 * "Your position" on a cached leaderboard page: asked in the browser (`leaderboard.me`, a
 * protected procedure), so the cached HTML is the same for everyone. Signed out: an invitation
 * to sign in. Signed in: "#N of M", the value, and how much more passes the promoter one place
 * up, also when far below the rows the page lists; or, off the board, what puts them on it
 * (for conversion: the clicks still needed). Says whether the board shows their name and links
 * to the setting.
 */
export function LeaderboardPosition({
  period,
  metric,
  periodLabel,
}: {
  period: LeaderboardPeriod;
  metric: LeaderboardMetric;
  periodLabel: string;
}) {
  const viewer = useViewer();
  const signedIn = viewer.status === "done" && viewer.viewer != null;
  const [state, setState] = useState<
    { status: "loading" } | { status: "error" } | { status: "done"; position: Position }
  >({ status: "loading" });

  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    setState({ status: "loading" });
    trpcQuery("leaderboard", "me", { period, metric })
      .then((position) => live && setState({ status: "done", position }))
      .catch(() => live && setState({ status: "error" }));
    return () => {
      live = false;
    };
  }, [signedIn, period, metric]);

  const box = "rounded-xl bg-white p-4 ring-1 ring-zinc-200";
  if (viewer.status === "pending" || (signedIn && state.status === "loading"))
    return <div aria-hidden className={`${box} h-[4.5rem] animate-pulse`} />;
  if (!signedIn)
    return (
      <section aria-label="Your position" className={box}>
        <p className="text-sm text-zinc-700">
          <Link
            href="/sign-in?next=/leaderboard"
            className="font-medium text-brand-600 underline underline-offset-2"
          >
            Sign in
          </Link>{" "}
          to see where you stand, or get a link to any track and start climbing.
        </p>
      </section>
    );
  if (state.status === "error")
    return (
      <section aria-label="Your position" className={box}>
        <p className="text-sm text-zinc-700">
          Your position could not be loaded. Reload to try again.
        </p>
      </section>
    );
  if (state.status !== "done" || state.position.disabled) return null;
  const p = state.position;
  return (
    <section aria-label="Your position" className={`${box} space-y-1`} data-testid="my-position">
      {p.ranked && p.rank != null ? (
        <>
          <p className="text-lg font-semibold">
            Your position: #{p.rank} of {p.total} {periodLabel.toLowerCase()} ·{" "}
            <span className="text-brand-700">{formatLeaderboardValue(metric, p.value)}</span>
          </p>
          <p className="text-sm text-zinc-600">
            {p.gap != null
              ? `${formatLeaderboardGap(metric, p.gap)} to pass #${p.rank - 1}.`
              : "You lead this board. Keep sharing to stay on top."}
          </p>
        </>
      ) : (
        <p className="text-sm text-zinc-700">
          {notRanked(metric, p)}{" "}
          <Link href="/" className="font-medium text-brand-600 underline underline-offset-2">
            Find a track to promote
          </Link>
        </p>
      )}
      <p className="text-xs text-zinc-500">
        The board shows {p.showOnLeaderboard ? "your display name" : "your initials"}.{" "}
        <Link href="/settings" className="text-brand-600 underline underline-offset-2">
          Change in settings
        </Link>
      </p>
    </section>
  );
}

/** What puts a promoter who is not on this board on it. */
function notRanked(metric: LeaderboardMetric, p: Position): string {
  const of = `${p.total} ranked`;
  switch (metric) {
    case "conversion":
      return p.clicksToQualify > 0
        ? `You are not on this board yet (${of}): ${plural(p.clicksToQualify, "more click")} in this period, and a sale, put you on it.`
        : `You are not on this board yet (${of}): one sale through your links puts you on it.`;
    case "sales":
      return `You are not on this board yet (${of}): one sale through your links puts you on it.`;
    case "earnings":
      return `You are not on this board yet (${of}): one commission through your links puts you on it.`;
    case "clicks":
      return `You are not on this board yet (${of}): one click on your links puts you on it.`;
  }
}
