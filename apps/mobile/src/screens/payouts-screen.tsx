import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { StyleSheet, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import { formatCents } from "@fanfare/validators";

import { EmptyState, ErrorState, LoadingState, Notice } from "~/components/states";
import { space, text } from "~/components/theme";
import { Badge, Body, Button, Card, Heading, Muted, Row, Screen } from "~/components/ui";
import { NEGATIVE_BALANCE_HINT } from "~/lib/copy";
import { describeError } from "~/lib/errors";
import { formatDate } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";
import { useOpenOnboarding } from "~/lib/use-open-onboarding";

type Payout = RouterOutputs["promoter"]["payouts"]["items"][number];
type PayoutStatus = Payout["status"];
type Eligibility = RouterOutputs["promoter"]["payoutEligibility"];

const PAGE_SIZE = 20;

/** Request a payout of the payable balance (when allowed) and the history of payouts. */
export function PayoutsScreen() {
  const promoter = useTRPC().promoter;
  const eligibility = useQuery(promoter.payoutEligibility.queryOptions());
  const history = useInfiniteQuery(
    promoter.payouts.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const refreshing =
    eligibility.isRefetching || (history.isRefetching && !history.isFetchingNextPage);
  const refresh = () => {
    void eligibility.refetch();
    void history.refetch();
  };

  return (
    <Screen testID="payouts-screen" refreshing={refreshing} onRefresh={refresh}>
      {eligibility.isPending ? (
        <LoadingState label="Checking your balance…" />
      ) : eligibility.isError ? (
        <ErrorState
          title="Could not check whether you can request a payout."
          error={eligibility.error}
          onRetry={() => void eligibility.refetch()}
        />
      ) : (
        <RequestPayoutCard {...eligibility.data} />
      )}

      <Heading>History</Heading>
      {history.isPending ? (
        <LoadingState label="Loading your payouts…" />
      ) : !history.data ? (
        <ErrorState
          title="Could not load your payouts."
          error={history.error}
          onRetry={() => void history.refetch()}
        />
      ) : history.data.pages[0]?.items.length ? (
        <>
          {history.data.pages
            .flatMap((page) => page.items)
            .map((payout) => (
              <PayoutRow key={payout.id} payout={payout} />
            ))}
          {history.hasNextPage ? (
            <Button
              variant="secondary"
              label="Show older payouts"
              busy={history.isFetchingNextPage}
              onPress={() => void history.fetchNextPage()}
            />
          ) : null}
          {history.isError ? <Notice tone="error">{describeError(history.error)}</Notice> : null}
        </>
      ) : (
        <EmptyState
          title="No payouts yet"
          body="When your payable balance reaches the minimum, request a payout here and it goes to your connected bank account."
        />
      )}
    </Screen>
  );
}

/** What happened to a payout just requested: the API sends it at once, so it may be done or failed. */
function payoutOutcome(p: Payout): { tone: "success" | "error"; text: string } {
  const amount = formatCents(p.amountCents);
  switch (p.status) {
    case "PAID":
      return { tone: "success", text: `Payout of ${amount} sent to your payout account.` };
    case "REQUESTED":
    case "PROCESSING":
      return {
        tone: "success",
        text: `Payout of ${amount} requested. It usually arrives within a few business days.`,
      };
    case "FAILED":
      return {
        tone: "error",
        text: `Payout of ${amount} failed: ${(p.failureReason ?? "no reason given").replace(/\.$/, "")}.`,
      };
  }
}

function RequestPayoutCard(props: Eligibility) {
  const promoter = useTRPC().promoter;
  const queryClient = useQueryClient();
  // Payouts go to a Stripe Connect account: offer its setup right here when it is not done.
  const connect = useQuery(promoter.connectStatus.queryOptions());
  const openOnboarding = useOpenOnboarding();
  const request = useMutation(
    promoter.requestPayout.mutationOptions({
      onSettled: () => {
        // The balance, the eligibility and the history all move with a payout.
        void queryClient.invalidateQueries(promoter.payoutEligibility.queryFilter());
        void queryClient.invalidateQueries(promoter.payouts.pathFilter());
        void queryClient.invalidateQueries(promoter.earnings.queryFilter());
      },
    }),
  );
  return (
    <Card testID="request-payout">
      <Muted>Payable now</Muted>
      <Body style={styles.amount}>{formatCents(props.payableCents)}</Body>
      <Muted>Minimum payout: {formatCents(props.minimumPayoutCents)}</Muted>
      {props.payableCents < 0 ? <Muted>{NEGATIVE_BALANCE_HINT}</Muted> : null}
      <Button
        label={
          props.payableCents > 0
            ? `Request payout of ${formatCents(props.payableCents)}`
            : "Request payout"
        }
        disabled={!props.canRequest}
        busy={request.isPending}
        onPress={() => request.mutate()}
      />
      {!props.canRequest && props.reason ? (
        <Notice tone="info" testID="payout-reason">
          {props.reason}
        </Notice>
      ) : null}
      {props.taxFormUrl ? (
        <Button
          variant="secondary"
          label="Submit your tax form"
          testID="tax-form"
          onPress={() => void openOnboarding(props.taxFormUrl!)}
        />
      ) : null}
      {connect.data && connect.data.status !== "enabled" ? (
        <Button
          variant="secondary"
          label={connect.data.status === "not_started" ? "Set up payouts" : "Continue payout setup"}
          onPress={() => void openOnboarding(connect.data.onboardingUrl)}
        />
      ) : null}
      {request.isError ? <Notice tone="error">{describeError(request.error)}</Notice> : null}
      {request.isSuccess ? (
        <Notice tone={payoutOutcome(request.data).tone}>{payoutOutcome(request.data).text}</Notice>
      ) : null}
    </Card>
  );
}

const statusLabel = (
  status: PayoutStatus,
): { label: string; tone: "neutral" | "accent" | "success" | "danger" } => {
  switch (status) {
    case "REQUESTED":
      return { label: "Requested", tone: "neutral" };
    case "PROCESSING":
      return { label: "In transit", tone: "accent" };
    case "PAID":
      return { label: "Paid", tone: "success" };
    case "FAILED":
      return { label: "Failed", tone: "danger" };
  }
};

function PayoutRow({ payout }: { payout: Payout }) {
  const status = statusLabel(payout.status);
  return (
    <Card testID={`payout-${payout.id}`}>
      <Row style={styles.spread}>
        <Body style={styles.rowAmount}>{formatCents(payout.amountCents)}</Body>
        <Badge label={status.label} tone={status.tone} />
      </Row>
      <View style={styles.dates}>
        <Muted>Requested {formatDate(payout.requestedAt)}</Muted>
        {payout.paidAt ? <Muted>Paid {formatDate(payout.paidAt)}</Muted> : null}
      </View>
      {payout.status === "FAILED" && payout.failureReason ? (
        <Notice tone="error">{payout.failureReason}</Notice>
      ) : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  amount: { ...text["3xl"], fontWeight: "700" },
  rowAmount: { ...text.lg, fontWeight: "600" },
  spread: { justifyContent: "space-between" },
  dates: { gap: 2, marginTop: space.xs },
});
