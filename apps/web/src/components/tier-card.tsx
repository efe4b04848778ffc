"use client";

import { useQuery } from "@tanstack/react-query";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Card } from "@fanfare/ui";
import { describeTierMissing, describeTierRule } from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { useTRPC } from "~/trpc/react";

type Progress = RouterOutputs["promoter"]["progress"];
type Perk = NonNullable<Progress["tier"]>["perks"][number];

/** One perk: its icon, title and description, the title a link when it has one. */
function PerkItem({ perk, locked }: { perk: Perk; locked?: boolean }) {
  return (
    <li className={locked ? "flex gap-2 text-zinc-500" : "flex gap-2"}>
      <span aria-hidden className={locked ? "grayscale" : undefined}>
        {perk.icon}
      </span>
      <span>
        {perk.link && !locked ? (
          <a href={perk.link} className="font-medium underline" rel="noreferrer" target="_blank">
            {perk.title}
          </a>
        ) : (
          <span className="font-medium">{perk.title}</span>
        )}
        {locked ? <span className="sr-only"> (locked)</span> : null}
        {perk.description ? <span className="block text-xs">{perk.description}</span> : null}
      </span>
    </li>
  );
}

/**
 * The promoter's tier card (issue 13 §1): the tier they qualify for now and its bonus, a bar to
 * the next tier with what is missing ("3 more sales to Gold"), the perks unlocked, and the next
 * tier's perks greyed. Hidden when the program has no tiers.
 */
export function TierCard() {
  const trpc = useTRPC();
  const progress = useQuery(trpc.promoter.progress.queryOptions());
  if (progress.error) return <Alert>{progress.error.message}</Alert>;
  const p = progress.data;
  if (!p || p.tiers.length === 0) return null;
  const { tier, next } = p;
  const percent = next
    ? Math.min(100, Math.floor((next.value / Math.max(1, next.threshold)) * 100))
    : 100;
  const valueText = (metric: "SALES" | "COMMISSION", v: number) =>
    metric === "SALES" ? `${v} sale${v === 1 ? "" : "s"}` : formatCents(v);
  return (
    <Card className="space-y-3">
      <section aria-labelledby="tier-h" className="space-y-3" data-testid="tier-card">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="tier-h" className="text-lg font-semibold">
            Your tier
          </h2>
          <Badge tone={tier ? "brand" : "zinc"}>{tier?.name ?? "No tier yet"}</Badge>
        </div>
        {tier ? (
          <p className="text-sm text-zinc-700">
            {tier.bonusBps > 0
              ? `+${formatBps(tier.bonusBps)} on every sale, paid by Fanfare on top of the artist's rate.`
              : "No bonus at this tier yet."}
            {tier.payoutMinimumCents !== null
              ? ` Payouts from ${formatCents(tier.payoutMinimumCents)}.`
              : ""}
          </p>
        ) : null}
        {next ? (
          <div className="space-y-1">
            <div className="flex justify-between text-sm">
              <span className="font-medium">{describeTierMissing(next)}</span>
              <span className="text-zinc-500">
                {valueText(next.metric, next.value)} of {describeTierRule(next)}
              </span>
            </div>
            <div
              role="progressbar"
              aria-label={`Progress to ${next.name}`}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
              aria-valuetext={describeTierMissing(next)}
              className="h-2 overflow-hidden rounded-full bg-zinc-100"
            >
              <div className="h-full rounded-full bg-brand-600" style={{ width: `${percent}%` }} />
            </div>
            {next.bonusBps > (tier?.bonusBps ?? 0) ? (
              <p className="text-xs text-zinc-500">
                {next.name} pays +{formatBps(next.bonusBps)} on every sale.
              </p>
            ) : null}
          </div>
        ) : tier ? (
          <p className="text-sm text-zinc-600">You hold the top tier.</p>
        ) : null}
        {tier && tier.perks.length > 0 ? (
          <div>
            <h3 className="text-sm font-medium">Perks unlocked</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {tier.perks.map((perk, i) => (
                <PerkItem key={i} perk={perk} />
              ))}
            </ul>
          </div>
        ) : null}
        {next && next.perks.length > 0 ? (
          <div>
            <h3 className="text-sm font-medium text-zinc-500">At {next.name}</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {next.perks.map((perk, i) => (
                <PerkItem key={i} perk={perk} locked />
              ))}
            </ul>
          </div>
        ) : null}
      </section>
    </Card>
  );
}
