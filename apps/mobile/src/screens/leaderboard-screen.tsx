import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { StyleSheet, Text, View } from "react-native";

import type { RouterInputs, RouterOutputs } from "@fanfare/api";
import { formatCents } from "@fanfare/validators";

import { Segmented } from "~/components/segmented";
import { EmptyState, ErrorState, LoadingState } from "~/components/states";
import { colors, space } from "~/components/theme";
import { Badge, Card, Muted, Row, Screen } from "~/components/ui";
import { plural } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";

type Period = NonNullable<RouterInputs["leaderboard"]["topPromoters"]["period"]>;
type LeaderboardRow = RouterOutputs["leaderboard"]["topPromoters"][number];

const periods: { value: Period; label: string }[] = [
  { value: "week", label: "Week" },
  { value: "month", label: "Month" },
  { value: "all", label: "All time" },
];

/** Top promoters by commission earned over a period; your own row is highlighted. */
export function LeaderboardScreen() {
  const trpc = useTRPC();
  const [period, setPeriod] = useState<Period>("week");
  const board = useQuery(trpc.leaderboard.topPromoters.queryOptions({ period }));
  // Only to recognise your own row; the board still shows if this fails.
  const me = useQuery(trpc.promoter.me.queryOptions());
  const myId = me.data?.promoter.id;

  return (
    <Screen
      testID="leaderboard-screen"
      refreshing={board.isRefetching}
      onRefresh={() => void board.refetch()}
    >
      <Segmented label="Period" value={period} options={periods} onChange={setPeriod} />
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
          {myId && !board.data.some((r) => r.promoterId === myId) ? (
            <Muted>You are not in the top {board.data.length} for this period yet.</Muted>
          ) : null}
          <Muted>
            Promoters appear by display name only if they chose to in their profile; others by
            initials.
          </Muted>
        </>
      )}
    </Screen>
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
  rank: { fontSize: 18, fontWeight: "700", color: colors.muted, minWidth: 36 },
  who: { flex: 1, gap: 2 },
  label: { fontSize: 16, fontWeight: "600", color: colors.text, flexShrink: 1 },
  amount: { fontSize: 16, fontWeight: "700", color: colors.text },
});
