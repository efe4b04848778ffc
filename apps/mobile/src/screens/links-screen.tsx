import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { StyleSheet, TextInput, View } from "react-native";

import type { RouterOutputs } from "@fanfare/api";
import { formatBps, formatCents } from "@fanfare/validators";

import { TermsGate } from "~/components/terms-gate";
import { LinkActions } from "~/components/link-actions";
import { LinkBuilder } from "~/components/link-builder";
import { MyCodeCard } from "~/components/my-code-card";
import { PageLinksCard } from "~/components/page-links-card";
import { RecruitsCard } from "~/components/recruits-card";
import { SourceReport } from "~/components/source-report";
import { EmptyState, ErrorState, LoadingState, Notice } from "~/components/states";
import { colors, radius, space, text } from "~/components/theme";
import { Badge, Body, Button, Card, Heading, Metric, Muted, Row, Screen } from "~/components/ui";
import { describeError, isTermsRequired } from "~/lib/errors";
import { useTRPC } from "~/lib/trpc";
import { useDebounced } from "~/lib/use-debounced";

type PromoterLink = RouterOutputs["promoter"]["links"][number];
type DiscoveredTrack = RouterOutputs["buyer"]["discover"]["items"][number];

/**
 * The promoter's personal code, their links with their numbers (each with its link builder: a
 * source tag, UTM values, QR and a ready-to-post text), a search to get a link for another
 * track, and "Performance by source".
 */
export function LinksScreen() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const links = useQuery(trpc.promoter.links.queryOptions());
  const [search, setSearch] = useState("");
  const query = useDebounced(search.trim(), 300);

  return (
    <Screen
      testID="links-screen"
      refreshing={links.isRefetching}
      onRefresh={() => {
        void links.refetch();
        void queryClient.refetchQueries(trpc.promoter.myCode.queryFilter());
        void queryClient.refetchQueries(trpc.promoter.sourceReport.queryFilter());
      }}
    >
      <MyCodeCard />

      <Card>
        <Heading>Promote a track</Heading>
        <TextInput
          value={search}
          onChangeText={setSearch}
          placeholder="Search by title or artist"
          placeholderTextColor={colors.muted}
          aria-label="Search tracks"
          autoCapitalize="none"
          autoCorrect={false}
          returnKeyType="search"
          style={styles.input}
        />
        {query ? (
          <SearchResults query={query} />
        ) : (
          <Muted>Find a published track and get your own link to share.</Muted>
        )}
      </Card>

      <Heading>Your links</Heading>
      {links.isPending ? (
        <LoadingState label="Loading your links…" />
      ) : links.isError ? (
        <ErrorState
          title="Could not load your links."
          error={links.error}
          onRetry={() => void links.refetch()}
        />
      ) : links.data.length === 0 ? (
        <EmptyState
          title="No links yet"
          body="Search for a track above and tap “Get my link”. Every sale through your link earns you its commission."
        />
      ) : (
        links.data.map((link) => <LinkCard key={link.id} link={link} />)
      )}

      <Heading>Performance by source</Heading>
      <PageLinksCard />
      <SourceReport />
      <RecruitsCard />
    </Screen>
  );
}

function LinkCard({ link }: { link: PromoterLink }) {
  const [building, setBuilding] = useState(false);
  return (
    <Card testID={`link-${link.code}`}>
      <Row style={styles.spread}>
        <View style={styles.grow}>
          <Heading>{link.track.title}</Heading>
          <Muted>
            {link.track.artistName} · you earn {formatBps(link.track.commissionBps)}
          </Muted>
        </View>
        {link.active ? null : (
          <Badge tone="warning" label={link.disabled ? "Disabled" : "Track not on sale"} />
        )}
      </Row>
      {link.disabledReason ? <Muted>Disabled by Fanfare: {link.disabledReason}</Muted> : null}
      <Row style={styles.stats}>
        <Metric label="Clicks" value={link.clickCount.toLocaleString("en-US")} />
        <Metric label="Sales" value={link.salesCount.toLocaleString("en-US")} />
        <Metric label="Conversion" value={formatBps(link.conversionBps)} />
        <Metric label="Earned" value={formatCents(link.commissionCents)} />
      </Row>
      <LinkActions url={link.url} title={link.track.title} />
      {link.active ? (
        <Button
          variant="secondary"
          label={building ? "Close the link builder" : "Build a link"}
          onPress={() => setBuilding((v) => !v)}
          aria-label={
            building
              ? `Close the link builder for ${link.track.title}`
              : `Build a link for ${link.track.title}`
          }
          aria-expanded={building}
        />
      ) : null}
      {link.active && building ? (
        <View style={styles.builder}>
          <LinkBuilder link={link} />
        </View>
      ) : null}
    </Card>
  );
}

function SearchResults({ query }: { query: string }) {
  const trpc = useTRPC();
  const results = useQuery(trpc.buyer.discover.queryOptions({ query, limit: 10 }));
  if (results.isPending) return <LoadingState label="Searching…" />;
  if (results.isError)
    return (
      <ErrorState
        title="Search failed."
        error={results.error}
        onRetry={() => void results.refetch()}
      />
    );
  if (results.data.items.length === 0) return <Muted>No published tracks match “{query}”.</Muted>;
  return (
    <View style={styles.results}>
      {results.data.items.map((track) => (
        <SearchResult key={track.id} track={track} />
      ))}
    </View>
  );
}

function SearchResult({ track }: { track: DiscoveredTrack }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const getLink = useMutation(
    trpc.promoter.getOrCreateLink.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.promoter.links.queryFilter()),
    }),
  );
  return (
    <View style={styles.result} testID={`result-${track.slug}`}>
      <Body style={styles.resultTitle}>{track.title}</Body>
      <Muted>
        {track.artist.name} · {formatCents(track.priceCents, track.currency)}
        {track.payWhatYouWant ? " or more" : ""} · you earn {formatBps(track.commissionBps)}
      </Muted>
      {!track.affiliateEnabled ? (
        <Muted>The artist has turned off promoter links for this track.</Muted>
      ) : getLink.data ? (
        <LinkActions url={getLink.data.url} title={track.title} />
      ) : (
        <Button
          variant="secondary"
          label="Get my link"
          busy={getLink.isPending}
          onPress={() => getLink.mutate({ trackId: track.id })}
          aria-label={`Get my link for ${track.title}`}
        />
      )}
      {getLink.isError && isTermsRequired(getLink.error) ? (
        <TermsGate onAccepted={() => getLink.mutate({ trackId: track.id })} />
      ) : getLink.isError ? (
        <Notice tone="error">{describeError(getLink.error)}</Notice>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
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
  spread: { justifyContent: "space-between", alignItems: "flex-start" },
  grow: { flexShrink: 1, flexGrow: 1, gap: 2 },
  stats: { gap: space.lg },
  results: { gap: space.md },
  result: {
    gap: space.xs,
    paddingTop: space.sm,
    borderTopWidth: StyleSheet.hairlineWidth,
    borderTopColor: colors.border,
  },
  resultTitle: { fontWeight: "600" },
  builder: {
    paddingTop: space.sm,
    borderTopWidth: StyleSheet.hairlineWidth,
    borderTopColor: colors.border,
  },
});
