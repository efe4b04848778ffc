import { useState } from "react";
import { StyleSheet, Text, View } from "react-native";
import Svg, { Line, Rect } from "react-native-svg";

import { formatCents } from "@fanfare/validators";

import { formatDay } from "~/lib/format";

import { colors, space, text } from "./theme";

type Point = { date: string; cents: number };

const CHART_HEIGHT = 140;
const GAP = 2;

/**
 * Daily earnings as bars (react-native-svg), one per day of `series`, oldest on the left.
 * The labels are Text outside the drawing so they follow the person's font size; screen
 * readers get a one-sentence summary.
 */
export function EarningsChart(props: { series: Point[]; currency: string }) {
  const [width, setWidth] = useState(0);
  const max = props.series.reduce((m, p) => Math.max(m, p.cents), 0);
  const total = props.series.reduce((s, p) => s + p.cents, 0);
  const best = props.series.reduce<Point | null>(
    (b, p) => (p.cents > (b?.cents ?? 0) ? p : b),
    null,
  );
  const first = props.series[0];
  const last = props.series.at(-1);
  const n = Math.max(props.series.length, 1);
  const barWidth = width > 0 ? Math.max((width - GAP * (n - 1)) / n, 1) : 0;
  const summary =
    first && last
      ? `Earnings from ${formatDay(first.date)} to ${formatDay(last.date)}: ${formatCents(total, props.currency)} in total` +
        (best
          ? `, best day ${formatDay(best.date)} with ${formatCents(best.cents, props.currency)}.`
          : ", no earnings on any day.")
      : "No earnings data.";

  return (
    <View accessible role="img" aria-label={summary} testID="earnings-chart" style={styles.wrap}>
      <Text style={styles.axis}>
        {max > 0 ? `Best day ${formatCents(max, props.currency)}` : "No earnings in this period"}
      </Text>
      <View style={styles.plot} onLayout={(e) => setWidth(e.nativeEvent.layout.width)}>
        {width > 0 ? (
          <Svg width={width} height={CHART_HEIGHT}>
            <Line
              x1={0}
              x2={width}
              y1={CHART_HEIGHT - 0.5}
              y2={CHART_HEIGHT - 0.5}
              stroke={colors.border}
              strokeWidth={1}
            />
            {props.series.map((p, i) => {
              // Days with earnings keep at least 2 px so a small sale is still visible.
              const h =
                max > 0 && p.cents > 0 ? Math.max((p.cents / max) * (CHART_HEIGHT - 4), 2) : 0;
              return (
                <Rect
                  key={p.date}
                  x={i * (barWidth + GAP)}
                  y={CHART_HEIGHT - h}
                  width={barWidth}
                  height={h}
                  rx={Math.min(2, barWidth / 2)}
                  fill={colors.accent}
                />
              );
            })}
          </Svg>
        ) : null}
      </View>
      {first && last ? (
        <View style={styles.dates}>
          <Text style={styles.axis}>{formatDay(first.date)}</Text>
          <Text style={styles.axis}>{formatDay(last.date)}</Text>
        </View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  wrap: { gap: space.xs },
  // The drawing has a fixed height; it holds no text.
  plot: { height: CHART_HEIGHT, width: "100%" },
  dates: { flexDirection: "row", justifyContent: "space-between", flexWrap: "wrap" },
  axis: { ...text.xs, color: colors.muted },
});
