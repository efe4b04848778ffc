import Link from "next/link";

import { Alert } from "@fanfare/ui/alert";
import { Button, Card, cn, Field, Input, pillVariants } from "@fanfare/ui";
import type { OverviewFigures, ProgramOverview } from "@fanfare/validators";
import { formatCents, OVERVIEW_PRESET_DAYS, PROMOTER_STATUSES } from "@fanfare/validators";

import { BuyersToPromoters } from "./buyers-to-promoters";
import { OverviewCharts } from "./overview-charts";
import { humanize, plural } from "~/lib/format";

const count = new Intl.NumberFormat("en-US");
/** Basis points as a percentage with two decimals: 3333 -> "33.33%". */
const percent = (bps: number | null) => (bps == null ? "—" : `${(bps / 100).toFixed(2)}%`);

type Metric = {
  key: keyof OverviewFigures;
  label: string;
  format: (f: OverviewFigures) => string;
  hint?: (f: OverviewFigures) => string;
};

/** The stat cards, in reading order: money first, then the funnel, then the promoters. */
const METRICS: Metric[] = [
  {
    key: "gmvCents",
    label: "GMV",
    format: (f) => formatCents(f.gmvCents),
    hint: () => "Net of refunds and disputes",
  },
  {
    key: "platformFeeCents",
    label: "Platform fee",
    format: (f) => formatCents(f.platformFeeCents),
  },
  {
    key: "commissionCents",
    label: "Commissions",
    format: (f) => formatCents(f.commissionCents),
    hint: () => "Earned by promoters, rejected ones excluded",
  },
  {
    key: "payoutsPaidCents",
    label: "Payouts paid",
    format: (f) => formatCents(f.payoutsPaidCents),
    hint: (f) => plural(f.payoutsPaid, "payout"),
  },
  {
    key: "sales",
    label: "Sales",
    format: (f) => count.format(f.sales),
    hint: (f) => `${count.format(f.attributedSales)} through promoters`,
  },
  { key: "clicks", label: "Counted clicks", format: (f) => count.format(f.clicks) },
  {
    key: "conversionBps",
    label: "Conversion",
    format: (f) => percent(f.conversionBps),
    hint: () => "Attributed sales per counted click",
  },
  {
    key: "activePromoters",
    label: "Active promoters",
    format: (f) => count.format(f.activePromoters),
    hint: () => "With a counted click or an attributed sale",
  },
  { key: "newPromoters", label: "New promoters", format: (f) => count.format(f.newPromoters) },
];

/**
 * How a figure moved against the previous period: a relative change for amounts and counts, a
 * change in percentage points for the conversion rate. `direction` drives the arrow and colour;
 * `text` says it in words (the arrow is not the only sign).
 */
export function changeOf(
  key: keyof OverviewFigures,
  now: number | null,
  before: number | null,
): { direction: "up" | "down" | "flat"; text: string } {
  if (key === "conversionBps") {
    if (now == null || before == null) return { direction: "flat", text: "no rate to compare" };
    const points = (now - before) / 100;
    if (points === 0) return { direction: "flat", text: "no change" };
    return {
      direction: points > 0 ? "up" : "down",
      text: `${points > 0 ? "+" : "−"}${Math.abs(points).toFixed(2)} points`,
    };
  }
  const a = now ?? 0;
  const b = before ?? 0;
  if (a === b) return { direction: "flat", text: "no change" };
  if (b === 0) return { direction: a > 0 ? "up" : "down", text: "none before" };
  const pct = ((a - b) / Math.abs(b)) * 100;
  return {
    direction: a > b ? "up" : "down",
    text: `${pct > 0 ? "+" : "−"}${Math.abs(pct).toFixed(1)}%`,
  };
}

const ARROW = { up: "▲", down: "▼", flat: "" } as const;
const TONE = { up: "text-green-700", down: "text-red-700", flat: "text-zinc-500" } as const;

function StatCard({ metric, overview }: { metric: Metric; overview: ProgramOverview }) {
  const { totals, previousTotals, previousPeriod } = overview;
  const change = changeOf(metric.key, totals[metric.key], previousTotals[metric.key]);
  return (
    <Card className="min-w-0 p-4">
      <dt className="text-sm text-zinc-500">{metric.label}</dt>
      <dd className="mt-1 text-lg font-semibold tracking-tight break-words text-ink tabular-nums sm:text-2xl">
        {metric.format(totals)}
      </dd>
      <dd className={cn("mt-1 text-xs", TONE[change.direction])}>
        {ARROW[change.direction] ? <span aria-hidden>{ARROW[change.direction]} </span> : null}
        {change.text}{" "}
        <span className="text-zinc-500">
          vs {metric.format(previousTotals)} in the previous {previousPeriod.days} days
        </span>
      </dd>
      {metric.hint ? <dd className="mt-1 text-xs text-zinc-500">{metric.hint(totals)}</dd> : null}
    </Card>
  );
}

