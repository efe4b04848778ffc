"use client";

import { useId } from "react";
import type { ReactNode } from "react";
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

import { Card } from "@fanfare/ui";
import type { OverviewDay, OverviewFigures } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators";

/** Series colours: the brand, ink and two more, each at least 4.5:1 on white. */
const COLOR = { brand: "#b030aa", ink: "#14151f", teal: "#0f766e", amber: "#b45309" };
const HEIGHT = 240;

const count = new Intl.NumberFormat("en-US");
const percent = (bps: number | null) => (bps == null ? "—" : `${(bps / 100).toFixed(2)}%`);
/** "$1.2K" on an axis (dollars from cents, compact). */
const compactMoney = (cents: number) =>
  new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: "USD",
    notation: "compact",
    maximumFractionDigits: 1,
  }).format(cents / 100);
/** "11-14" for an axis tick: the year is in the caption. */
const shortDay = (day: string) => day.slice(5);

type Column = { label: string; value: (d: OverviewDay) => string };

/**
 * One chart: a title, a sentence that sums it up (the figure's accessible description), the
 * chart itself (hidden from assistive technology: it adds nothing the table does not say), and
 * a visually hidden table of every day's values for screen readers.
 */
function ChartFigure({
  title,
  summary,
  days,
  columns,
  children,
}: {
  title: string;
  summary: string;
  days: OverviewDay[];
  columns: Column[];
  children: ReactNode;
}) {
  const id = useId();
  return (
    <Card className="min-w-0 p-4">
      <figure aria-labelledby={`${id}-t`} aria-describedby={`${id}-s`} className="space-y-2">
        <figcaption className="space-y-0.5">
          <h3 id={`${id}-t`} className="text-sm font-semibold text-ink">
            {title}
          </h3>
          <p id={`${id}-s`} className="text-xs text-zinc-500">
            {summary}
          </p>
        </figcaption>
        <div aria-hidden="true" className="w-full min-w-0" style={{ height: HEIGHT }}>
          <ResponsiveContainer width="100%" height="100%" minWidth={0}>
            {children}
          </ResponsiveContainer>
        </div>
        {/* sr-only on a wrapper: a table ignores the 1 px width, and would widen the page. */}
        <div className="sr-only">
          <table>
            <caption>{title}, per UTC day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                {columns.map((c) => (
                  <th key={c.label} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{d.day}</th>
                  {columns.map((c) => (
                    <td key={c.label}>{c.value(d)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </figure>
    </Card>
  );
}

/** The day with the highest value of `pick`, or null when every day is 0. */
function bestDay(days: OverviewDay[], pick: (d: OverviewDay) => number) {
  const best = days.reduce<OverviewDay | null>(
    (b, d) => (pick(d) > (b ? pick(b) : 0) ? d : b),
    null,
  );
  return best;
}

/** Shared axes and grid: day ticks that thin out on narrow screens, no animation. */
const xAxis = (
  <XAxis
    dataKey="day"
    tickFormatter={shortDay}
    minTickGap={16}
    tick={{ fontSize: 11 }}
    tickLine={false}
  />
);
const grid = <CartesianGrid vertical={false} stroke="#e4e4e7" />;
const legend = <Legend wrapperStyle={{ fontSize: 12 }} />;
const chartProps = { accessibilityLayer: false, margin: { top: 8, right: 4, bottom: 0, left: 0 } };

/**
 * The overview's per-day charts (recharts, client-only): GMV and commissions, clicks and
 * attributed sales with the conversion rate, payouts paid, active and new promoters. Amounts
 * arrive in integer cents and are formatted here.
 */
export function OverviewCharts({
  days,
  totals,
  currency,
}: {
  days: OverviewDay[];
  /** The period's totals, for the charts' summaries. */
  totals: OverviewFigures;
  currency: string;
}) {
  const money = (cents: number) => formatCents(cents, currency);
  const n = days.length;
  const gmvBest = bestDay(days, (d) => d.gmvCents);
  const payoutsBest = bestDay(days, (d) => d.payoutsPaidCents);
  const activeBest = bestDay(days, (d) => d.activePromoters);
  const moneyTooltip = (value: unknown) => (typeof value === "number" ? money(value) : "");

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartFigure
        title="GMV and commissions"
        summary={
          `GMV ${money(totals.gmvCents)}, platform fee ${money(totals.platformFeeCents)} and commissions ${money(totals.commissionCents)} over ${n} days` +
          (gmvBest ? `; highest GMV on ${gmvBest.day} (${money(gmvBest.gmvCents)}).` : ".")
        }
        days={days}
        columns={[
          { label: "GMV", value: (d) => money(d.gmvCents) },
          { label: "Platform fee", value: (d) => money(d.platformFeeCents) },
          { label: "Commissions", value: (d) => money(d.commissionCents) },
          { label: "Sales", value: (d) => count.format(d.sales) },
        ]}
      >
        <AreaChart data={days} {...chartProps}>
          {grid}
          {xAxis}
          <YAxis tickFormatter={compactMoney} width={52} tick={{ fontSize: 11 }} />
          <Tooltip formatter={moneyTooltip} />
          {legend}
          <Area
            type="monotone"
            dataKey="gmvCents"
            name="GMV"
            stroke={COLOR.brand}
            fill={COLOR.brand}
            fillOpacity={0.15}
            isAnimationActive={false}
          />
          <Area
            type="monotone"
            dataKey="commissionCents"
            name="Commissions"
            stroke={COLOR.teal}
            fill={COLOR.teal}
            fillOpacity={0.2}
            isAnimationActive={false}
          />
        </AreaChart>
      </ChartFigure>

      <ChartFigure
        title="Clicks, sales and conversion"
        summary={`${count.format(totals.clicks)} counted clicks and ${count.format(totals.attributedSales)} attributed sales over ${n} days: ${percent(totals.conversionBps)} conversion.`}
        days={days}
        columns={[
          { label: "Counted clicks", value: (d) => count.format(d.clicks) },
          { label: "Attributed sales", value: (d) => count.format(d.attributedSales) },
          { label: "Conversion", value: (d) => percent(d.conversionBps) },
        ]}
      >
        <ComposedChart data={days} {...chartProps}>
          {grid}
          {xAxis}
          <YAxis yAxisId="n" allowDecimals={false} width={40} tick={{ fontSize: 11 }} />
          <YAxis
            yAxisId="rate"
            orientation="right"
            tickFormatter={(bps: number) => `${Math.round(bps / 100)}%`}
            width={44}
            tick={{ fontSize: 11 }}
          />
          <Tooltip
            formatter={(value: unknown, name: unknown) =>
              name === "Conversion"
                ? percent(typeof value === "number" ? value : null)
                : count.format(Number(value))
            }
          />
          {legend}
          <Bar
            yAxisId="n"
            dataKey="attributedSales"
            name="Attributed sales"
            fill={COLOR.teal}
            isAnimationActive={false}
          />
          <Line
            yAxisId="n"
            type="monotone"
            dataKey="clicks"
            name="Counted clicks"
            stroke={COLOR.ink}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            yAxisId="rate"
            type="monotone"
            dataKey="conversionBps"
            name="Conversion"
            stroke={COLOR.brand}
            strokeDasharray="4 3"
            dot={false}
            connectNulls={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ChartFigure>

      <ChartFigure
        title="Payouts paid"
        summary={
          `${money(totals.payoutsPaidCents)} in ${count.format(totals.payoutsPaid)} payouts over ${n} days` +
          (payoutsBest
            ? `; most on ${payoutsBest.day} (${money(payoutsBest.payoutsPaidCents)}).`
            : ".")
        }
        days={days}
        columns={[
          { label: "Paid", value: (d) => money(d.payoutsPaidCents) },
          { label: "Payouts", value: (d) => count.format(d.payoutsPaid) },
        ]}
      >
        <BarChart data={days} {...chartProps}>
          {grid}
          {xAxis}
          <YAxis tickFormatter={compactMoney} width={52} tick={{ fontSize: 11 }} />
          <Tooltip formatter={moneyTooltip} />
          <Bar
            dataKey="payoutsPaidCents"
            name="Payouts paid"
            fill={COLOR.amber}
            isAnimationActive={false}
          />
        </BarChart>
      </ChartFigure>

      <ChartFigure
        title="Active and new promoters"
        summary={
          `${count.format(totals.activePromoters)} active and ${count.format(totals.newPromoters)} new promoters over ${n} days` +
          (activeBest
            ? `; most active on ${activeBest.day} (${count.format(activeBest.activePromoters)}).`
            : "; none active.")
        }
        days={days}
        columns={[
          { label: "Active promoters", value: (d) => count.format(d.activePromoters) },
          { label: "New promoters", value: (d) => count.format(d.newPromoters) },
        ]}
      >
        <LineChart data={days} {...chartProps}>
          {grid}
          {xAxis}
          <YAxis allowDecimals={false} width={40} tick={{ fontSize: 11 }} />
          <Tooltip formatter={(value: unknown) => count.format(Number(value))} />
          {legend}
          <Line
            type="monotone"
            dataKey="activePromoters"
            name="Active"
            stroke={COLOR.brand}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="stepAfter"
            dataKey="newPromoters"
            name="New"
            stroke={COLOR.teal}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ChartFigure>
    </div>
  );
}
