import { useMutation, useQuery } from "@tanstack/react-query";
import { ScrollView, StyleSheet } from "react-native";

import { Notice } from "~/components/states";
import { Body, Button, Card, Heading, Muted } from "~/components/ui";
import { describeError } from "~/lib/errors";
import { useTRPC } from "~/lib/trpc";
import { space } from "./theme";

/**
 * The accept screen the API asks for before a new link or code (`TERMS_REQUIRED`, issue 11 §2):
 * the terms in force (what changed, when accepting again), the full text to scroll, and one
 * button that accepts that version and then runs `onAccepted` (asking again). `then` names what
 * that does on the button: "Accept version 2 and get my link".
 */
export function TermsGate({
  onAccepted,
  then = "get my link",
}: {
  onAccepted: () => void;
  then?: string;
}) {
  const trpc = useTRPC();
  const terms = useQuery(trpc.promoter.terms.queryOptions());
  const accept = useMutation(trpc.promoter.acceptTerms.mutationOptions({ onSuccess: onAccepted }));
  if (terms.isPending) return <Muted>Loading the promoter terms…</Muted>;
  if (terms.isError || !terms.data.terms)
    return <Notice tone="error">{describeError(terms.error)}</Notice>;
  const t = terms.data.terms;
  const again = terms.data.acceptedVersion != null;
  return (
    <Card testID="terms-gate">
      <Heading>{again ? "The promoter terms changed" : "First, the promoter terms"}</Heading>
      <Body>
        {again
          ? `What changed in version ${t.version}: ${t.summary}`
          : "Promote honestly: no buying through your own link, no bots or spam, no paid ads on artists' names. Commissions are held for refunds and may be reviewed."}
      </Body>
      <ScrollView style={styles.text} nestedScrollEnabled accessibilityLabel="Full terms">
        <Muted>{t.body.replace(/^## /gm, "")}</Muted>
      </ScrollView>
      <Button
        label={`Accept version ${t.version} and ${then}`}
        busy={accept.isPending}
        onPress={() => accept.mutate({ version: t.version })}
      />
      {accept.isError ? <Notice tone="error">{describeError(accept.error)}</Notice> : null}
    </Card>
  );
}

const styles = StyleSheet.create({ text: { maxHeight: 220, marginVertical: space.sm } });
