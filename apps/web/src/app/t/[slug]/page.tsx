import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { auth } from "~/auth";
import { Badge, Card } from "@fanfare/ui";
import { formatBps, formatCents } from "@fanfare/validators";

import { BuyForm } from "~/components/buy-form";
import { GetLinkButton } from "~/components/get-link-button";
import { Artwork } from "~/components/track-card";
import { api } from "~/trpc/server";

export const dynamic = "force-dynamic";

async function loadTrack(slug: string) {
  const caller = await api();
  return caller.buyer.trackBySlug({ slug }).catch(() => null);
}

export async function generateMetadata({
  params,
}: {
  params: Promise<{ slug: string }>;
}): Promise<Metadata> {
  const track = await loadTrack((await params).slug);
  return track
    ? {
        title: `${track.title} by ${track.artist.name}`,
        description: track.description.slice(0, 160),
      }
    : { title: "Track not found" };
}

const duration = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

export default async function TrackPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ checkout?: string }>;
}) {
  const { slug } = await params;
  const sp = await searchParams;
  const track = await loadTrack(slug);
  if (!track) notFound();
  const session = await auth();
  return (
    <article className="grid gap-8 md:grid-cols-[16rem_1fr]">
      <Artwork url={track.artworkUrl} title={track.title} size="lg" />
      <div className="space-y-6">
        <header className="space-y-1">
          {!track.published ? <Badge tone="amber">Draft — only you can see this page</Badge> : null}
          <h1 className="text-3xl font-bold tracking-tight">{track.title}</h1>
          <p className="text-lg text-zinc-600">by {track.artist.name}</p>
          <p className="text-sm text-zinc-500">
            {track.genre?.name ? `${track.genre.name} · ` : ""}
            {duration(track.durationSeconds)}
          </p>
        </header>
        {track.previewUrl ? (
          <div>
            <p className="mb-1 text-sm font-medium">Preview (30 seconds)</p>
            <audio
              controls
              preload="none"
              src={track.previewUrl}
              className="w-full max-w-md"
              data-testid="preview-player"
            >
              Your browser cannot play the preview.
            </audio>
          </div>
        ) : null}
        {track.description ? (
          <p className="max-w-prose whitespace-pre-line text-zinc-700">{track.description}</p>
        ) : null}
        {sp.checkout === "cancelled" ? (
          <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
            Checkout was cancelled; you were not charged.
          </p>
        ) : null}
        <Card className="max-w-md">
          <BuyForm
            slug={track.slug}
            priceCents={track.priceCents}
            minPriceCents={track.minPriceCents}
            currency={track.currency}
            disabled={!track.published}
          />
        </Card>
        {track.affiliateEnabled && track.published && !track.isOwner ? (
          <Card className="max-w-md space-y-2">
            <h2 className="font-semibold">Promote this track</h2>
            <p className="text-sm text-zinc-600">
              Earn {formatBps(track.commissionBps)} of every sale you drive:{" "}
              {formatCents(
                Math.round((track.priceCents * track.commissionBps) / 10_000),
                track.currency,
              )}{" "}
              at the {track.payWhatYouWant ? "suggested" : "listed"} price.
            </p>
            <GetLinkButton trackId={track.id} signedIn={!!session?.user} slug={track.slug} />
          </Card>
        ) : null}
      </div>
    </article>
  );
}
