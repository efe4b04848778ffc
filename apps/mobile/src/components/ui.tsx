/**
 * Small building blocks. Text containers never get a fixed height: with large accessibility
 * font sizes text must be free to wrap and grow (buttons use minHeight for the touch target).
 */
import type { PressableProps, StyleProp, TextStyle, ViewStyle } from "react-native";
import {
  ActivityIndicator,
  Pressable,
  RefreshControl,
  ScrollView,
  StyleSheet,
  Text,
  View,
} from "react-native";

import { colors, radius, space, text } from "./theme";

export function Screen(props: {
  children: React.ReactNode;
  refreshing?: boolean;
  onRefresh?: () => void;
  testID?: string;
  keyboardShouldPersistTaps?: "always" | "handled" | "never";
}) {
  return (
    <ScrollView
      testID={props.testID}
      style={styles.screen}
      contentContainerStyle={styles.screenContent}
      keyboardShouldPersistTaps={props.keyboardShouldPersistTaps ?? "handled"}
      refreshControl={
        props.onRefresh ? (
          <RefreshControl
            refreshing={props.refreshing ?? false}
            onRefresh={props.onRefresh}
            tintColor={colors.accent}
          />
        ) : undefined
      }
    >
      {props.children}
    </ScrollView>
  );
}

export function Card(props: {
  children: React.ReactNode;
  style?: StyleProp<ViewStyle>;
  testID?: string;
}) {
  return (
    <View testID={props.testID} style={[styles.card, props.style]}>
      {props.children}
    </View>
  );
}

export function Title(props: { children: React.ReactNode; style?: StyleProp<TextStyle> }) {
  return (
    <Text role="heading" style={[styles.title, props.style]}>
      {props.children}
    </Text>
  );
}

export function Heading(props: { children: React.ReactNode; style?: StyleProp<TextStyle> }) {
  return (
    <Text role="heading" style={[styles.heading, props.style]}>
      {props.children}
    </Text>
  );
}

export function Muted(props: {
  children: React.ReactNode;
  style?: StyleProp<TextStyle>;
  selectable?: boolean;
  testID?: string;
}) {
  return (
    <Text testID={props.testID} selectable={props.selectable} style={[styles.muted, props.style]}>
      {props.children}
    </Text>
  );
}

export function Body(props: {
  children: React.ReactNode;
  style?: StyleProp<TextStyle>;
  selectable?: boolean;
  testID?: string;
}) {
  return (
    <Text testID={props.testID} selectable={props.selectable} style={[styles.body, props.style]}>
      {props.children}
    </Text>
  );
}

type ButtonProps = Omit<PressableProps, "children" | "style"> & {
  label: string;
  variant?: "primary" | "secondary" | "danger";
  busy?: boolean;
  style?: StyleProp<ViewStyle>;
};

export function Button({
  label,
  variant = "primary",
  busy,
  disabled,
  style,
  ...rest
}: ButtonProps) {
  const off = Boolean(disabled || busy);
  return (
    <Pressable
      role="button"
      accessibilityState={{ disabled: off, busy: Boolean(busy) }}
      disabled={off}
      style={({ pressed }) => [
        styles.button,
        buttonVariants[variant],
        off && styles.buttonDisabled,
        pressed && !off && styles.buttonPressed,
        style,
      ]}
      {...rest}
    >
      {busy ? (
        <ActivityIndicator
          size="small"
          color={variant === "primary" ? colors.accentText : colors.accent}
        />
      ) : null}
      <Text
        style={[
          styles.buttonLabel,
          variant === "primary"
            ? styles.buttonLabelPrimary
            : variant === "danger"
              ? styles.buttonLabelDanger
              : null,
        ]}
      >
        {label}
      </Text>
    </Pressable>
  );
}

/** A label over a value, e.g. "Payable" / "$12.40". */
export function Stat(props: {
  label: string;
  value: string;
  hint?: string;
  testID?: string;
  style?: StyleProp<ViewStyle>;
}) {
  return (
    <Card testID={props.testID} style={[styles.stat, props.style]}>
      <Text style={styles.statLabel}>{props.label}</Text>
      <Text style={styles.statValue}>{props.value}</Text>
      {props.hint ? <Text style={styles.statHint}>{props.hint}</Text> : null}
    </Card>
  );
}

