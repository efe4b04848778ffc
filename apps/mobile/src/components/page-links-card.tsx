import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { StyleSheet, Text, TextInput, View } from "react-native";

import { buildPageLink, parsePageUrl, ZSourceTag } from "@fanfare/validators";

import { useTRPC } from "~/lib/trpc";

import { LinkActions } from "./link-actions";
import { Segmented } from "./segmented";
import { ErrorState, LoadingState, Notice } from "./states";
import { colors, radius, space, text } from "./theme";
import { Card, Heading, Muted } from "./ui";

/** The discover pick ("all tracks") beside the artists. */
const DISCOVER = "__discover";

/**
 * Page links (issue 14 §1, §9), as the web's link builder makes them: a link to an artist's page
 * (credits the promoter for any of that artist's tracks bought within the attribution window) or
 * to discover (any track, in the same browser session), or to any Fanfare address pasted in, with
 * the promoter-level code and an optional source tag; the final URL to share, copy or show as QR.
 */
export function PageLinksCard() {
  const trpc = useTRPC();
  const info = useQuery(trpc.promoter.pageLinkCode.queryOptions());
  const [pick, setPick] = useState<string | null>(null);
  const [pasted, setPasted] = useState("");
  const [sourceTag, setSourceTag] = useState("");
  if (info.isPending) return <LoadingState label="Loading your page links…" />;
  if (info.isError)
    return (
      <ErrorState
        title="Could not load your page links."
        error={info.error}
        onRetry={() => void info.refetch()}
      />
    );
  const { code, appUrl, artists } = info.data;
  const choice = pick ?? artists[0]?.slug ?? DISCOVER;
  const tag = sourceTag.trim();
  const tagCheck = ZSourceTag.safeParse(sourceTag);
  const tagError = tagCheck.success ? null : (tagCheck.error.issues[0]?.message ?? "Not valid.");
  const parsed = pasted.trim() ? parsePageUrl(pasted.trim(), appUrl) : null;
  const pasteError = parsed && !parsed.ok ? parsed.error : null;
  const page =
    parsed?.ok && parsed.page.kind !== "track"
      ? parsed.page
      : choice === DISCOVER
        ? { kind: "discover" as const, path: "/", query: "" }
        : { kind: "artist" as const, slug: choice };
  const trackPasted = parsed?.ok && parsed.page.kind === "track";
  const url = tagError ? null : buildPageLink({ appUrl, page, code, sourceTag: tag || null });
  const title =
    page.kind === "artist"
      ? (artists.find((a) => a.slug === page.slug)?.name ?? page.slug)
      : "Discover";
  return (
    <Card testID="page-links">
      <Heading>Page links</Heading>
      <Muted>
        An artist page link earns you the commission on any of that artist&apos;s tracks bought
        within the attribution window; a discover link on any track bought in the same browser
        session.
      </Muted>
      <Segmented
        kind="radio"
        label="Page"
        value={choice}
        onChange={(v) => {
          setPick(v);
          setPasted("");
        }}
        options={[
          ...artists.map((a) => ({ value: a.slug, label: a.name })),
          { value: DISCOVER, label: "Discover" },
        ]}
        testID="page-links-pick"
      />
      <View style={styles.field}>
        <Text style={styles.label}>Or paste a Fanfare address</Text>
        <TextInput
          value={pasted}
          onChangeText={setPasted}
          aria-label="Fanfare address"
          placeholder={`${appUrl}/a/…`}
          autoCapitalize="none"
          autoCorrect={false}
          style={styles.input}
        />
        {pasteError ? <Notice tone="error">{pasteError}</Notice> : null}
        {trackPasted ? (
          <Notice tone="info">That is a track: build its link from the track&apos;s card.</Notice>
        ) : null}
      </View>
      <View style={styles.field}>
        <Text style={styles.label}>Source tag (optional)</Text>
        <TextInput
          value={sourceTag}
          onChangeText={setSourceTag}
          aria-label="Page link source tag"
          placeholder="e.g. newsletter"
          autoCapitalize="none"
          autoCorrect={false}
          style={styles.input}
        />
        {tagError ? <Notice tone="error">{tagError}</Notice> : null}
      </View>
      {url ? (
        <LinkActions url={url} title={title} noun="your page link" urlTestID="page-link-url" />
      ) : null}
    </Card>
  );
}

const styles = StyleSheet.create({
  field: { gap: space.xs, marginTop: space.sm },
  label: { ...text.sm, color: colors.text, fontWeight: "600" },
  input: {
    ...text.base,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: radius.sm,
    paddingHorizontal: space.sm,
    paddingVertical: space.xs,
    color: colors.text,
  },
});
