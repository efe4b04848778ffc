import { ActivityIndicator, StyleSheet, Text, View } from "react-native";

import { describeError } from "~/lib/errors";

import { colors, space, text } from "./theme";
import { Button, Card } from "./ui";

export function LoadingState(props: { label?: string }) {
  return (
    <View style={styles.center} role="progressbar" aria-label={props.label ?? "Loading"}>
      <ActivityIndicator color={colors.accent} />
      <Text style={styles.muted}>{props.label ?? "Loading…"}</Text>
    </View>
  );
}

export function EmptyState(props: {
  title: string;
  body?: string;
  action?: { label: string; onPress: () => void };
}) {
  return (
    <Card style={styles.box}>
      <Text style={styles.title}>{props.title}</Text>
      {props.body ? <Text style={styles.body}>{props.body}</Text> : null}
      {props.action ? (
        <Button variant="secondary" label={props.action.label} onPress={props.action.onPress} />
      ) : null}
    </Card>
  );
}

/** The error's message as the server wrote it, and a retry button when retrying makes sense. */
export function ErrorState(props: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <Card style={[styles.box, styles.error]}>
      <Text role="alert" style={styles.errorTitle}>
        {props.title ?? "Could not load this."}
      </Text>
      <Text style={styles.body}>{describeError(props.error)}</Text>
      {props.onRetry ? (
        <Button variant="secondary" label="Try again" onPress={props.onRetry} />
      ) : null}
    </Card>
  );
}

/** An inline message under a form or an action. */
export function Notice(props: {
  tone: "error" | "success" | "info";
  children: React.ReactNode;
  testID?: string;
}) {
  const tone =
    props.tone === "error"
      ? styles.noticeError
      : props.tone === "success"
        ? styles.noticeSuccess
        : styles.noticeInfo;
  return (
    <Text
      testID={props.testID}
      role={props.tone === "error" ? "alert" : undefined}
      style={[styles.notice, tone]}
    >
      {props.children}
    </Text>
  );
}

const styles = StyleSheet.create({
  center: {
    alignItems: "center",
    justifyContent: "center",
    gap: space.sm,
    paddingVertical: space.xl * 2,
  },
  box: { alignItems: "stretch", gap: space.sm },
  title: { ...text.lg, fontWeight: "600", color: colors.text },
  body: { ...text.base, color: colors.text },
  muted: { ...text.sm, color: colors.muted },
  error: { borderColor: colors.danger, backgroundColor: colors.dangerSoft },
  errorTitle: { ...text.lg, fontWeight: "600", color: colors.danger },
  notice: { ...text.sm, padding: space.md, borderRadius: 6, overflow: "hidden" },
  noticeError: { backgroundColor: colors.dangerSoft, color: colors.danger },
  noticeSuccess: { backgroundColor: colors.successSoft, color: colors.success },
  noticeInfo: { backgroundColor: colors.accentSoft, color: colors.accent },
});
