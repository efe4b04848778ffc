"use client";

import { useEffect, useState } from "react";
import Link from "next/link";

import type { RouterOutputs } from "@fanfare/api";
import type { ContestMetric } from "@fanfare/validators";
import { formatContestValue } from "@fanfare/validators";

import { trpcQuery } from "~/lib/trpc-fetch";
import { useViewer } from "./viewer";

type Standing = RouterOutputs["contest"]["me"];

/** "You are #3 of 14 · 2 more sales to pass #2": the caller's own place in a contest. */
export function contestStandingText(metric: ContestMetric, s: Standing): string {
  if (s.closed)
    return !s.entered
      ? "You did not take part in this one."
      : s.winning
        ? `You won place ${s.place} of ${s.entrants} · ${formatContestValue(metric, s.value)}.`
        : `You finished #${s.place} of ${s.entrants} · ${formatContestValue(metric, s.value)}.`;
  if (!s.entered)
    return s.entrants > 0
      ? `You are not in it yet (${s.entrants} taking part): one ${metric === "clicks" ? "counted click" : "sale"} through your links enters you.`
      : "Nobody has entered yet: your first sale through a link takes the lead.";
  const where = `You are #${s.place} of ${s.entrants} · ${formatContestValue(metric, s.value)}`;
  if (s.toPass == null) return `${where}. You lead!`;
  const more =
    metric === "earnings"
      ? `${formatContestValue(metric, s.toPass)} more commission`
      : formatContestValue(metric, s.toPass).replace(/^(\d[\d,]*) /, "$1 more ");
  return `${where}. ${more} to pass #${s.place - 1}.`;
}

/**
 * The visitor's own place on a cached contest page (a client island: `contest.me` is protected,
 * so the cached HTML is the same for everyone). Signed out: an invitation to sign in.
 */
export function ContestPosition({
  contestId,
  metric,
}: {
  contestId: string;
  metric: ContestMetric;
}) {
  const viewer = useViewer();
  const signedIn = viewer.status === "done" && viewer.viewer != null;
  const [state, setState] = useState<Standing | "loading" | "error">("loading");
  useEffect(() => {
    if (!signedIn) return;
    let live = true;
    trpcQuery("contest", "me", { id: contestId })
      .then((s) => live && setState(s))
      .catch(() => live && setState("error"));
    return () => {
      live = false;
    };
  }, [signedIn, contestId]);
  const box = "rounded-xl bg-white p-4 ring-1 ring-zinc-200 text-sm text-zinc-700";
  if (viewer.status === "pending" || (signedIn && state === "loading"))
    return <div aria-hidden className={`${box} h-[3.25rem] animate-pulse`} />;
  if (!signedIn)
    return (
      <section aria-label="Your place" className={box}>
        <Link
          href={`/sign-in?next=/contests/${contestId}`}
          className="font-medium text-brand-600 underline underline-offset-2"
        >
          Sign in
        </Link>{" "}
        to see your place, or get a link to any track and join in.
      </section>
    );
  if (state === "error" || state === "loading")
    return (
      <section aria-label="Your place" className={box}>
        Your place could not be loaded. Reload to try again.
      </section>
    );
  return (
    <section aria-label="Your place" className={`${box} font-medium`} data-testid="contest-me">
      {contestStandingText(metric, state)}
    </section>
  );
}
