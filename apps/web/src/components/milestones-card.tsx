"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Card } from "@fanfare/ui";
import { toast } from "@fanfare/ui/toast";
import { describeMilestoneRule, milestoneGapText } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { useTRPC } from "~/trpc/react";

type Milestone = RouterOutputs["promoter"]["progress"]["milestones"][number];

const percentOf = (part: number, whole: number) =>
  Math.min(100, Math.floor((part / Math.max(1, whole)) * 100));

/** One milestone: reached (paid, when) or a bar of released sales with the clearing part lighter. */
function MilestoneItem({ m }: { m: Milestone }) {
  const gap = milestoneGapText(m);
  const released = percentOf(m.released, m.threshold);
  const clearing = Math.min(100 - released, percentOf(m.clearing, m.threshold));
  return (
    <li className="space-y-1" data-testid={`milestone-${m.name}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <span className="font-medium">
          {m.name}{" "}
          <span className="font-normal text-zinc-500">
            · {formatCents(m.bonusCents)} at {describeMilestoneRule(m)}
          </span>
        </span>
        {m.awardedAt ? (
          <Badge tone="green">
            Reached · {formatCents(m.paidCents ?? m.bonusCents)} paid{" "}
            {m.awardedAt.toLocaleDateString("en-US", {
              month: "short",
              day: "numeric",
              timeZone: "UTC",
            })}
          </Badge>
        ) : (
          <span className="text-zinc-600">{gap}</span>
        )}
      </div>
      <div
        role="progressbar"
        aria-label={`Progress to ${m.name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={m.awardedAt ? 100 : released}
        aria-valuetext={m.awardedAt ? "Reached" : gap}
        className="flex h-2 overflow-hidden rounded-full bg-zinc-100"
      >
        <div
          className="h-full bg-brand-600"
          style={{ width: `${m.awardedAt ? 100 : released}%` }}
        />
        {!m.awardedAt && clearing > 0 ? (
          <div
            className="h-full bg-brand-500/40"
            style={{ width: `${clearing}%` }}
            title="Clearing: inside the holding period"
          />
        ) : null}
      </div>
    </li>
  );
}

/** How long after an award its toast may still show (a promoter who was away sees it once). */
const CELEBRATE_MS = 7 * 86_400_000;

/**
 * A toast for each milestone reached since this browser last showed it ("Milestone reached: Ten
 * sales, +$5.00 on your balance"), once per milestone (remembered in localStorage), and only for
 * awards of the last 7 days.
 */
function celebrateNewAwards(milestones: Milestone[]) {
  for (const m of milestones) {
    if (!m.awardedAt || Date.now() - m.awardedAt.getTime() > CELEBRATE_MS) continue;
    const key = `ff.milestone.celebrated.${m.id}`;
    try {
      if (localStorage.getItem(key)) continue;
      localStorage.setItem(key, "1");
    } catch {
      continue; // storage off: no toast rather than one on every load
    }
    toast.success(`Milestone reached: ${m.name}`, {
      description: `+${formatCents(m.paidCents ?? m.bonusCents)} on your payable balance`,
    });
  }
}

/**
 * The promoter's milestones (issue 13 §2): each one-time bonus with a progress bar of released
 * sales (past their holding period; the part still clearing shown lighter, "2 more clearing"),
 * reached ones with what was paid and when. Hidden when the program has no milestones.
 */
export function MilestonesCard() {
  const trpc = useTRPC();
  // Refetched every 30 s (and on focus), so a sale clearing moves the bar without a reload.
  const progress = useQuery(
    trpc.promoter.progress.queryOptions(undefined, { refetchInterval: 30_000 }),
  );
  const milestones = progress.data?.milestones;
  useEffect(() => celebrateNewAwards(milestones ?? []), [milestones]);
  if (progress.error) return <Alert>{progress.error.message}</Alert>;
  if (!milestones || milestones.length === 0) return null;
  return (
    <Card>
      <section aria-labelledby="milestones-h" className="space-y-3" data-testid="milestones-card">
        <div>
          <h2 id="milestones-h" className="text-lg font-semibold">
            Milestones
          </h2>
          <p className="text-sm text-zinc-600">
            One-time bonuses, paid to your balance once your sales clear the holding period. The
            lighter part of a bar is sales still clearing.
          </p>
        </div>
        <ul className="space-y-3">
          {milestones.map((m) => (
            <MilestoneItem key={m.id} m={m} />
          ))}
        </ul>
      </section>
    </Card>
  );
}
