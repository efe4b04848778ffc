import { useQuery } from "@tanstack/react-query";
import * as WebBrowser from "expo-web-browser";
import { Linking, Pressable, StyleSheet, Text, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import type { TierMetricName } from "@fanfare/validators";
import { describeTierMissing, describeTierRule, formatBps, formatCents } from "@fanfare/validators";

import { plural } from "~/lib/format";
import { useTRPC } from "~/lib/trpc";

import { ErrorState, LoadingState } from "./states";
import { colors, radius, space, text } from "./theme";
import { Badge, Body, Card, Heading, Muted, Row } from "./ui";

type Progress = RouterOutputs["promoter"]["progress"];
type Perk = NonNullable<Progress["tier"]>["perks"][number];

/** The bar's track height, px: it holds no text, so a fixed height cannot clip any. */
const BAR_HEIGHT = 8;

/** Opens a perk's link in the in-app browser, or the system browser where there is none. */
async function openPerkLink(url: string): Promise<void> {
  try {
    await WebBrowser.openBrowserAsync(url);
  } catch {
    await Linking.openURL(url);
  }
}

/** The promoter's result as read: "12 sales", "$12.40". */
const describeValue = (metric: TierMetricName, value: number) =>
  metric === "SALES" ? plural(value, "sale") : formatCents(value);

/**
 * How far along the next tier's rule the promoter is, whole percent 0–100 (rounded down, so the
 * bar never shows full before the tier is reached).
 */
const percentOf = (value: number, threshold: number) =>
  Math.min(100, Math.max(0, Math.floor((value * 100) / Math.max(1, threshold))));

/**
 * One perk: its icon, title and description; the row opens the perk's link when it has one. A
 * locked perk (the next tier's) is dimmed with the muted colour rather than opacity so it stays
 * readable, says "locked" to screen readers and has no link yet.
 */
function PerkItem({ perk, locked }: { perk: Perk; locked?: boolean }) {
  const link = locked ? undefined : perk.link;
  const label = `${perk.title}${locked ? " (locked)" : ""}${perk.description ? `: ${perk.description}` : ""}`;
  const content = (
    <>
      <Text style={[styles.perkIcon, locked && styles.lockedIcon]}>{perk.icon}</Text>
      <View style={styles.perkText}>
        <Text style={[styles.perkTitle, link ? styles.link : null, locked && styles.locked]}>
          {perk.title}
        </Text>
        {perk.description ? (
          <Text style={[styles.perkDescription, locked && styles.locked]}>{perk.description}</Text>
        ) : null}
      </View>
    </>
  );
  return link ? (
    <Pressable
      role="link"
      aria-label={label}
      onPress={() => void openPerkLink(link)}
      style={({ pressed }) => [styles.perk, pressed && styles.pressed]}
    >
      {content}
    </Pressable>
  ) : (
    <View accessible aria-label={label} style={styles.perk}>
      {content}
    </View>
  );
}

/**
 * The promoter's tier (issue 13 §1), as on the web dashboard (apps/web/src/components/tier-card.tsx):
 * the tier they qualify for now with its bonus and payout minimum, a bar to the next tier with
 * what is missing ("13 more sales to Gold"), the perks unlocked and the next tier's, dimmed.
 * Nothing when the program has no tiers.
 */
export function TierCard() {
  const trpc = useTRPC();
  const progress = useQuery(trpc.promoter.progress.queryOptions());
  if (progress.isPending) return <LoadingState label="Loading your tier…" />;
  if (progress.isError)
    return (
      <ErrorState
        title="Could not load your tier."
        error={progress.error}
        onRetry={() => void progress.refetch()}
      />
    );
  const { tier, next, tiers } = progress.data;
  if (tiers.length === 0) return null;
  const percent = next ? percentOf(next.value, next.threshold) : 100;

  return (
    <Card testID="tier-card">
      <Row style={styles.spread}>
        <Heading>Your tier</Heading>
        <Badge label={tier?.name ?? "No tier yet"} tone={tier ? "accent" : "neutral"} />
      </Row>
      {tier ? (
        <Body testID="tier-bonus">
          {tier.bonusBps > 0
            ? `+${formatBps(tier.bonusBps)} on every sale, paid by Fanfare on top of the artist's rate.`
            : "No bonus at this tier yet."}
        </Body>
      ) : null}
      {tier && tier.payoutMinimumCents !== null ? (
        <Muted>Payouts from {formatCents(tier.payoutMinimumCents)} at this tier.</Muted>
      ) : null}
      {next ? (
        <>
          <Body style={styles.strong}>{describeTierMissing(next)}</Body>
          <View
            testID="tier-progress"
            accessible
            role="progressbar"
            aria-label={`Progress to ${next.name}`}
            accessibilityValue={{
              min: 0,
              max: 100,
              now: percent,
              text: describeTierMissing(next),
            }}
            style={styles.track}
          >
            <View style={[styles.fill, { width: `${percent}%` as const }]} />
          </View>
          <Muted>
            {describeValue(next.metric, next.value)} of {describeTierRule(next)}
          </Muted>
          {next.bonusBps > (tier?.bonusBps ?? 0) ? (
            <Muted>
              {next.name} pays +{formatBps(next.bonusBps)} on every sale.
            </Muted>
          ) : null}
        </>
      ) : tier ? (
        <Body>You hold the top tier.</Body>
      ) : null}
      {tier && tier.perks.length > 0 ? (
        <View style={styles.perks}>
          <Text style={styles.subheading}>Perks unlocked</Text>
          {tier.perks.map((perk, i) => (
            <PerkItem key={i} perk={perk} />
          ))}
        </View>
      ) : null}
      {next && next.perks.length > 0 ? (
        <View style={styles.perks}>
          <Text style={[styles.subheading, styles.locked]}>At {next.name}</Text>
          {next.perks.map((perk, i) => (
            <PerkItem key={i} perk={perk} locked />
          ))}
        </View>
      ) : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  spread: { justifyContent: "space-between" },
  strong: { fontWeight: "600" },
  track: {
    height: BAR_HEIGHT,
    borderRadius: radius.pill,
    backgroundColor: colors.border,
    overflow: "hidden",
  },
  fill: { height: "100%", borderRadius: radius.pill, backgroundColor: colors.accent },
  perks: { gap: space.xs },
  subheading: { ...text.sm, fontWeight: "600", color: colors.text },
  perk: { flexDirection: "row", gap: space.sm, alignItems: "flex-start" },
  perkIcon: { ...text.base },
  perkText: { flexShrink: 1, gap: 2 },
  perkTitle: { ...text.sm, fontWeight: "500", color: colors.text },
  perkDescription: { ...text.xs, color: colors.muted },
  link: { color: colors.accent, textDecorationLine: "underline" },
  pressed: { opacity: 0.8 },
  // Dimmed but readable: the muted text colour (which passes contrast), not a faded opacity.
  locked: { color: colors.muted },
  // Emoji ignore text colour: the icon alone is faded.
  lockedIcon: { opacity: 0.5 },
});