/** The period picker: presets as links, a custom period as a plain GET form (works without JS). */
function PeriodPicker({
  preset,
  period,
  asked,
}: {
  preset: number | null;
  period: ProgramOverview["period"];
  asked: { from: string; to: string };
}) {
  return (
    <div className="flex flex-wrap items-end gap-x-6 gap-y-3">
      <nav aria-label="Period" className="flex flex-wrap gap-2">
        {OVERVIEW_PRESET_DAYS.map((d) => (
          <Link
            key={d}
            href={d === 30 ? "/admin/overview" : `/admin/overview?days=${d}`}
            aria-current={preset === d ? "page" : undefined}
            className={pillVariants({ selected: preset === d })}
          >
            Last {d} days
          </Link>
        ))}
      </nav>
      <form
        method="get"
        action="/admin/overview"
        aria-label="Custom period"
        className="flex flex-wrap items-end gap-2"
      >
        <div className="w-40">
          <Field id="overview-from" label="From">
            <Input
              id="overview-from"
              name="from"
              type="date"
              required
              defaultValue={asked.from || period.from}
            />
          </Field>
        </div>
        <div className="w-40">
          <Field id="overview-to" label="To (included)">
            <Input
              id="overview-to"
              name="to"
              type="date"
              required
              defaultValue={asked.to || period.to}
            />
          </Field>
        </div>
        <Button type="submit" variant="secondary">
          Show
        </Button>
      </form>
    </div>
  );
}

/** Where the program stands now, whatever the period, with the pages that act on it. */
function Standing({ standing }: { standing: ProgramOverview["standing"] }) {
  const held = standing.commissionsOnHold;
  return (
    <section aria-labelledby="standing-h" className="space-y-3">
      <h3 id="standing-h" className="text-base font-semibold">
        Standing now
      </h3>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Card className="min-w-0 p-4">
          <dt className="text-sm text-zinc-500">
            <Link href="/admin/promoters" className="text-brand-600 hover:underline">
              Promoters
            </Link>
          </dt>
          <dd className="mt-1">
            <ul className="space-y-0.5 text-sm tabular-nums">
              {PROMOTER_STATUSES.map((s) => (
                <li key={s} className="flex justify-between gap-2">
                  <span>{humanize(s)}</span>
                  <span className="font-medium">{count.format(standing.promotersByStatus[s])}</span>
                </li>
              ))}
            </ul>
          </dd>
        </Card>
        <Card className="min-w-0 p-4">
          <dt className="text-sm text-zinc-500">
            <Link href="/admin/fraud" className="text-brand-600 hover:underline">
              Commissions on hold
            </Link>
          </dt>
          <dd className="mt-1 text-lg font-semibold text-ink tabular-nums sm:text-2xl">
            {count.format(held.count)}
          </dd>
          <dd className="mt-1 text-xs text-zinc-500">
            {formatCents(held.cents)} · {count.format(held.count - held.forReview)} by a suspension
          </dd>
        </Card>
        <Card className="min-w-0 p-4">
          <dt className="text-sm text-zinc-500">Open fraud reviews</dt>
          <dd className="mt-1 text-lg font-semibold text-ink tabular-nums sm:text-2xl">
            {count.format(held.forReview)}
          </dd>
          <dd className="mt-1 text-xs text-zinc-500">Commissions held for review</dd>
        </Card>
        <Card className="min-w-0 p-4">
          <dt className="text-sm text-zinc-500">Open reports</dt>
          <dd className="mt-1 text-lg font-semibold text-ink tabular-nums sm:text-2xl">
            {count.format(standing.openReports)}
          </dd>
          <dd className="mt-1 text-xs text-zinc-500">Visitors&apos; reports of promoters</dd>
        </Card>
      </dl>
    </section>
  );
}

/**
 * The admin's program overview (issue 11 §6): the period picker, the period's totals against the
 * previous period of the same length, the per-day charts, and the standing now. Amounts are
 * formatted here only (the API sends integer cents).
 */
export function AdminOverview({
  overview,
  preset,
  problem,
  asked,
}: {
  overview: ProgramOverview;
  preset: number | null;
  problem: string | null;
  asked: { from: string; to: string };
}) {
  const { period, previousPeriod } = overview;
  return (
    <section aria-labelledby="overview-h" className="space-y-6">
      <div className="space-y-3">
        <div>
          <h2 id="overview-h" className="text-lg font-semibold">
            Overview
          </h2>
          <p className="text-sm text-zinc-600">
            {period.from} to {period.to} (UTC, {plural(period.days, "day")}), compared with{" "}
            {previousPeriod.from} to {previousPeriod.to}. Sales and their money count on the day the
            sale completed, net of refunds and disputes since.
          </p>
        </div>
        <PeriodPicker preset={preset} period={period} asked={asked} />
        {problem ? (
          <Alert tone="error" title="That period cannot be shown">
            {problem} Showing the last 30 days instead.
          </Alert>
        ) : null}
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
        {METRICS.map((m) => (
          <StatCard key={m.key} metric={m} overview={overview} />
        ))}
      </dl>
      <BuyersToPromoters overview={overview} />
      <OverviewCharts days={overview.days} totals={overview.totals} currency={overview.currency} />
      <Standing standing={overview.standing} />
    </section>
  );
}
