import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { StyleSheet, Text, View } from "react-native";

import type { RouterInputs, RouterOutputs } from "@fanfare/api";
import { formatCents } from "@fanfare/validators";

import { Segmented } from "~/components/segmented";
import { EmptyState, ErrorState, LoadingState } from "~/components/states";
import { colors, space, text } from "~/components/theme";
import { Badge, Card, Muted, Row, Screen } from "~/components/ui";
import { plural } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";

type Period = NonNullable<RouterInputs["leaderboard"]["topPromoters"]["period"]>;
type Metric = NonNullable<RouterInputs["leaderboard"]["topPromoters"]["metric"]>;
type LeaderboardRow = RouterOutputs["leaderboard"]["topPromoters"][number];
type Position = RouterOutputs["leaderboard"]["myPosition"];

// A label for every period and metric the API accepts (a new one is a type error until named).
const PERIOD_LABELS: Record<Period, string> = { week: "Week", month: "Month", all: "All time" };
const METRIC_LABELS: Record<Metric, string> = { earnings: "Earnings", sales: "Sales" };
const periods = (Object.keys(PERIOD_LABELS) as Period[]).map((value) => ({
  value,
  label: PERIOD_LABELS[value],
}));
const metrics = (Object.keys(METRIC_LABELS) as Metric[]).map((value) => ({
  value,
  label: METRIC_LABELS[value],
}));

/**
 * Top promoters by commission earned or by sales over a period; your own position (rank, and
 * what passes the promoter ahead) above the board, and your own row highlighted.
 */
export function LeaderboardScreen() {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<Period>("week");
  const [metric, setMetric] = useState<Metric>("earnings");
  const board = useQuery(trpc.leaderboard.topPromoters.queryOptions({ period, metric }));
  // Only to recognise your own row; the board still shows if this fails.
  const me = useQuery(trpc.promoter.me.queryOptions());
  const position = useQuery(trpc.leaderboard.myPosition.queryOptions({ period, metric }));
  const myId = me.data?.promoter.id;

  return (
    <Screen
      testID="leaderboard-screen"
      refreshing={board.isRefetching}
      onRefresh={() => void board.refetch()}
    >
      <Segmented label="Period" value={period} options={periods} onChange={setPeriod} />
      <Segmented label="Ranked by" value={metric} options={metrics} onChange={setMetric} />
      {position.data ? <MyPosition position={position.data} metric={metric} /> : null}
      {board.isPending ? (
        <LoadingState label="Loading the leaderboard…" />
      ) : board.isError ? (
        <ErrorState
          title="Could not load the leaderboard."
          error={board.error}
          onRetry={() => void board.refetch()}
        />
      ) : board.data.length === 0 ? (
        <EmptyState
          title="No sales in this period yet"
          body="Be the first: share a link and your sales put you on the board."
        />
      ) : (
        <>
          {board.data.map((row) => (
            <LeaderboardEntry key={row.promoterId} row={row} isMe={row.promoterId === myId} />
          ))}
          <Muted>
            Promoters appear by display name only if they chose to in their profile; others by
            initials.
          </Muted>
        </>
      )}
    </Screen>
  );
}

/** Your rank on the board shown, and how much more passes the promoter one place up. */
function MyPosition({ position: p, metric }: { position: Position; metric: Metric }) {
  const amount = (v: number) => (metric === "sales" ? plural(v, "sale") : formatCents(v));
  return (
    <Card testID="leaderboard-position">
      {p.ranked ? (
        <>
          <Text style={styles.label}>
            You are #{p.rank} of {p.promotersRanked} · {amount(p.value)}
          </Text>
          <Muted>
            {p.ahead
              ? `${amount(p.ahead.toPass)} more to pass #${p.ahead.rank}.`
              : "You lead this board. Keep sharing to stay on top."}
          </Muted>
        </>
      ) : (
        <Muted>
          You are not on this board yet: {metric === "sales" ? "one sale" : "one commission"}{" "}
          through your links puts you on it.
        </Muted>
      )}
    </Card>
  );
}

function LeaderboardEntry({ row, isMe }: { row: LeaderboardRow; isMe: boolean }) {
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
          <Muted>{plural(row.salesCount, "sale")}</Muted>
        </View>
        <Text style={styles.amount}>{formatCents(row.earningsCents)}</Text>
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
