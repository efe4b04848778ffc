import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { StyleSheet, Switch, Text, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";

import { ErrorState, LoadingState, Notice } from "~/components/states";
import { colors, space, text } from "~/components/theme";
import { Card, Heading, Muted, Row, Screen } from "~/components/ui";
import { describeError } from "~/lib/errors";
import { useTRPC } from "~/lib/trpc";

type Pref = RouterOutputs["notification"]["mutedTypes"][number];

/** Where a type's notices go, as its row says it (and a screen reader's hint). */
const reach = (p: Pref) => (p.email ? "In the app and by email" : "In the app only");

/**
 * Muting notification types in the app (issue 13 §7: "each type can be muted"), as Settings →
 * Notifications on the website (apps/web/src/components/notification-settings.tsx): one switch
 * per type (on = notified), saying whether the type also emails. Turning one off stops both its
 * notifications and its email from then on (`notification.setMuted`). Reached from the
 * notification centre and from the Profile tab. While one change is saved the switches wait, so
 * the answers (each the whole list) cannot arrive out of order.
 */
export function NotificationSettingsScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const prefs = useQuery(trpc.notification.mutedTypes.queryOptions());
  const [saved, setSaved] = useState<string | null>(null);
  const setMuted = useMutation(
    trpc.notification.setMuted.mutationOptions({
      onSuccess: (next, input) => {
        queryClient.setQueryData(trpc.notification.mutedTypes.queryKey(), next);
        const label = next.find((p) => p.type === input.type)?.label ?? input.type;
        setSaved(`${label}: ${input.muted ? "off" : "on"}.`);
      },
    }),
  );

  return (
    <Screen
      testID="notification-settings-screen"
      refreshing={prefs.isRefetching}
      onRefresh={() => void prefs.refetch()}
    >
      {prefs.isPending ? (
        <LoadingState label="Loading your notification settings…" />
      ) : prefs.isError ? (
        <ErrorState
          title="Could not load your notification settings."
          error={prefs.error}
          onRetry={() => void prefs.refetch()}
        />
      ) : (
        <>
          <Card>
            <Heading>What to tell you about</Heading>
            <Muted>Turning a type off also stops its email.</Muted>
            {prefs.data.map((p) => {
              // The change being saved shows at once; a failed one shows the saved value again.
              const saving = setMuted.isPending && setMuted.variables.type === p.type;
              const on = saving ? !setMuted.variables.muted : !p.muted;
              return (
                <Row key={p.type} style={styles.row}>
                  <View style={styles.rowText}>
                    <Text style={styles.label}>{p.label}</Text>
                    <Muted>{reach(p)}</Muted>
                  </View>
                  <Switch
                    testID={`notify-${p.type}`}
                    value={on}
                    disabled={setMuted.isPending}
                    aria-disabled={setMuted.isPending}
                    onValueChange={(next) => {
                      setSaved(null);
                      setMuted.mutate({ type: p.type, muted: !next });
                    }}
                    aria-label={p.label}
                    accessibilityHint={`${reach(p)}.`}
                    trackColor={{ true: colors.accent }}
                  />
                </Row>
              );
            })}
          </Card>
          {setMuted.isError ? (
            <Notice tone="error">{describeError(setMuted.error)}</Notice>
          ) : saved ? (
            <Notice tone="success" testID="notification-settings-saved">
              {saved}
            </Notice>
          ) : null}
        </>
      )}
    </Screen>
  );
}

const styles = StyleSheet.create({
  row: { justifyContent: "space-between", alignItems: "center", flexWrap: "nowrap" },
  rowText: { flexShrink: 1, gap: 2, paddingVertical: space.xs },
  label: { ...text.base, fontWeight: "500", color: colors.text },
});
