import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { StyleSheet, Text, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import type { LeaderboardMetric, LeaderboardPeriod } from "@fanfare/validators";
import {
  formatBps,
  formatCents,
  formatLeaderboardGap,
  formatLeaderboardValue,
} from "@fanfare/validators";

import { Segmented } from "~/components/segmented";
import { EmptyState, ErrorState, LoadingState } from "~/components/states";
import { colors, space, text } from "~/components/theme";
import { Badge, Card, Muted, Row, Screen } from "~/components/ui";
import { plural } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";

type LeaderboardRow = RouterOutputs["leaderboard"]["top"]["rows"][number];
type Position = RouterOutputs["leaderboard"]["me"];

// A label for every period and metric the API accepts (a new one is a type error until named).
const PERIOD_LABELS: Record<LeaderboardPeriod, string> = {
  today: "Today",
  week: "Week",
  month: "Month",
  lastMonth: "Last month",
  all: "All time",
};
const METRIC_LABELS: Record<LeaderboardMetric, string> = {
  sales: "Sales",
  earnings: "Earnings",
  conversion: "Conversion",
  clicks: "Clicks",
};
const EMPTY: Record<LeaderboardMetric, string> = {
  sales: "No sales in this period yet",
  earnings: "No commissions in this period yet",
  conversion: "Nobody has enough clicks to rank by conversion yet",
  clicks: "No clicks in this period yet",
};
const periods = (Object.keys(PERIOD_LABELS) as LeaderboardPeriod[]).map((value) => ({
  value,
  label: PERIOD_LABELS[value],
}));
const metrics = (Object.keys(METRIC_LABELS) as LeaderboardMetric[]).map((value) => ({
  value,
  label: METRIC_LABELS[value],
}));

/** Rows the screen lists (the board keeps 100). */
const ROWS = 50;

/**
 * Top promoters over a period (today, this week from Monday, this month, last month, all time;
 * UTC) by sales, earnings, conversion or clicks (`leaderboard.top`); your own position ("#N of
 * M" and what passes the promoter ahead, `leaderboard.me`) above the board, your own row
 * highlighted. Says so when the admin turned the leaderboard off.
 */
export function LeaderboardScreen() {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<LeaderboardPeriod>("week");
  const [metric, setMetric] = useState<LeaderboardMetric>("earnings");
  const board = useQuery(trpc.leaderboard.top.queryOptions({ period, metric, limit: ROWS }));
  // Only to recognise your own row; the board still shows if this fails.
  const me = useQuery(trpc.promoter.me.queryOptions());
  const position = useQuery(trpc.leaderboard.me.queryOptions({ period, metric }));
  const myId = me.data?.promoter.id;
  const refresh = () => {
    void board.refetch();
    void position.refetch();
  };

  if (board.data?.disabled)
    return (
      <Screen testID="leaderboard-screen" refreshing={board.isRefetching} onRefresh={refresh}>
        <EmptyState
          title="The leaderboard is off"
          body="The team has turned the public leaderboard off for now. Your sales and earnings are on the Earnings tab as always."
        />
      </Screen>
    );

  return (
    <Screen testID="leaderboard-screen" refreshing={board.isRefetching} onRefresh={refresh}>
      <Segmented label="Period" value={period} options={periods} onChange={setPeriod} />
      <Segmented label="Ranked by" value={metric} options={metrics} onChange={setMetric} />
      {position.data && !position.data.disabled ? (
        <MyPosition position={position.data} metric={metric} />
      ) : null}
      {metric === "conversion" && board.data ? (
        <Muted>
          Conversion is sales per click, among promoters with at least{" "}
          {plural(board.data.minClicks, "click")} and a sale in the period.
        </Muted>
      ) : null}
      {board.isPending ? (
        <LoadingState label="Loading the leaderboard…" />
      ) : board.isError ? (
        <ErrorState
          title="Could not load the leaderboard."
          error={board.error}
          onRetry={() => void board.refetch()}
        />
      ) : board.data.rows.length === 0 ? (
        <EmptyState
          title={EMPTY[metric]}
          body="Be the first: share a link and your sales put you on the board."
        />
      ) : (
        <>
          {board.data.rows.map((row) => (
            <LeaderboardEntry
              key={row.promoterId}
              row={row}
              metric={metric}
              isMe={row.promoterId === myId}
            />
          ))}
          <Muted>
            Promoters appear by display name only if they chose to in their profile; others by
            initials. Periods are in UTC; weeks start on Monday.
          </Muted>
        </>
      )}
    </Screen>
  );
}

/** "#N of M", your value, and how much more passes the promoter one place up. */
function MyPosition({ position: p, metric }: { position: Position; metric: LeaderboardMetric }) {
  return (
    <Card testID="leaderboard-position">
      {p.ranked && p.rank != null ? (
        <>
          <Text style={styles.label}>
            You are #{p.rank} of {p.total} · {formatLeaderboardValue(metric, p.value)}
          </Text>
          <Muted>
            {p.gap != null
              ? `${formatLeaderboardGap(metric, p.gap)} to pass #${p.rank - 1}.`
              : "You lead this board. Keep sharing to stay on top."}
          </Muted>
        </>
      ) : (
        <Muted>{notRanked(metric, p)}</Muted>
      )}
    </Card>
  );
}

/** What puts a promoter who is not on this board on it. */
function notRanked(metric: LeaderboardMetric, p: Position): string {
  switch (metric) {
    case "conversion":
      return p.clicksToQualify > 0
        ? `You are not on this board yet: ${plural(p.clicksToQualify, "more click")} in this period, and a sale, put you on it.`
        : "You are not on this board yet: one sale through your links puts you on it.";
    case "sales":
      return "You are not on this board yet: one sale through your links puts you on it.";
    case "earnings":
      return "You are not on this board yet: one commission through your links puts you on it.";
    case "clicks":
      return "You are not on this board yet: one click on your links puts you on it.";
  }
}

function LeaderboardEntry({
  row,
  metric,
  isMe,
}: {
  row: LeaderboardRow;
  metric: LeaderboardMetric;
  isMe: boolean;
}) {
  // The figures beside the one ranked.
  const others = [
    metric !== "sales" && plural(row.sales, "sale"),
    metric !== "earnings" && formatCents(row.earningsCents),
    metric !== "clicks" && plural(row.clicks, "click"),
    metric !== "conversion" && row.clicks > 0 && `${formatBps(row.conversionBps)} conv.`,
  ].filter(Boolean);
  return (
    <Card testID={isMe ? "leaderboard-me" : undefined} style={isMe ? styles.me : undefined}>
      <Row style={styles.row}>
        <Text style={styles.rank} aria-label={`Rank ${row.rank}`}>
          #{row.rank}
        </Text>
        <View style={styles.who}>
          <Row>
            <Text style={styles.label}>{row.label}</Text>
            {isMe ? <Badge tone="accent" label="You" /> : null}
          </Row>
          <Muted>{others.join(" · ")}</Muted>
        </View>
        <Text style={styles.amount}>{formatLeaderboardValue(metric, row.value)}</Text>
      </Row>
    </Card>
  );
}

const styles = StyleSheet.create({
  me: { borderColor: colors.accent, borderWidth: 2, backgroundColor: colors.accentSoft },
  row: { flexWrap: "nowrap", gap: space.md },
  rank: { ...text.lg, fontWeight: "700", color: colors.muted, minWidth: 36 },
  who: { flex: 1, gap: 2 },
  label: { ...text.base, fontWeight: "600", color: colors.text, flexShrink: 1 },
  amount: { ...text.base, fontWeight: "700", color: colors.text },
});
