import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Platform, Share, StyleSheet, Text, TextInput } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import { formatBps, formatCents, ZClaimPromoterCodeInput } from "@fanfare/validators";

import { describeError, fieldError, isTermsRequired } from "~/lib/errors";
import { bpsToPercentText, parsePercentToBps } from "~/lib/parse-percent";
import { useTRPC } from "~/lib/trpc";
import { useCopyOrShare } from "~/lib/use-copy-or-share";

import { ErrorState, LoadingState, Notice } from "./states";
import { TermsGate } from "./terms-gate";
import { colors, radius, space, text } from "./theme";
import { Badge, Body, Button, Card, Heading, Metric, Muted, Row } from "./ui";

type HeldCode = NonNullable<RouterOutputs["promoter"]["myCode"]["code"]>;
type CodeStatus = HeldCode["status"];

/** The claim form's starting discount, when the program allows that much: 10 %. */
const SUGGESTED_PERCENT_BPS = 1_000;

/**
 * Shares the code through the system share sheet. Everything is in `message` (Android reads only
 * that; there is no URL: the code works at checkout on any track with promoter links).
 */
export async function shareCode(code: { code: string; percentBps: number }): Promise<void> {
  await Share.share({
    message: `Use my code ${code.code} for ${formatBps(code.percentBps)} off music on Fanfare`,
  });
}

/**
 * The promoter's personal discount code (issue 12 §4): the claim form before they hold one, then
 * the code with its uses, copy, share and pause/resume. Nothing when the program has codes
 * turned off (`maxPercentBps` 0) and the promoter holds none; a code already held keeps its rate.
 */
export function MyCodeCard() {
  const trpc = useTRPC();
  const myCode = useQuery(trpc.promoter.myCode.queryOptions());
  if (myCode.isPending) return <LoadingState label="Loading your code…" />;
  if (myCode.isError)
    return (
      <ErrorState
        title="Could not load your code."
        error={myCode.error}
        onRetry={() => void myCode.refetch()}
      />
    );
  const { code, maxPercentBps, suggestion } = myCode.data;
  if (!code && maxPercentBps === 0) return null;
  return (
    <Card testID="my-code">
      {code ? (
        <HeldCodeView code={code} maxPercentBps={maxPercentBps} suggestion={suggestion} />
      ) : (
        <>
          <Heading>My code</Heading>
          <ClaimForm maxPercentBps={maxPercentBps} suggestion={suggestion} />
        </>
      )}
    </Card>
  );
}

const statusCopy = (
  status: CodeStatus,
): {
  badge: { label: string; tone: "warning" | "danger" | "neutral" } | null;
  note: string;
  /** The pause/resume button; null when the code cannot come back (claim another instead). */
  toggle: { label: "Pause" | "Resume"; status: "PAUSED" | "ACTIVE" } | null;
} => {
  switch (status) {
    case "ACTIVE":
      return {
        badge: null,
        note: "Buyers type it at checkout on any track with promoter links: the sale is yours, and the discount comes out of your commission.",
        toggle: { label: "Pause", status: "PAUSED" },
      };
    case "PAUSED":
      return {
        badge: { label: "Paused", tone: "warning" },
        note: "Paused: checkout refuses it until you resume it.",
        toggle: { label: "Resume", status: "ACTIVE" },
      };
    case "EXPIRED":
      return {
        badge: { label: "Expired", tone: "danger" },
        note: "This code has expired: claim a new one.",
        toggle: null,
      };
    case "ARCHIVED":
      return {
        badge: { label: "Replaced", tone: "neutral" },
        note: "This code was replaced: claim a new one.",
        toggle: null,
      };
  }
};

function HeldCodeView(props: { code: HeldCode; maxPercentBps: number; suggestion: string }) {
  const { code } = props;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { notice, copy, share } = useCopyOrShare("code");
  const setStatus = useMutation(
    trpc.promoter.setCodeStatus.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.promoter.myCode.queryKey(), data),
    }),
  );
  const copyText = statusCopy(code.status);
  const toggle = copyText.toggle;

  return (
    <>
      <Row style={styles.spread}>
        <Heading>My code</Heading>
        {copyText.badge ? <Badge label={copyText.badge.label} tone={copyText.badge.tone} /> : null}
      </Row>
      <Text selectable style={styles.code} testID="my-code-text">
        {code.code}
      </Text>
      <Body style={styles.strong}>{formatBps(code.percentBps)} off</Body>
      <Muted>{copyText.note}</Muted>
      <Row style={styles.stats}>
        <Metric label="Uses" value={code.usesCount.toLocaleString("en-US")} />
        <Metric label="Discount given" value={formatCents(code.discountGivenCents)} />
      </Row>
      <Row>
        {/* A paused or expired code is refused at checkout: nothing to share until it works. */}
        {code.status === "ACTIVE" ? (
          <Button
            label="Share"
            onPress={() => void share(code.code, () => shareCode(code))}
            aria-label="Share your code"
          />
        ) : null}
        <Button
          variant="secondary"
          label="Copy"
          onPress={() => void copy(code.code)}
          aria-label="Copy your code"
        />
        {toggle ? (
          <Button
            variant="secondary"
            label={toggle.label}
            busy={setStatus.isPending}
            onPress={() => setStatus.mutate({ status: toggle.status })}
            aria-label={`${toggle.label} your code`}
          />
        ) : null}
      </Row>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {setStatus.isError ? <Notice tone="error">{describeError(setStatus.error)}</Notice> : null}
      {toggle ? null : props.maxPercentBps > 0 ? (
        <ClaimForm maxPercentBps={props.maxPercentBps} suggestion={props.suggestion} />
      ) : (
        <Muted>Personal codes are turned off for the program.</Muted>
      )}
    </>
  );
}

