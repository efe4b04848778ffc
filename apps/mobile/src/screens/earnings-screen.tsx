import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "expo-router";

import { formatCents } from "@fanfare/validators";

import { BadgesCard } from "~/components/badges-card";
import { EarningsChart } from "~/components/earnings-chart";
import { LiveEarnings } from "~/components/live-earnings";
import { EmptyState, ErrorState, LoadingState, Notice } from "~/components/states";
import { TierCard } from "~/components/tier-card";
import { Card, Grid, Heading, Muted, Screen, Stat } from "~/components/ui";
import { NEGATIVE_BALANCE_HINT } from "~/lib/copy";
import { plural } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";

/** What a promoter who is not ACTIVE reads first (the web dashboard says the same). */
const STANDING: Record<"PENDING" | "SUSPENDED" | "TERMINATED", string> = {
  // The application form is on the website (issue 11 §2); the app says where to find it.
  PENDING:
    "Your promoter account is awaiting approval: apply on the Fanfare website (Dashboard, then Promoter) by telling us why and where you will promote. You can get links once you are approved.",
  SUSPENDED:
    "Your promoter account is suspended: your links count no clicks and earn no commission, pending commissions are held and payouts are paused.",
  TERMINATED: "Your promoter account is closed: your links no longer earn and payouts are stopped.",
};

/**
 * Balances by stage (on hold, payable, in transit, paid), the promoter's tier and badges, recent
 * totals (live: counting up as commissions arrive) and 30 days of earnings.
 */
export function EarningsScreen() {
  const promoter = useTRPC().promoter;
  const router = useRouter();
  const queryClient = useQueryClient();
  const earnings = useQuery(promoter.earnings.queryOptions());
  // The promoter's standing (issue 11 §2): a suspended or closed account says why, up front.
  const me = useQuery(promoter.me.queryOptions());
  const standing = me.data?.promoter;

  if (earnings.isPending) return <LoadingState label="Loading your earnings…" />;
  if (earnings.isError) {
    return (
      <Screen refreshing={earnings.isRefetching} onRefresh={() => void earnings.refetch()}>
        <ErrorState
          title="Could not load your earnings."
          error={earnings.error}
          onRetry={() => void earnings.refetch()}
        />
      </Screen>
    );
  }

  const e = earnings.data;
  const money = (c: number) => formatCents(c, e.currency);
  const refresh = () => {
    void earnings.refetch();
    void queryClient.refetchQueries(promoter.progress.queryFilter());
  };
  const nothingYet =
    e.pendingCents + e.payableCents + e.inTransitCents + e.paidCents === 0 &&
    e.series.every((p) => p.cents === 0);

  return (
    <Screen testID="earnings-screen" refreshing={earnings.isRefetching} onRefresh={refresh}>
      {standing?.status === "PENDING" && standing.appliedAt ? (
        <Notice tone="info" testID="promoter-standing">
          {
            "Application received — we'll email you when the Fanfare team decides. You can get links once you are approved."
          }
        </Notice>
      ) : standing && standing.status !== "ACTIVE" ? (
        <Notice tone="error" testID="promoter-standing">
          {STANDING[standing.status]}
          {standing.statusReason ? ` Reason given: ${standing.statusReason}` : ""}
        </Notice>
      ) : null}
      {nothingYet ? (
        <EmptyState
          title="No earnings yet"
          body="Get a link for a track you love and share it: you earn a commission on every sale it brings."
          action={{ label: "Find a track to promote", onPress: () => router.navigate("/links") }}
        />
      ) : null}
      <Heading>Balance</Heading>
      <Grid>
        <Stat
          testID="balance-pending"
          label="Pending (on hold)"
          value={money(e.pendingCents)}
          hint={
            e.holdDays > 0
              ? `Held ${plural(e.holdDays, "day")} after each sale in case of refunds`
              : "No holding period: payable at once"
          }
        />
        <Stat
          testID="balance-payable"
          label="Payable"
          value={money(e.payableCents)}
          hint={
            e.payableCents < 0
              ? NEGATIVE_BALANCE_HINT
              : `Payouts from ${money(e.minimumPayoutCents)}`
          }
        />
        <Stat
          testID="balance-in-transit"
          label="In transit"
          value={money(e.inTransitCents)}
          hint="On its way to your bank"
        />
        <Stat testID="balance-paid" label="Paid out" value={money(e.paidCents)} />
      </Grid>
      <TierCard />
      <BadgesCard />
      {/* Today / 7 / 30 days, pushed from the server as commissions arrive (issue 13 §6). */}
      <LiveEarnings />
      <Card>
        <Heading>Last 30 days</Heading>
        <EarningsChart series={e.series} currency={e.currency} />
        <Muted>Days are UTC. Pull down to refresh.</Muted>
      </Card>
    </Screen>
  );
}
