"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Loading } from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import { formatCents } from "@fanfare/validators/money";

import { formatUtcDate } from "~/lib/format";
import type { MySubscription, SubscriberTrack } from "~/lib/subscription-view";
import { subscriptionEntitled, subscriptionStateText } from "~/lib/subscription-view";
import { useTRPC } from "~/trpc/react";

const STATUS_BADGE = {
  active: { tone: "green", label: "Active" },
  past_due: { tone: "amber", label: "Past due" },
  incomplete: { tone: "zinc", label: "Incomplete" },
  canceled: { tone: "zinc", label: "Ended" },
} as const;

/** The download links of an entitled subscription: the artist's published tracks. */
function Downloads({ tracks }: { tracks: SubscriberTrack[] | undefined }) {
  if (!tracks?.length)
    return (
      <p className="text-sm text-zinc-600">No tracks to download yet: new ones appear here.</p>
    );
  return (
    <ul className="divide-y divide-zinc-100 text-sm" aria-label="Downloads">
      {tracks.map((t) => (
        <li key={t.id} className="flex items-center justify-between gap-3 py-2">
          <Link href={`/t/${t.slug}`} className="min-w-0 truncate text-ink hover:text-brand-700">
            {t.title}
          </Link>
          <a
            href={`/api/subscriptions/download/${t.id}`}
            className="shrink-0 font-medium text-brand-700 underline"
            data-testid={`download-${t.slug}`}
          >
            Download
          </a>
        </li>
      ))}
    </ul>
  );
}

/** One subscription: artist, price, state, Cancel and Manage payment, and its downloads. */
export function SubscriptionCard({
  s,
  tracks,
  onCancel,
  onPortal,
  busy,
}: {
  s: MySubscription;
  tracks: SubscriberTrack[] | undefined;
  onCancel: () => void;
  onPortal: () => void;
  busy: boolean;
}) {
  const badge = STATUS_BADGE[s.status];
  const running = s.status === "active" || s.status === "past_due";
  return (
    <Card className="space-y-3" data-testid={`subscription-${s.id}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="text-lg font-semibold">
            <Link href={`/a/${s.artist.slug}`} className="hover:text-brand-700">
              {s.artist.name}
            </Link>
          </h2>
          <p className="text-sm text-zinc-600">
            {formatCents(s.priceCents, s.currency)} {s.interval === "year" ? "a year" : "a month"}
          </p>
        </div>
        <Badge tone={badge.tone}>{badge.label}</Badge>
      </div>
      <p className="text-sm" data-testid="subscription-state">
        {subscriptionStateText(s)}
      </p>
      {running ? (
        <div className="flex flex-wrap gap-2">
          {s.canOpenPortal ? (
            <Button variant="secondary" size="sm" disabled={busy} onClick={onPortal}>
              Manage payment
            </Button>
          ) : null}
          {s.cancelAtPeriodEnd ? null : (
            <ConfirmDialog
              trigger={
                <Button variant="ghost" size="sm" className="text-red-700" disabled={busy}>
                  Cancel
                </Button>
              }
              title={`Cancel your subscription to ${s.artist.name}?`}
              description={
                s.currentPeriodEnd
                  ? `You keep downloading until ${formatUtcDate(s.currentPeriodEnd)} (UTC), the end of the period you paid for; nothing more is charged.`
                  : "Nothing more is charged."
              }
              confirmLabel="Cancel subscription"
              onConfirm={onCancel}
            />
          )}
        </div>
      ) : null}
      {subscriptionEntitled(s) ? (
        <section className="space-y-1 border-t border-zinc-100 pt-3">
          <h3 className="text-sm font-semibold">Download the catalog</h3>
          <Downloads tracks={tracks} />
        </section>
      ) : null}
    </Card>
  );
}

/**
 * The signed-in user's catalog subscriptions (`subscription.mine`, prefetched by the page):
 * each with its state, "Cancel" (at the period's end, `subscription.cancel`), "Manage payment"
 * (`subscription.portal`, then its page) and, while entitled, the artist's tracks to download.
 * `startedId` (from `?started=`) shows the note after Checkout and polls until the processor's
 * event has made that subscription active.
 */
export function MySubscriptions({
  tracksByArtist,
  startedId,
}: {
  tracksByArtist: Record<string, SubscriberTrack[]>;
  startedId: string | null;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string | null>(null);
  const mine = useQuery({
    ...trpc.subscription.mine.queryOptions(),
    // After Checkout the webhook may still be on its way: ask again until it lands.
    refetchInterval: (q) =>
      startedId && q.state.data?.find((s) => s.id === startedId)?.status === "incomplete"
        ? 2000
        : false,
  });
  const cancel = useMutation(
    trpc.subscription.cancel.mutationOptions({
      onSuccess: async (r) => {
        setNotice(
          r.currentPeriodEnd
            ? `Subscription cancelled: it ends on ${formatUtcDate(r.currentPeriodEnd)}, and nothing more is charged.`
            : "Subscription cancelled: nothing more is charged.",
        );
        await queryClient.invalidateQueries({ queryKey: trpc.subscription.mine.queryKey() });
      },
    }),
  );
  const portal = useMutation(
    trpc.subscription.portal.mutationOptions({
      onSuccess: ({ url }) => window.location.assign(url),
    }),
  );
  if (mine.isPending) return <Loading label="Loading your subscriptions…" rows={3} />;
  if (mine.error) return <Alert>{mine.error.message}</Alert>;
  const started = startedId ? mine.data.find((s) => s.id === startedId) : undefined;
  return (
    <div className="space-y-4">
      {started ? (
        started.status === "incomplete" ? (
          <Alert tone="info" data-testid="started-note">
            Payment received: confirming your subscription to {started.artist.name}…
          </Alert>
        ) : (
          <Alert tone="success" title="You’re subscribed" data-testid="started-note">
            Your subscription to {started.artist.name} has started: download their catalog below.
          </Alert>
        )
      ) : null}
      <Alert tone="success">{notice}</Alert>
      <Alert>{cancel.error?.message ?? portal.error?.message}</Alert>
      {mine.data.length === 0 ? (
        <EmptyState title="No subscriptions yet">
          Subscribe on an artist’s page to download their whole catalog.{" "}
          <Link href="/" className="text-brand-600">
            Discover artists
          </Link>
        </EmptyState>
      ) : (
        <ul className="space-y-4" aria-label="Your subscriptions">
          {mine.data.map((s) => (
            <li key={s.id}>
              <SubscriptionCard
                s={s}
                tracks={tracksByArtist[s.artist.id]}
                busy={cancel.isPending || portal.isPending}
                onCancel={() => {
                  setNotice(null);
                  cancel.mutate({ subscriptionId: s.id });
                }}
                onPortal={() => portal.mutate({ subscriptionId: s.id })}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
