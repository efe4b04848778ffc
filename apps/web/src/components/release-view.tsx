import Link from "next/link";
import { Suspense } from "react";

import type { PublicRelease } from "@fanfare/api/services/catalog/release-page";
import { Badge, Card } from "@fanfare/ui";
import { RELEASE_KIND_LABELS } from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { BuyForm } from "./buy-form";
import { PreviewButton } from "./preview-button";
import { ReportPromoterAction } from "./report-promoter";
import { Artwork } from "./track-card";
import { CheckoutCancelledNotice, PromoteAction } from "./track-islands";
import { BoostedNote, CampaignBanner } from "./track-view";

/** A running time: "3:07", or "1:02:45" from an hour on. */
export function formatDuration(total: number): string {
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** A release day as people read it, "March 1, 2027" (release dates are UTC days). */
export function formatReleaseDay(iso: string): string {
  return new Date(iso).toLocaleDateString("en-US", {
    timeZone: "UTC",
    year: "numeric",
    month: "long",
    day: "numeric",
  });
}

/** The kind as a noun in a sentence: "album", "EP", "single". */
export const releaseNoun = (kind: PublicRelease["kind"]) =>
  kind === "ep" ? "EP" : RELEASE_KIND_LABELS[kind].toLowerCase();

/** "Pre-order: out March 1, 2027", "Out March 1, 2027", "Released March 1, 2027", or null. */
export function releaseDateLine(r: Pick<PublicRelease, "releaseDate" | "upcoming" | "preorder">) {
  if (!r.releaseDate) return null;
  const day = formatReleaseDay(r.releaseDate);
  if (!r.upcoming) return `Released ${day}`;
  return r.preorder ? `Pre-order: out ${day}` : `Out ${day}`;
}

/**
 * A release's page body (issue 16 §1), the same for every visitor: rendered on the server into
 * the cached page `/r/<slug>`, and in the browser for the owner's draft (`draft`: the badge, the
 * buy button disabled, no promotion card). Artwork, title, kind, artist, release date, the track
 * list with each preview's play button (one plays at a time) and the total running time, the buy
 * form (a pre-order before the release date; nothing to buy before it without pre-orders) with
 * what the tracks cost separately when that is more, and "Get your link" for promoters. The
 * per-visitor parts are client islands, as on a track page.
 */
export function ReleaseView({
  release,
  draft = false,
}: {
  release: PublicRelease;
  draft?: boolean;
}) {
  const noun = releaseNoun(release.kind);
  const dateLine = releaseDateLine(release);
  // What visitors can do once it is published (the owner's draft shows the same, disabled).
  const sellable = release.trackCount > 0 && (!release.upcoming || release.preorder);
  const separately =
    release.tracksSoldAlone &&
    release.trackCount > 1 &&
    release.tracksPriceCents > release.priceCents
      ? `${release.trackCount} tracks, ${formatCents(release.tracksPriceCents, release.currency)} separately`
      : null;
  return (
    <article className="grid gap-8 md:grid-cols-[16rem_1fr]" data-testid="release-page">
      <Artwork url={release.artworkUrl} title={release.title} size="lg" priority />
      <div className="min-w-0 space-y-6">
        <header className="space-y-1">
          {draft ? <Badge tone="amber">Draft — only you can see this page</Badge> : null}
          <p className="text-sm font-medium uppercase tracking-wide text-zinc-500">
            {RELEASE_KIND_LABELS[release.kind]}
          </p>
          <h1 className="text-3xl font-bold tracking-tight break-words">{release.title}</h1>
          <p className="text-lg text-zinc-600">
            by{" "}
            <Link
              href={`/a/${release.artist.slug}`}
              className="underline decoration-zinc-300 underline-offset-2 hover:text-brand-700 hover:decoration-brand-600"
            >
              {release.artist.name}
            </Link>
          </p>
          {dateLine ? (
            <p
              className={
                release.upcoming && release.preorder
                  ? "text-sm font-medium text-brand-700"
                  : "text-sm text-zinc-600"
              }
              data-testid="release-date"
            >
              {dateLine}
            </p>
          ) : null}
        </header>
        {release.description ? (
          <p className="max-w-prose whitespace-pre-line break-words text-zinc-700">
            {release.description}
          </p>
        ) : null}
        {release.campaign && !draft ? (
          <CampaignBanner campaign={release.campaign} commissionBps={release.commissionBps} />
        ) : null}
        <TrackList release={release} />
        <Suspense fallback={null}>
          <CheckoutCancelledNotice />
        </Suspense>
        <Card className="max-w-md">
          {sellable ? (
            <BuyForm
              product="release"
              slug={release.slug}
              priceCents={release.priceCents}
              minPriceCents={release.minPriceCents}
              campaign={draft ? null : release.campaign}
              currency={release.currency}
              downloadTerms={release.downloadTerms}
              release={{ noun, trackCount: release.trackCount }}
              preorderOn={release.upcoming && release.preorder ? release.releaseDate : null}
              priceNote={separately}
              disabled={draft || !release.onSale}
            />
          ) : (
            <div className="space-y-1" data-testid="not-on-sale">
              <h2 className="font-semibold">Not on sale yet</h2>
              <p className="text-sm text-zinc-600">
                {release.upcoming && release.releaseDate
                  ? `This ${noun} goes on sale on its release date, ${formatReleaseDay(release.releaseDate)}.`
                  : `This ${noun} cannot be bought at the moment.`}
              </p>
            </div>
          )}
        </Card>
        {release.affiliateEnabled && !draft ? (
          <Card className="max-w-md space-y-2">
            <h2 className="font-semibold">Promote this {noun}</h2>
            <p className="text-sm text-zinc-600">
              Earn {formatBps(release.commissionBps)} of every sale you drive:{" "}
              {formatCents(release.commissionAtPriceCents, release.currency)} at the{" "}
              {release.payWhatYouWant ? "suggested" : "listed"} price.
              <BoostedNote campaign={release.campaign} commissionBps={release.commissionBps} />
            </p>
            <PromoteAction
              product={{ kind: "release", releaseId: release.id }}
              slug={release.slug}
              artistId={release.artist.id}
              shareText={`Listen to "${release.title}" by ${release.artist.name} on Fanfare`}
            />
          </Card>
        ) : null}
        {draft ? null : (
          <Suspense fallback={null}>
            <ReportPromoterAction />
          </Suspense>
        )}
      </div>
    </article>
  );
}

/**
 * The tracks in order: number, preview button (the discover cards' player: one preview at a
 * time), title (a link to the track's own page when it is on sale alone), length; then the total.
 */
function TrackList({ release }: { release: PublicRelease }) {
  return (
    <section aria-labelledby="release-tracks-h" className="max-w-xl space-y-2">
      <h2 id="release-tracks-h" className="font-semibold">
        Tracks
      </h2>
      <ol
        className="divide-y divide-zinc-100 rounded-lg bg-white ring-1 ring-zinc-200"
        data-testid="release-tracks"
      >
        {release.tracks.map((t) => (
          <li key={t.id} className="flex items-center gap-3 px-3 py-2">
            <span className="w-6 shrink-0 text-right font-mono text-sm text-zinc-500">
              {t.position}
            </span>
            <span className="h-11 w-11 shrink-0">
              {t.previewUrl ? <PreviewButton src={t.previewUrl} title={t.title} /> : null}
            </span>
            <span className="min-w-0 flex-1 truncate">
              {t.onSaleAlone ? (
                <Link
                  href={`/t/${t.slug}`}
                  className="hover:text-brand-700 hover:underline"
                  title={t.title}
                >
                  {t.title}
                </Link>
              ) : (
                <span title={t.title}>{t.title}</span>
              )}
            </span>
            <span className="shrink-0 font-mono text-sm text-zinc-600">
              {formatDuration(t.durationSeconds)}
            </span>
          </li>
        ))}
      </ol>
      <p className="text-sm text-zinc-600" data-testid="release-total">
        {release.trackCount} {release.trackCount === 1 ? "track" : "tracks"}, total running time{" "}
        {formatDuration(release.durationSeconds)}
      </p>
    </section>
  );
}
