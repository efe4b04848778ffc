import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "expo-router";
import { Image, StyleSheet, View } from "react-native";

import { formatBps, formatCents } from "@fanfare/validators";

import { TermsGate } from "~/components/terms-gate";
import { LinkActions } from "~/components/link-actions";
import { ErrorState, LoadingState, Notice } from "~/components/states";
import { colors, radius, space } from "~/components/theme";
import { Body, Button, Card, Muted, Screen, Title } from "~/components/ui";
import { apiAssetUrl } from "~/lib/env";
import { describeError, isTermsRequired } from "~/lib/errors";
import { useSession } from "~/lib/session";
import { useTRPC } from "~/lib/trpc";

/** A track opened from a `fanfare://t/<slug>` link, with "Get my link". */
export function TrackScreen({ slug }: { slug: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const signedIn = useSession().state.status === "signed-in";
  const track = useQuery(trpc.buyer.trackBySlug.queryOptions({ slug }));
  const getLink = useMutation(
    trpc.promoter.getOrCreateLink.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.promoter.links.queryFilter()),
    }),
  );

  if (track.isPending) return <LoadingState label="Loading the track…" />;
  if (track.isError) {
    return (
      <Screen>
        <ErrorState
          title="Could not open this track."
          error={track.error}
          onRetry={() => void track.refetch()}
        />
      </Screen>
    );
  }

  const t = track.data;
  const artwork = apiAssetUrl(t.artworkUrl);
  return (
    <Screen
      testID="track-screen"
      refreshing={track.isRefetching}
      onRefresh={() => void track.refetch()}
    >
      {artwork ? (
        <Image
          source={{ uri: artwork }}
          style={styles.artwork}
          accessibilityIgnoresInvertColors
          alt={`Artwork of ${t.title}`}
        />
      ) : null}
      <View style={styles.head}>
        <Title>{t.title}</Title>
        <Body>{t.artist.name}</Body>
        {t.genre ? <Muted>{t.genre.name}</Muted> : null}
      </View>
      <Card>
        <Body>
          {formatCents(t.priceCents, t.currency)}
          {t.payWhatYouWant && t.minPriceCents != null
            ? ` (pay what you want, from ${formatCents(t.minPriceCents, t.currency)})`
            : ""}
        </Body>
        {t.affiliateEnabled ? (
          <Muted>You earn {formatBps(t.commissionBps)} of every sale through your link.</Muted>
        ) : null}
        {t.description ? <Body>{t.description}</Body> : null}
      </Card>
      <Card>
        {t.isOwner ? (
          <Muted>This is your track: share its page; commissions are for other promoters.</Muted>
        ) : !t.affiliateEnabled ? (
          <Muted>The artist has turned off promoter links for this track.</Muted>
        ) : !signedIn ? (
          <Button label="Sign in to get your link" onPress={() => router.push("/sign-in")} />
        ) : getLink.data ? (
          <LinkActions url={getLink.data.url} title={t.title} />
        ) : (
          <Button
            label="Get my link"
            busy={getLink.isPending}
            onPress={() => getLink.mutate({ trackId: t.id })}
          />
        )}
        {getLink.isError && isTermsRequired(getLink.error) ? (
          <TermsGate onAccepted={() => getLink.mutate({ trackId: t.id })} />
        ) : getLink.isError ? (
          <Notice tone="error">{describeError(getLink.error)}</Notice>
        ) : null}
      </Card>
    </Screen>
  );
}

const styles = StyleSheet.create({
  artwork: {
    width: "100%",
    aspectRatio: 1,
    borderRadius: radius.md,
    backgroundColor: colors.border,
  },
  head: { gap: space.xs },
});
