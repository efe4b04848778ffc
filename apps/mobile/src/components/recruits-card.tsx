import { useQuery } from "@tanstack/react-query";
import { Share, StyleSheet, Text, View } from "react-native";

import { formatBps, formatCents } from "@fanfare/validators";

import { useTRPC } from "~/lib/trpc";
import { useCopyOrShare } from "~/lib/use-copy-or-share";

import { ErrorState, LoadingState, Notice } from "./states";
import { colors, space, text } from "./theme";
import { Body, Button, Card, Heading, Metric, Muted, Row } from "./ui";

const dateFmt = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" });

/**
 * "Your recruits" (issue 14 §6), as on the web dashboard: the recruit link (`/join?ref=<code>`)
 * with share and copy, the second tier's terms in force, how many joined and what the promoter
 * earned from them, and the newest recruits by public label (never an email).
 */
export function RecruitsCard() {
  const trpc = useTRPC();
  const recruits = useQuery(trpc.promoter.recruits.queryOptions());
  const { notice, copy, share } = useCopyOrShare("link");
  if (recruits.isPending) return <LoadingState label="Loading your recruits…" />;
  if (recruits.isError)
    return (
      <ErrorState
        title="Could not load your recruits."
        error={recruits.error}
        onRetry={() => void recruits.refetch()}
      />
    );
  const d = recruits.data;
  return (
    <Card testID="recruits">
      <Heading>Your recruits</Heading>
      <Muted>
        {d.shareBps > 0
          ? `For ${d.months} months after someone joins through your link, you earn ${formatBps(d.shareBps)} of every commission they make, paid by Fanfare.`
          : "Invite other fans to promote with your link. Second-tier earnings are paused right now."}
      </Muted>
      <Text selectable style={styles.url} testID="recruits-url">
        {d.url}
      </Text>
      <Row>
        <Button
          label="Share"
          aria-label="Share your recruit link"
          onPress={() =>
            void share(d.url, () =>
              Share.share({
                message: `Earn money sharing the music you love on Fanfare: ${d.url}`,
              }),
            )
          }
        />
        <Button
          variant="secondary"
          label="Copy"
          aria-label="Copy your recruit link"
          onPress={() => void copy(d.url)}
        />
      </Row>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <Row style={styles.stats}>
        <Metric label="Recruits" value={d.recruits.toLocaleString("en-US")} />
        <Metric label="Your second-tier earnings" value={formatCents(d.earnedCents)} />
      </Row>
      {d.items.length === 0 ? (
        <Muted>No recruits yet: everyone who signs up through your link appears here.</Muted>
      ) : (
        d.items.map((r) => (
          <View key={r.id} style={styles.recruit} testID="recruit-row">
            <Body style={styles.strong}>{r.label}</Body>
            <Muted>
              Joined {dateFmt.format(r.joinedAt)} · {r.salesCount}{" "}
              {r.salesCount === 1 ? "sale" : "sales"} · {formatCents(r.earnedFromCents)} to you
            </Muted>
          </View>
        ))
      )}
    </Card>
  );
}

const styles = StyleSheet.create({
  url: { ...text.sm, color: colors.accent, marginVertical: space.sm },
  stats: { marginVertical: space.sm },
  recruit: {
    borderTopWidth: StyleSheet.hairlineWidth,
    borderTopColor: colors.border,
    paddingVertical: space.sm,
  },
  strong: { fontWeight: "600" },
});
