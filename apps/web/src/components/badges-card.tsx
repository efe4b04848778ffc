"use client";

import { useQuery } from "@tanstack/react-query";

import type { RouterOutputs } from "@fanfare/api";
import { Card } from "@fanfare/ui";
import { BADGE_LEVEL_LABELS, formatBadgeDate } from "@fanfare/validators";

import { useTRPC } from "~/trpc/react";

import { BadgeMedal } from "./badge-medal";

type Progress = RouterOutputs["promoter"]["progress"];
type Earned = Progress["badges"][number];
type Next = Progress["nextBadges"][number];

function EarnedItem({ badge }: { badge: Earned }) {
  return (
    <li className="flex items-start gap-3" data-testid={`badge-${badge.key}`}>
      <BadgeMedal icon={badge.icon} level={badge.level} />
      <div className="min-w-0 text-sm">
        <p className="font-medium">
          {badge.name}{" "}
          <span className="text-xs font-normal text-zinc-600">
            · {BADGE_LEVEL_LABELS[badge.level]}
          </span>
        </p>
        <p className="text-zinc-600">{badge.detail || badge.description}</p>
        <p className="text-xs text-zinc-500">
          Earned{" "}
          <time dateTime={badge.awardedAt.toISOString()}>{formatBadgeDate(badge.awardedAt)}</time>
        </p>
      </div>
    </li>
  );
}

function LockedItem({ badge }: { badge: Next }) {
  const percent =
    badge.value !== null && badge.target
      ? Math.min(100, Math.floor((badge.value * 100) / badge.target))
      : null;
  return (
    <li className="flex items-start gap-3" data-testid={`locked-${badge.key}`}>
      <BadgeMedal icon={badge.icon} level={badge.level} locked />
      <div className="min-w-0 flex-1 text-sm text-zinc-500">
        <p className="font-medium text-zinc-600">
          {badge.name}
          <span className="sr-only"> (locked)</span>{" "}
          <span className="text-xs font-normal">· {BADGE_LEVEL_LABELS[badge.level]}</span>
        </p>
        <p>{badge.description}</p>
        <p className="text-xs">{badge.hint}</p>
        {percent !== null ? (
          <div
            role="progressbar"
            aria-label={`Progress to ${badge.name}`}
            aria-valuemin={0}
            aria-valuemax={badge.target ?? 0}
            aria-valuenow={badge.value ?? 0}
            aria-valuetext={badge.hint}
            className="mt-1 h-1.5 max-w-48 overflow-hidden rounded-full bg-zinc-100"
          >
            <div className="h-full rounded-full bg-zinc-400" style={{ width: `${percent}%` }} />
          </div>
        ) : null}
      </div>
    </li>
  );
}

/**
 * The promoter's badges on the dashboard (issue 13 §3): the ones earned (icon in their level's
 * colour, name, what for, date; newest first) and the ones still locked, greyed, with what each
 * takes ("7 more sales to go") and a bar for the counted ones. From `promoter.progress`, the
 * query the tier card already makes.
 */
export function BadgesCard() {
  const trpc = useTRPC();
  const progress = useQuery(trpc.promoter.progress.queryOptions());
  // The tier card above shows the query's error; this card stays out of the way.
  const p = progress.data;
  if (!p) return null;
  return (
    <Card>
      <section aria-labelledby="badges-h" className="space-y-4" data-testid="badges-card">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="badges-h" className="text-lg font-semibold">
            Badges
          </h2>
          <p className="text-sm text-zinc-600">
            {p.badges.length} earned · {p.nextBadges.length} to go
          </p>
        </div>
        {p.badges.length > 0 ? (
          <ul className="grid gap-4 sm:grid-cols-2" aria-label="Badges earned">
            {p.badges.map((b) => (
              <EarnedItem key={`${b.key}:${b.instance}`} badge={b} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-600">
            No badges yet: share a link and your first click earns one.
          </p>
        )}
        {p.nextBadges.length > 0 ? (
          <div>
            <h3 className="text-sm font-medium text-zinc-600">Still to earn</h3>
            <ul className="mt-2 grid gap-4 sm:grid-cols-2" aria-label="Badges still to earn">
              {p.nextBadges.map((b) => (
                <LockedItem key={b.key} badge={b} />
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </Card>
  );
}
