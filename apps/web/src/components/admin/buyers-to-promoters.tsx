import { Card } from "@fanfare/ui";
import type { ProgramOverview } from "@fanfare/validators";

const count = new Intl.NumberFormat("en-US");
/** Basis points as a percentage with two decimals: 3333 -> "33.33%"; null -> "—". */
const percent = (bps: number | null) => (bps == null ? "—" : `${(bps / 100).toFixed(2)}%`);

/**
 * "Buyers who became promoters" (issue 14 §7, share & earn) for the overview's period against
 * the previous one: the share of the period's distinct buyers whose promoter profile joined
 * through a receipt in the period, with both counts (`admin.overview`'s `buyersToPromoters`).
 */
export function BuyersToPromoters({ overview }: { overview: ProgramOverview }) {
  const { current, previous } = overview.buyersToPromoters;
  return (
    <section aria-labelledby="buyers-promoters-h" className="space-y-3">
      <h3 id="buyers-promoters-h" className="text-base font-semibold">
        Buyers who became promoters
      </h3>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Card className="min-w-0 p-4" data-testid="buyers-to-promoters">
          <dt className="text-sm text-zinc-500">Share of buyers</dt>
          <dd className="mt-1 text-lg font-semibold text-ink tabular-nums sm:text-2xl">
            {percent(current.shareBps)}
          </dd>
          <dd className="mt-1 text-xs text-zinc-500">
            {count.format(current.promoters)} of {count.format(current.buyers)} buyers joined
            through share &amp; earn on their receipt
          </dd>
          <dd className="mt-1 text-xs text-zinc-500">
            vs {percent(previous.shareBps)} ({count.format(previous.promoters)} of{" "}
            {count.format(previous.buyers)}) in the previous {overview.previousPeriod.days} days
          </dd>
        </Card>
      </dl>
    </section>
  );
}
