import Ionicons from "@expo/vector-icons/Ionicons";
import { useQuery } from "@tanstack/react-query";
import { StyleSheet, Text, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import type { BadgeIcon, BadgeLevel } from "@fanfare/validators";
import { BADGE_LEVEL_LABELS, formatBadgeDate } from "@fanfare/validators";

import { useTRPC } from "~/lib/trpc";

import { colors, radius, space, text } from "./theme";
import { Card, Heading, Muted, Row } from "./ui";

type Progress = RouterOutputs["promoter"]["progress"];
type Earned = Progress["badges"][number];
type Next = Progress["nextBadges"][number];
type IconName = React.ComponentProps<typeof Ionicons>["name"];

/** Each badge icon name (`BADGE_ICONS`) as an Ionicons glyph (the web uses lucide's). */
const ICONS: Record<BadgeIcon, IconName> = {
  pointer: "navigate",
  bag: "bag-handle",
  flame: "flame",
  rocket: "rocket",
  cash: "cash",
  trophy: "trophy",
  medal: "medal",
  calendar: "calendar",
};

/**
 * A level's colours, the web's (apps/web/src/components/badges-card.tsx: Tailwind's amber, zinc,
 * yellow and sky 100 behind 800 / 700), so a Gold badge looks the same in both.
 */
const LEVEL_COLOURS: Record<BadgeLevel, { background: string; foreground: string }> = {
  bronze: { background: "#fef3c7", foreground: "#92400e" },
  silver: { background: "#f4f4f5", foreground: "#3f3f46" },
  gold: { background: "#fef9c3", foreground: "#854d0e" },
  platinum: { background: "#e0f2fe", foreground: "#075985" },
};

/** The medal: the badge's icon on its level's colour; a locked one grey, with a lock. */
function Medal({ icon, level, locked }: { icon: BadgeIcon; level: BadgeLevel; locked?: boolean }) {
  const tone = locked
    ? { background: colors.background, foreground: colors.muted }
    : LEVEL_COLOURS[level];
  return (
    <View
      importantForAccessibility="no-hide-descendants"
      aria-hidden
      style={[styles.medal, { backgroundColor: tone.background, borderColor: tone.foreground }]}
    >
      <Ionicons name={locked ? "lock-closed" : ICONS[icon]} size={20} color={tone.foreground} />
    </View>
  );
}

function EarnedBadge({ badge }: { badge: Earned }) {
  const level = BADGE_LEVEL_LABELS[badge.level];
  const date = formatBadgeDate(badge.awardedAt);
  return (
    <View
      accessible
      testID={`badge-${badge.key}`}
      aria-label={`${badge.name}, ${level}: ${badge.detail || badge.description}. Earned ${date}.`}
      style={styles.item}
    >
      <Medal icon={badge.icon} level={badge.level} />
      <View style={styles.itemText}>
        <Text style={styles.name}>
          {badge.name} <Text style={styles.level}>· {level}</Text>
        </Text>
        <Text style={styles.detail}>{badge.detail || badge.description}</Text>
        <Text style={styles.date}>Earned {date}</Text>
      </View>
    </View>
  );
}

/**
 * A badge still to earn, dimmed with the muted text colour (readable, not faded) and what it
 * takes ("7 more sales to go").
 */
function LockedBadge({ badge }: { badge: Next }) {
  const level = BADGE_LEVEL_LABELS[badge.level];
  return (
    <View
      accessible
      testID={`locked-${badge.key}`}
      aria-label={`${badge.name}, ${level} (locked): ${badge.description} ${badge.hint}.`}
      style={styles.item}
    >
      <Medal icon={badge.icon} level={badge.level} locked />
      <View style={styles.itemText}>
        <Text style={[styles.name, styles.locked]}>
          {badge.name} <Text style={styles.level}>· {level}</Text>
        </Text>
        <Text style={styles.detail}>{badge.description}</Text>
        <Text style={styles.date}>{badge.hint}</Text>
      </View>
    </View>
  );
}

/**
 * The promoter's badges on the Earnings tab (issue 13 §3), as on the web dashboard: the ones
 * earned (icon in their level's colour, name, what for, date; newest first), then the ones still
 * to earn, dimmed, with what each takes. From `promoter.progress` (the tier card's query, so
 * pull to refresh reloads both); nothing while it loads or fails (the tier card says so).
 */
export function BadgesCard() {
  const trpc = useTRPC();
  const progress = useQuery(trpc.promoter.progress.queryOptions());
  if (!progress.data) return null;
  const { badges, nextBadges } = progress.data;
  return (
    <Card testID="badges-card">
      <Row style={styles.spread}>
        <Heading>Badges</Heading>
        <Muted testID="badges-count">
          {badges.length} earned · {nextBadges.length} to go
        </Muted>
      </Row>
      {badges.length === 0 ? (
        <Muted>No badges yet: share a link and your first click earns one.</Muted>
      ) : (
        badges.map((b) => <EarnedBadge key={`${b.key}:${b.instance}`} badge={b} />)
      )}
      {nextBadges.length > 0 ? (
        <View style={styles.group}>
          <Text style={[styles.subheading, styles.locked]}>Still to earn</Text>
          {nextBadges.map((b) => (
            <LockedBadge key={b.key} badge={b} />
          ))}
        </View>
      ) : null}
    </Card>
  );
}

/**
 * The medal's smallest diameter, px: a minimum, not a fixed size, so an icon glyph that scales
 * with the system font grows the medal instead of being clipped.
 */
const MEDAL_SIZE = 40;

const styles = StyleSheet.create({
  spread: { justifyContent: "space-between" },
  group: { gap: space.sm },
  subheading: { ...text.sm, fontWeight: "600", color: colors.text },
  item: { flexDirection: "row", gap: space.md, alignItems: "flex-start" },
  itemText: { flexShrink: 1, gap: 2 },
  medal: {
    minWidth: MEDAL_SIZE,
    minHeight: MEDAL_SIZE,
    padding: space.xs,
    borderRadius: radius.pill,
    borderWidth: 2,
    alignItems: "center",
    justifyContent: "center",
  },
  name: { ...text.sm, fontWeight: "600", color: colors.text },
  level: { ...text.xs, fontWeight: "400", color: colors.muted },
  detail: { ...text.sm, color: colors.muted },
  date: { ...text.xs, color: colors.muted },
  // Dimmed but readable: the muted text colour (which passes contrast), not a faded opacity.
  locked: { color: colors.muted },
});