type ClaimField = "code" | "percentBps";

function ClaimForm(props: { maxPercentBps: number; suggestion: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(props.suggestion);
  const [percent, setPercent] = useState(
    bpsToPercentText(Math.min(SUGGESTED_PERCENT_BPS, props.maxPercentBps)),
  );
  const [invalid, setInvalid] = useState<Partial<Record<ClaimField, string>>>({});
  const claim = useMutation(
    trpc.promoter.claimCode.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.promoter.myCode.queryKey(), data),
    }),
  );
  const max = formatBps(props.maxPercentBps);
  const typedBps = parsePercentToBps(percent);
  const offered =
    typedBps !== null && typedBps >= 100 && typedBps <= props.maxPercentBps
      ? formatBps(typedBps)
      : `up to ${max}`;

  const edit = (set: (v: string) => void) => (value: string) => {
    set(value);
    setInvalid({});
    claim.reset();
  };

  const submit = () => {
    const percentBps = parsePercentToBps(percent);
    if (percentBps === null)
      return setInvalid({ percentBps: "Enter a percentage like 10 or 12.5." });
    // The server checks the limit too; this says it before a round trip, in the server's words.
    if (percentBps > props.maxPercentBps)
      return setInvalid({ percentBps: `A personal code gives at most ${max} off.` });
    // Same schema as the server: the code's rules and the 1 % floor.
    const parsed = ZClaimPromoterCodeInput.safeParse({ code, percentBps });
    if (!parsed.success) {
      const errors: Partial<Record<ClaimField, string>> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] === "percentBps" ? "percentBps" : "code";
        errors[field] ??= issue.message;
      }
      return setInvalid(errors);
    }
    setInvalid({});
    claim.mutate(parsed.data);
  };

  const codeError = invalid.code ?? fieldError(claim.error, "code");
  const percentError = invalid.percentBps ?? fieldError(claim.error, "percentBps");
  const otherError =
    claim.isError &&
    !isTermsRequired(claim.error) &&
    !fieldError(claim.error, "code") &&
    !fieldError(claim.error, "percentBps")
      ? describeError(claim.error)
      : null;

  return (
    <>
      <Body>
        Buyers who type your code get {offered} off any track with promoter links, and the sale is
        yours with no link needed. The discount comes out of your commission.
      </Body>
      <Text style={styles.label}>Code</Text>
      <TextInput
        value={code}
        onChangeText={edit(setCode)}
        aria-label="Code"
        autoCapitalize="characters"
        autoCorrect={false}
        maxLength={32}
        style={[styles.input, styles.codeInput]}
        placeholderTextColor={colors.muted}
      />
      {codeError ? <Notice tone="error">{codeError}</Notice> : null}
      <Text style={styles.label}>Discount (%)</Text>
      <TextInput
        value={percent}
        onChangeText={edit(setPercent)}
        aria-label="Discount (%)"
        keyboardType="decimal-pad"
        maxLength={6}
        style={styles.input}
        placeholderTextColor={colors.muted}
      />
      <Muted>From 1% to {max}.</Muted>
      {percentError ? <Notice tone="error">{percentError}</Notice> : null}
      <Button label="Claim" busy={claim.isPending} onPress={submit} />
      {claim.isError && isTermsRequired(claim.error) ? (
        <TermsGate
          then="claim my code"
          onAccepted={() => (claim.variables ? claim.mutate(claim.variables) : undefined)}
        />
      ) : null}
      {otherError ? <Notice tone="error">{otherError}</Notice> : null}
    </>
  );
}

const monospace = Platform.select({ ios: "Menlo", default: "monospace" });

const styles = StyleSheet.create({
  spread: { justifyContent: "space-between" },
  code: {
    ...text["2xl"],
    fontFamily: monospace,
    fontWeight: "700",
    letterSpacing: 1,
    color: colors.text,
  },
  strong: { fontWeight: "600" },
  stats: { gap: space.lg },
  label: { ...text.base, fontWeight: "500", color: colors.text },
  input: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radius.sm,
    paddingHorizontal: space.md,
    paddingVertical: space.sm,
    ...text.base,
    color: colors.text,
    backgroundColor: colors.card,
  },
  codeInput: { fontFamily: monospace },
});
