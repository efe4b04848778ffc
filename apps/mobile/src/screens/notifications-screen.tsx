import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Href } from "expo-router";
import { useRouter } from "expo-router";
import { Pressable, StyleSheet, Text, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import type { NotificationType } from "@fanfare/validators";
import { timeAgo } from "@fanfare/validators";

import { EmptyState, ErrorState, LoadingState, Notice } from "~/components/states";
import { colors, radius, space, text } from "~/components/theme";
import { Badge, Button, Card, Heading, Muted, Row, Screen } from "~/components/ui";
import { describeError } from "~/lib/errors";
import { useTRPC } from "~/lib/trpc";

type Item = RouterOutputs["notification"]["list"]["items"][number];

const PAGE_SIZE = 20;

/**
 * Where a notification leads in the app (its `href` is a web path): the tab that shows what it
 * is about; an artist's sale has no screen here (artists work on the website).
 */
const DESTINATION: Record<NotificationType, Href | null> = {
  commission_earned: "/",
  payout_sent: "/payouts",
  tier_changed: "/",
  milestone_reached: "/",
  badge_earned: "/",
  contest_started: "/leaderboard",
  contest_result: "/leaderboard",
  sale_made: null,
  // Labels and artists handle contracts on the website (issue 16 §5).
  label_contract: null,
  // Subscribers manage catalog subscriptions on the website (issue 16 §3).
  subscription: null,
};

/**
 * The notification centre in the app (issue 13 §7), reached from the Profile tab: the caller's
 * notifications newest first (unread ones marked), older pages on demand, pull to refresh, and
 * "Mark all read". Tapping one marks it read and opens the tab it is about. "Notification
 * settings" opens the list of types to mute (NotificationSettingsScreen).
 */
export function NotificationsScreen() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const list = useInfiniteQuery(
    trpc.notification.list.infiniteQueryOptions(
      { limit: PAGE_SIZE },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const markRead = useMutation(
    trpc.notification.markRead.mutationOptions({
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.notification.list.pathFilter());
        void queryClient.invalidateQueries(trpc.notification.unreadCount.queryFilter());
      },
    }),
  );
  const unread = list.data?.pages[0]?.unreadCount ?? 0;
  const open = (n: Item) => {
    if (!n.readAt) markRead.mutate({ ids: [n.id] });
    const to = DESTINATION[n.type];
    if (to) router.navigate(to);
  };

  return (
    <Screen
      testID="notifications-screen"
      refreshing={list.isRefetching && !list.isFetchingNextPage}
      onRefresh={() => void list.refetch()}
    >
      {list.isPending ? (
        <LoadingState label="Loading your notifications…" />
      ) : !list.data ? (
        <ErrorState
          title="Could not load your notifications."
          error={list.error}
          onRetry={() => void list.refetch()}
        />
      ) : list.data.pages[0]?.items.length ? (
        <>
          <Row style={styles.spread}>
            <Text style={styles.count} testID="unread-count">
              {unread === 0 ? "All read" : `${unread} unread`}
            </Text>
            {unread > 0 ? (
              <Button
                variant="secondary"
                label="Mark all read"
                busy={markRead.isPending}
                onPress={() => markRead.mutate({ all: true })}
              />
            ) : null}
          </Row>
          {markRead.isError ? <Notice tone="error">{describeError(markRead.error)}</Notice> : null}
          <Card>
            {list.data.pages
              .flatMap((page) => page.items)
              .map((n) => (
                <NotificationRow key={n.id} item={n} onPress={() => open(n)} />
              ))}
          </Card>
          {list.hasNextPage ? (
            <Button
              variant="secondary"
              label="Show older notifications"
              busy={list.isFetchingNextPage}
              onPress={() => void list.fetchNextPage()}
            />
          ) : null}
        </>
      ) : (
        <EmptyState
          title="No notifications yet"
          body="Commissions, payouts, tier moves and badges show up here as they happen."
        />
      )}
      {list.isPending ? null : <SettingsButton />}
    </Screen>
  );
}

/** Opens the types to mute (NotificationSettingsScreen). */
function SettingsButton() {
  const router = useRouter();
  return (
    <Button
      variant="secondary"
      label="Notification settings"
      onPress={() => router.push("/notification-settings")}
    />
  );
}

function NotificationRow({ item, onPress }: { item: Item; onPress: () => void }) {
  const unread = !item.readAt;
  const when = timeAgo(item.createdAt);
  return (
    <Pressable
      role="button"
      testID={`notification-${item.id}`}
      aria-label={`${unread ? "Unread: " : ""}${item.title}. ${item.body ? `${item.body} ` : ""}${when}.`}
      onPress={onPress}
      style={({ pressed }) => [styles.row, pressed && styles.pressed]}
    >
      <View aria-hidden style={[styles.dot, unread && styles.dotUnread]} />
      <View style={styles.rowText}>
        <Text style={[styles.title, unread && styles.titleUnread]}>{item.title}</Text>
        {item.body ? <Text style={styles.body}>{item.body}</Text> : null}
        <Text style={styles.when}>{when}</Text>
      </View>
    </Pressable>
  );
}

/** The unread dot's diameter, px (no text inside). */
const DOT = 8;

const styles = StyleSheet.create({
  spread: { justifyContent: "space-between", alignItems: "center" },
  count: { ...text.sm, color: colors.muted },
  row: { flexDirection: "row", gap: space.sm, paddingVertical: space.sm },
  pressed: { opacity: 0.8 },
  dot: { width: DOT, height: DOT, borderRadius: radius.pill, marginTop: space.sm },
  dotUnread: { backgroundColor: colors.accent },
  rowText: { flexShrink: 1, gap: 2 },
  title: { ...text.sm, color: colors.text },
  titleUnread: { fontWeight: "600" },
  body: { ...text.sm, color: colors.muted },
  when: { ...text.xs, color: colors.muted },
});

/**
 * The Profile tab's way to the notification centre: the unread count and a button that opens
 * it, and one that opens the notification settings. Says nothing more when the count cannot be
 * loaded (the screen itself shows the error).
 */
export function NotificationsEntry() {
  const trpc = useTRPC();
  const router = useRouter();
  const unread = useQuery(trpc.notification.unreadCount.queryOptions());
  const count = unread.data?.count ?? 0;
  return (
    <Card testID="notifications-entry">
      <Row style={styles.spread}>
        <Heading>Notifications</Heading>
        {count > 0 ? <Badge label={`${count} unread`} tone="accent" /> : null}
      </Row>
      <Muted>Commissions, payouts, tier moves and badges. Choose which ones in the settings.</Muted>
      <Button
        variant="secondary"
        label="Open notifications"
        onPress={() => router.push("/notifications")}
      />
      <SettingsButton />
    </Card>
  );
}