export function Badge(props: {
  label: string;
  tone?: "neutral" | "accent" | "success" | "warning" | "danger";
}) {
  const tone = props.tone ?? "neutral";
  return (
    <View style={[styles.badge, badgeTones[tone].box]}>
      <Text style={[styles.badgeText, badgeTones[tone].text]}>{props.label}</Text>
    </View>
  );
}

/** A small label over a value inside a card, e.g. "Clicks" / "120"; a Row of them wraps. */
export function Metric(props: { label: string; value: string }) {
  return (
    <View style={styles.metric}>
      <Text style={styles.muted}>{props.label}</Text>
      <Text style={[styles.body, styles.metricValue]}>{props.value}</Text>
    </View>
  );
}

/** A row of cards that wraps onto new lines when the text is large. */
export function Grid(props: { children: React.ReactNode }) {
  return <View style={styles.grid}>{props.children}</View>;
}

export function Row(props: { children: React.ReactNode; style?: StyleProp<ViewStyle> }) {
  return <View style={[styles.row, props.style]}>{props.children}</View>;
}

const buttonVariants = StyleSheet.create({
  primary: { backgroundColor: colors.accent, borderColor: colors.accent },
  secondary: { backgroundColor: colors.card, borderColor: colors.border },
  danger: { backgroundColor: colors.card, borderColor: colors.danger },
});

const badgeTones = {
  neutral: StyleSheet.create({
    box: { backgroundColor: colors.border },
    text: { color: colors.text },
  }),
  accent: StyleSheet.create({
    box: { backgroundColor: colors.accentSoft },
    text: { color: colors.accent },
  }),
  success: StyleSheet.create({
    box: { backgroundColor: colors.successSoft },
    text: { color: colors.success },
  }),
  warning: StyleSheet.create({
    box: { backgroundColor: colors.warningSoft },
    text: { color: colors.warning },
  }),
  danger: StyleSheet.create({
    box: { backgroundColor: colors.dangerSoft },
    text: { color: colors.danger },
  }),
};

const styles = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.background },
  screenContent: { padding: space.lg, gap: space.lg, paddingBottom: space.xl * 2 },
  card: {
    backgroundColor: colors.card,
    borderRadius: radius.md,
    borderWidth: StyleSheet.hairlineWidth,
    borderColor: colors.border,
    padding: space.lg,
    gap: space.sm,
  },
  title: { ...text["2xl"], fontWeight: "700", color: colors.text },
  heading: { ...text.lg, fontWeight: "600", color: colors.text },
  body: { ...text.base, color: colors.text },
  muted: { ...text.sm, color: colors.muted },
  button: {
    minHeight: 44,
    flexDirection: "row",
    alignItems: "center",
    justifyContent: "center",
    gap: space.sm,
    paddingHorizontal: space.lg,
    paddingVertical: space.sm,
    borderRadius: radius.sm,
    borderWidth: 1,
  },
  buttonDisabled: { opacity: 0.5 },
  buttonPressed: { opacity: 0.8 },
  buttonLabel: {
    ...text.base,
    fontWeight: "600",
    color: colors.text,
    textAlign: "center",
    flexShrink: 1,
  },
  buttonLabelPrimary: { color: colors.accentText },
  buttonLabelDanger: { color: colors.danger },
  stat: { flexGrow: 1, flexBasis: 150, gap: space.xs },
  statLabel: { ...text.sm, color: colors.muted, fontWeight: "500" },
  statValue: { ...text["2xl"], fontWeight: "700", color: colors.text },
  statHint: { ...text.xs, color: colors.muted },
  metric: { gap: 2, minWidth: 64 },
  metricValue: { fontWeight: "600" },
  badge: {
    alignSelf: "flex-start",
    borderRadius: radius.pill,
    paddingHorizontal: space.sm,
    paddingVertical: 2,
  },
  badgeText: { ...text.xs, fontWeight: "600" },
  grid: { flexDirection: "row", flexWrap: "wrap", gap: space.md },
  row: { flexDirection: "row", flexWrap: "wrap", gap: space.sm, alignItems: "center" },
});
