import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { AccessibilityInfo, StyleSheet, Text, View } from "react-native";

import { formatCents } from "@fanfare/validators";

import { useTRPC } from "~/lib/trpc";
import { useCountUp } from "~/lib/use-count-up";

import { colors, radius, space, text } from "./theme";
import { Card, Grid, Heading, Muted, Row } from "./ui";

/** How often the figures are polled while the live stream is down, ms (issue 13 §6). */
export const LIVE_FALLBACK_POLL_MS = 30_000;

/** The dot's diameter, px: it holds no text, so a fixed size cannot clip any. */
const DOT_SIZE = 8;

/** Where the stream stands, as the indicator says it. */
type LiveState = "live" | "connecting" | "polling";

const INDICATOR: Record<LiveState, { label: string; spoken: string }> = {
  live: { label: "Live", spoken: "Live: new commissions appear as they happen." },
  connecting: { label: "Connecting…", spoken: "Connecting to live updates." },
  polling: {
    label: "Updating every 30 s",
    spoken: "Live updates are unavailable: the figures update every 30 seconds.",
  },
};

/**
 * One figure: counts up to `cents` when it changes. Screen readers get the label and the final
 * amount, never the figures in between.
 */
function Figure(props: { label: string; cents: number; currency: string; testID: string }) {
  const shown = useCountUp(props.cents);
  return (
    <Card style={styles.figure}>
      <View
        accessible
        aria-label={`${props.label}: ${formatCents(props.cents, props.currency)}`}
        style={styles.figureText}
      >
        <Text style={styles.figureLabel}>{props.label}</Text>
        <Text testID={props.testID} style={styles.figureValue}>
          {formatCents(shown, props.currency)}
        </Text>
      </View>
    </Card>
  );
}

/**
 * The promoter's earnings today (UTC) and over the last 7 and 30 days on the Earnings tab,
 * pushed from the server (issue 13 §6), as in the web dashboard's header
 * (apps/web/src/components/live-earnings.tsx): `live.events` over SSE sends a snapshot, then each
 * commission with the new totals, which are written into the `promoter.earnings` query (so the
 * balances above update too) and counted up to; a new notification refreshes the notification
 * queries (the Profile tab's unread count). While the stream is down the same query is polled:
 * at once (a commission may have come meanwhile), then every 30 s; the indicator says which.
 * Renders nothing until `promoter.earnings` has loaded (the screen waits for it).
 */
export function LiveEarnings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [latest, setLatest] = useState<{ amountCents: number; trackTitle: string } | null>(null);

  const sub = useSubscription(
    trpc.live.events.subscriptionOptions(undefined, {
      onData: (m) => {
        switch (m.type) {
          case "snapshot":
          case "commission": {
            const live = m.earnings;
            // null: the caller is not a promoter (yet); nothing of theirs to show.
            if (!live) return;
            const key = trpc.promoter.earnings.queryKey();
            queryClient.setQueryData(key, (old) =>
              old
                ? {
                    ...old,
                    todayCents: live.todayCents,
                    weekCents: live.weekCents,
                    monthCents: live.monthCents,
                    pendingCents: live.pendingCents,
                    payableCents: live.payableCents,
                  }
                : old,
            );
            if (m.type === "commission") {
              setLatest({ amountCents: m.amountCents, trackTitle: m.trackTitle });
              const currency = queryClient.getQueryData(key)?.currency;
              AccessibilityInfo.announceForAccessibility(
                `New commission: ${formatCents(m.amountCents, currency)} from a sale of ${m.trackTitle}.`,
              );
            }
            return;
          }
          case "sale":
            // An artist's sale: for the artist's screens, which the app does not have.
            return;
          case "notification":
            // A new notification (issue 13 §7): the Profile tab's unread count and the
            // notification centre ask again (only those on screen refetch).
            void queryClient.invalidateQueries(trpc.notification.pathFilter());
            return;
          default:
            return m satisfies never;
        }
      },
    }),
  );

  // A dropped stream reads "connecting" with the error while tRPC reconnects; "error" is final
  // (e.g. UNAUTHORIZED) and "idle" means the server ended it: poll in all three. (Both read on
  // every render: useSubscription re-renders only for the fields read.)
  const { status, error } = sub;
  const state: LiveState =
    status === "pending"
      ? "live"
      : status === "error" || status === "idle" || error
        ? "polling"
        : "connecting";
  const polling = state === "polling";

  const earnings = useQuery({
    ...trpc.promoter.earnings.queryOptions(),
    refetchInterval: polling ? LIVE_FALLBACK_POLL_MS : false,
  });
  useEffect(() => {
    if (polling) void queryClient.refetchQueries(trpc.promoter.earnings.queryFilter());
  }, [polling, queryClient, trpc]);

  const e = earnings.data;
  if (!e) return null;
  const indicator = INDICATOR[state];

  return (
    <View testID="live-earnings" style={styles.section}>
      <Row style={styles.spread}>
        <Heading>Recent</Heading>
        <View accessible aria-label={indicator.spoken} testID="live-status" style={styles.status}>
          <View
            aria-hidden
            style={[
              styles.dot,
              { backgroundColor: state === "live" ? colors.success : colors.muted },
            ]}
          />
          <Muted>{indicator.label}</Muted>
        </View>
      </Row>
      <Grid>
        <Figure label="Today" cents={e.todayCents} currency={e.currency} testID="live-today" />
        <Figure label="Last 7 days" cents={e.weekCents} currency={e.currency} testID="live-week" />
        <Figure
          label="Last 30 days"
          cents={e.monthCents}
          currency={e.currency}
          testID="live-month"
        />
      </Grid>
      {latest ? (
        <Muted testID="live-latest">
          {`Latest: +${formatCents(latest.amountCents, e.currency)} from a sale of “${latest.trackTitle}”.`}
        </Muted>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  section: { gap: space.md },
  spread: { justifyContent: "space-between" },
  status: { flexDirection: "row", alignItems: "center", gap: space.xs },
  dot: { width: DOT_SIZE, height: DOT_SIZE, borderRadius: radius.pill },
  // As the Stat cards of ui.tsx.
  figure: { flexGrow: 1, flexBasis: 150 },
  figureText: { gap: space.xs },
  figureLabel: { ...text.sm, color: colors.muted, fontWeight: "500" },
  figureValue: {
    ...text["2xl"],
    fontWeight: "700",
    color: colors.text,
    fontVariant: ["tabular-nums"],
  },
});
