import { formatCents } from "@fanfare/validators";

const W = 600;
const H = 140;
const PAD = 4;

/**
 * Daily net earnings as an inline SVG bar chart (no chart library): bars above the zero line for
 * earnings, below it in red for days where refunds outweighed sales. Amounts in cents.
 */
export function EarningsChart({
  series,
  currency,
}: {
  series: { date: string; cents: number }[];
  currency: string;
}) {
  const total = series.reduce((t, d) => t + d.cents, 0);
  const max = Math.max(0, ...series.map((d) => d.cents));
  const min = Math.min(0, ...series.map((d) => d.cents));
  const range = max - min || 1;
  const zeroY = PAD + ((H - 2 * PAD) * max) / range;
  const slot = W / Math.max(series.length, 1);
  const best = series.reduce<{ date: string; cents: number } | null>(
    (b, d) => (d.cents > (b?.cents ?? 0) ? d : b),
    null,
  );
  const label = `Daily earnings over the last ${series.length} days: ${formatCents(total, currency)} in total${best ? `, best day ${best.date} with ${formatCents(best.cents, currency)}` : ""}.`;
  return (
    <figure className="space-y-2">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-36 w-full"
        role="img"
        aria-label={label}
        preserveAspectRatio="none"
        data-testid="earnings-chart"
      >
        <line
          x1={0}
          x2={W}
          y1={zeroY}
          y2={zeroY}
          className="stroke-zinc-300"
          strokeWidth={1}
          vectorEffect="non-scaling-stroke"
        />
        {series.map((d, i) => {
          const h = (Math.abs(d.cents) / range) * (H - 2 * PAD);
          const y = d.cents >= 0 ? zeroY - h : zeroY;
          return (
            <rect
              key={d.date}
              x={i * slot + slot * 0.15}
              width={slot * 0.7}
              y={y}
              height={Math.max(h, d.cents === 0 ? 0 : 1)}
              rx={2}
              className={d.cents < 0 ? "fill-red-500" : "fill-brand-500"}
            >
              <title>{`${d.date}: ${formatCents(d.cents, currency)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="flex justify-between text-xs text-zinc-500">
        <span>{series[0]?.date}</span>
        <span>Net of refunds, per UTC day</span>
        <span>{series.at(-1)?.date}</span>
      </figcaption>
    </figure>
  );
}
