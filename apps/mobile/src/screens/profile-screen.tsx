import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { StyleSheet, Switch, Text, TextInput, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import { ZUpdatePromoterProfileInput } from "@fanfare/validators";

import { ErrorState, LoadingState, Notice } from "~/components/states";
import { colors, radius, space, text } from "~/components/theme";
import { Badge, Body, Button, Card, Heading, Muted, Row, Screen } from "~/components/ui";
import { describeError } from "~/lib/errors";
import { useSession } from "~/lib/session";
import { useTRPC } from "~/lib/trpc";
import { useOpenOnboarding } from "~/lib/use-open-onboarding";

import { NotificationsEntry } from "./notifications-screen";

type Me = RouterOutputs["promoter"]["me"];
type ConnectStatus = RouterOutputs["promoter"]["connectStatus"];

/** Who you are, how you appear on leaderboards, notifications, payout account setup, sign out. */
export function ProfileScreen() {
  const trpc = useTRPC();
  const session = useSession();
  const me = useQuery(trpc.promoter.me.queryOptions());
  const [signingOut, setSigningOut] = useState(false);

  return (
    <Screen
      testID="profile-screen"
      refreshing={me.isRefetching}
      onRefresh={() => void me.refetch()}
    >
      {me.isPending ? (
        <LoadingState label="Loading your profile…" />
      ) : me.isError ? (
        <ErrorState
          title="Could not load your profile."
          error={me.error}
          onRetry={() => void me.refetch()}
        />
      ) : (
        <>
          <Card>
            <Heading>{me.data.name ?? me.data.email}</Heading>
            <Muted selectable>{me.data.email}</Muted>
          </Card>
          {/* Keyed so the form starts over from the saved values after a refresh. */}
          <LeaderboardProfileForm
            key={`${me.data.promoter.displayName}:${me.data.promoter.showOnLeaderboard}`}
            me={me.data}
          />
        </>
      )}
      <NotificationsEntry />
      <ConnectCard />
      <Button
        variant="danger"
        label="Sign out"
        busy={signingOut}
        onPress={() => {
          setSigningOut(true);
          void session.signOut();
        }}
      />
    </Screen>
  );
}

function LeaderboardProfileForm({ me }: { me: Me }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState(me.promoter.displayName ?? me.name ?? "");
  const [showOnLeaderboard, setShowOnLeaderboard] = useState(me.promoter.showOnLeaderboard);
  const [invalid, setInvalid] = useState<string | null>(null);
  const update = useMutation(
    trpc.promoter.updateProfile.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.promoter.me.queryFilter());
        void queryClient.invalidateQueries(trpc.leaderboard.pathFilter());
      },
    }),
  );

  const save = () => {
    // Same schema as the server: the message shows before a round trip.
    const parsed = ZUpdatePromoterProfileInput.safeParse({ displayName, showOnLeaderboard });
    if (!parsed.success) return setInvalid(parsed.error.issues.map((i) => i.message).join(" "));
    setInvalid(null);
    update.mutate(parsed.data);
  };

  return (
    <Card>
      <Heading>Leaderboards</Heading>
      <Text style={styles.label}>Display name</Text>
      <TextInput
        value={displayName}
        onChangeText={setDisplayName}
        aria-label="Display name"
        maxLength={60}
        style={styles.input}
        placeholderTextColor={colors.muted}
      />
      <Row style={styles.switchRow}>
        <Text style={[styles.label, styles.switchLabel]}>Show my name on leaderboards</Text>
        <Switch
          value={showOnLeaderboard}
          onValueChange={setShowOnLeaderboard}
          aria-label="Show my name on leaderboards"
          trackColor={{ true: colors.accent }}
        />
      </Row>
      <Muted>When off, leaderboards show your initials only.</Muted>
      <Button label="Save" busy={update.isPending} onPress={save} />
      {invalid ? <Notice tone="error">{invalid}</Notice> : null}
      {update.isError ? <Notice tone="error">{describeError(update.error)}</Notice> : null}
      {update.isSuccess ? <Notice tone="success">Saved.</Notice> : null}
    </Card>
  );
}

const connectCopy = (
  s: ConnectStatus,
): { badge: string; tone: "neutral" | "warning" | "success"; text: string; action: string } => {
  switch (s.status) {
    case "not_started":
      return {
        badge: "Not set up",
        tone: "neutral",
        text: "Connect a bank account through Stripe to receive payouts.",
        action: "Set up payouts",
      };
    case "pending":
      return {
        badge: s.payoutsEnabled ? "Pending" : "Action needed",
        tone: "warning",
        text: s.payoutsEnabled
          ? "Stripe is reviewing your details."
          : "Stripe needs a few more details before you can be paid.",
        action: "Continue setup",
      };
    case "enabled":
      return {
        badge: "Enabled",
        tone: "success",
        text: "Payouts go to your connected account.",
        action: "Manage payout account",
      };
  }
};

function ConnectCard() {
  const promoter = useTRPC().promoter;
  const openOnboarding = useOpenOnboarding();
  const connect = useQuery(promoter.connectStatus.queryOptions());
  if (connect.isPending) return <LoadingState label="Checking your payout account…" />;
  if (connect.isError)
    return (
      <ErrorState
        title="Could not load your payout account status."
        error={connect.error}
        onRetry={() => void connect.refetch()}
      />
    );
  const copy = connectCopy(connect.data);
  return (
    <Card testID="connect-status">
      <Row style={styles.spread}>
        <Heading>Payout account</Heading>
        <Badge label={copy.badge} tone={copy.tone} />
      </Row>
      <Body>{copy.text}</Body>
      {connect.data.requirementsDue.length > 0 ? (
        <View style={styles.list}>
          <Muted>Stripe still needs:</Muted>
          {connect.data.requirementsDue.map((r) => (
            <Muted key={r}>• {r.replaceAll("_", " ").replaceAll(".", ": ")}</Muted>
          ))}
        </View>
      ) : null}
      <Button
        variant={connect.data.status === "enabled" ? "secondary" : "primary"}
        label={copy.action}
        onPress={() => void openOnboarding(connect.data.onboardingUrl)}
      />
    </Card>
  );
}

const styles = StyleSheet.create({
  label: { ...text.base, fontWeight: "500", color: colors.text },
  input: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radius.sm,
    paddingHorizontal: space.md,
    paddingVertical: space.sm,
    ...text.base,
    color: colors.text,
  },
  switchRow: { justifyContent: "space-between", flexWrap: "nowrap" },
  switchLabel: { flexShrink: 1 },
  spread: { justifyContent: "space-between" },
  list: { gap: 2 },
});
