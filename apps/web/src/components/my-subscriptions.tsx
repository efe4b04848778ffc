"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Loading } from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import { formatCents } from "@fanfare/validators/money";

import type { DownloadFormat } from "./purchase-status";
import { FormatPicker, withFormat } from "./purchase-status";
import { formatUtcDate } from "~/lib/format";
import type { MySubscription, SubscriberTrack } from "~/lib/subscription-view";
import { subscriptionEntitled, subscriptionStateText } from "~/lib/subscription-view";
import { useTRPC } from "~/trpc/react";
import { useFormatChoice } from "~/lib/use-format-choice";

const STATUS_BADGE = {
  active: { tone: "green", label: "Active" },
  past_due: { tone: "amber", label: "Past due" },
  incomplete: { tone: "zinc", label: "Incomplete" },
  canceled: { tone: "zinc", label: "Ended" },
} as const;

/** A format a subscriber may pick, in the purchase page's words (`subscriberFormatOptions`). */
export type SubscriberFormatOption = { format: DownloadFormat; label: string };

/** The link's chosen format: the page's format and its label. */
type ChosenFormat = { format: DownloadFormat; label: string };

/**
 * The download links of an entitled subscription: the artist's published tracks, each in the
 * chosen format (`?format=`). A transcode is checked first with a HEAD (nothing is spent): while
 * it is being prepared (202) the track says so, with the wait the route gives, instead of the
 * browser opening a JSON answer; otherwise the link is followed. The original is a plain link
 * (it is never prepared), and so is every link without JavaScript.
 */
function Downloads({
  tracks,
  chosen,
}: {
  tracks: SubscriberTrack[] | undefined;
  chosen: ChosenFormat;
}) {
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [checking, setChecking] = useState<string | null>(null);
  if (!tracks?.length)
    return (
      <p className="text-sm text-zinc-600">No tracks to download yet: new ones appear here.</p>
    );
  const note = (trackId: string, text: string) => setNotes((n) => ({ ...n, [trackId]: text }));
  const follow = async (e: React.MouseEvent<HTMLAnchorElement>, trackId: string) => {
    // A new tab or window, or a save-as, is the browser's: only a plain click is checked.
    const modified = e.metaKey || e.ctrlKey || e.shiftKey || e.altKey;
    if (chosen.format === "original" || e.button !== 0 || modified) return;
    e.preventDefault();
    if (checking) return;
    const href = e.currentTarget.href;
    setChecking(trackId);
    note(trackId, "");
    try {
      const res = await fetch(href, { method: "HEAD", credentials: "same-origin" });
      if (res.status === 202) {
        const wait = Number(res.headers.get("Retry-After")) || 10;
        note(
          trackId,
          `Your ${chosen.label} file is being prepared: try again in about ${wait} seconds. Nothing was counted.`,
        );
        return;
      }
    } catch {
      // Offline or refused: the download answers for itself.
    } finally {
      setChecking(null);
    }
    window.location.assign(href);
  };
  return (
    <ul className="divide-y divide-zinc-100 text-sm" aria-label="Downloads">
      {tracks.map((t) => (
        <li key={t.id} className="py-2">
          <div className="flex items-center justify-between gap-3">
            <Link href={`/t/${t.slug}`} className="min-w-0 truncate text-ink hover:text-brand-700">
              {t.title}
            </Link>
            <a
              href={withFormat(`/api/subscriptions/download/${t.id}`, chosen.format)}
              onClick={(e) => void follow(e, t.id)}
              aria-busy={checking === t.id || undefined}
              className="shrink-0 font-medium text-brand-700 underline"
              data-testid={`download-${t.slug}`}
            >
              {checking === t.id ? "Checking…" : "Download"}
              <span className="sr-only">
                {" "}
                {t.title} ({chosen.label})
              </span>
            </a>
          </div>
          <p
            aria-live="polite"
            className="text-xs text-amber-800"
            data-testid={`download-note-${t.slug}`}
          >
            {notes[t.id] ?? ""}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** One subscription: artist, price, state, Cancel and Manage payment, and its downloads. */
export function SubscriptionCard({
  s,
  tracks,
  chosen,
  onCancel,
  onPortal,
  busy,
}: {
  s: MySubscription;
  tracks: SubscriberTrack[] | undefined;
  /** The format of the download links (the page's picker). */
  chosen: ChosenFormat;
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
          <Downloads tracks={tracks} chosen={chosen} />
        </section>
      ) : null}
    </Card>
  );
}

/**
 * The signed-in user's catalog subscriptions (`subscription.mine`, prefetched by the page):
 * each with its state, "Cancel" (at the period's end, `subscription.cancel`), "Manage payment"
 * (`subscription.portal`, then its page) and, while entitled, the artist's tracks to download.
 * Above them, when some subscription downloads, the purchase page's format picker (issue 16 §3:
 * MP3 320, AAC 256, FLAC or the original) sets the format of every link; the choice goes into
 * the address (`?format=`, the page's `initialFormat`). `startedId` (from `?started=`) shows the
 * note after Checkout and polls until the processor's event has made that subscription active.
 */
export function MySubscriptions({
  tracksByArtist,
  startedId,
  formats,
  initialFormat = "original",
}: {
  tracksByArtist: Record<string, SubscriberTrack[]>;
  startedId: string | null;
  /** The picker's options, in order (`subscriberFormatOptions`). */
  formats: SubscriberFormatOption[];
  initialFormat?: DownloadFormat;
}) {
  const [format, chooseFormat] = useFormatChoice(initialFormat);
  const chosen = { format, label: formats.find((f) => f.format === format)?.label ?? format };
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
  const downloading = mine.data.some(
    (s) => subscriptionEntitled(s) && (tracksByArtist[s.artist.id]?.length ?? 0) > 0,
  );
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
      {downloading ? (
        <FormatPicker
          // Whether a file is made yet is known per track, when its link is followed.
          formats={formats.map((f) => ({ ...f, ready: true }))}
          value={format}
          onChange={chooseFormat}
        />
      ) : null}
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
                chosen={chosen}
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
