import Link from "next/link";
import { Fragment, Suspense } from "react";

import type { TrackPageTrack } from "@fanfare/api/services/catalog/public-page";
import type { TrackReleaseRef } from "@fanfare/api/services/catalog/release-page";
import type { LeaderboardRow } from "@fanfare/validators";
import { Badge, Card } from "@fanfare/ui";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { BuyForm } from "./buy-form";
import { Countdown } from "./countdown";
import { ReportPromoterAction } from "./report-promoter";
import { CheckoutCancelledNotice, PromoteAction } from "./track-islands";
import { Artwork } from "./track-card";

/** A live campaign as a product page shows it (`pageCampaign` in the API). */
type PageCampaign = NonNullable<TrackPageTrack["campaign"]>;

const duration = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

/**
 * A track's page body, the same for every visitor: rendered on the server into the cached page,
 * and in the browser for the owner's draft (`draft`: the badge, the buy button disabled, no
 * promotion card). The per-visitor parts are client islands, "Report this promoter" among them
 * (shown only to a visitor who came through a link: `?ref=` is read in the browser).
 */
export function TrackView({
  track,
  draft = false,
  fans = null,
  alsoOn = [],
}: {
  track: TrackPageTrack;
  draft?: boolean;
  /** The published releases the track is on ("Also on …", issue 16 §1); none on a draft. */
  alsoOn?: TrackReleaseRef[];
  /** "Top fans promoting this track" (the track's board, all time, by sales); none on a draft. */
  fans?: LeaderboardRow[] | null;
}) {
  return (
    <article className="grid gap-8 md:grid-cols-[16rem_1fr]">
      <Artwork url={track.artworkUrl} title={track.title} size="lg" priority />
      <div className="space-y-6">
        <header className="space-y-1">
          {draft ? <Badge tone="amber">Draft — only you can see this page</Badge> : null}
          <h1 className="text-3xl font-bold tracking-tight">{track.title}</h1>
          <p className="text-lg text-zinc-600">
            by{" "}
            <Link
              href={`/a/${track.artist.slug}`}
              className="underline decoration-zinc-300 underline-offset-2 hover:text-brand-700 hover:decoration-brand-600"
            >
              {track.artist.name}
            </Link>
          </p>
          <p className="text-sm text-zinc-500">
            {track.genre?.name ? `${track.genre.name} · ` : ""}
            {duration(track.durationSeconds)}
          </p>
          {alsoOn.length ? (
            <p className="text-sm text-zinc-600" data-testid="also-on">
              Also on{" "}
              {alsoOn.map((r, i) => (
                <Fragment key={r.id}>
                  {i ? ", " : ""}
                  <Link
                    href={`/r/${r.slug}`}
                    className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-600"
                  >
                    {r.title}
                  </Link>
                </Fragment>
              ))}
            </p>
          ) : null}
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
        {track.campaign && !draft ? (
          <CampaignBanner campaign={track.campaign} commissionBps={track.commissionBps} />
        ) : null}
        <Suspense fallback={null}>
          <CheckoutCancelledNotice />
        </Suspense>
        <Card className="max-w-md">
          <BuyForm
            slug={track.slug}
            priceCents={track.priceCents}
            minPriceCents={track.minPriceCents}
            campaign={draft ? null : track.campaign}
            currency={track.currency}
            downloadTerms={track.downloadTerms}
            disabled={draft}
            licenseTiers={draft ? [] : (track.licenseTiers ?? [])}
          />
        </Card>
        {track.affiliateEnabled && !draft ? (
          <Card className="max-w-md space-y-2">
            <h2 className="font-semibold">Promote this track</h2>
            <p className="text-sm text-zinc-600">
              Earn {formatBps(track.commissionBps)} of every sale you drive:{" "}
              {formatCents(track.commissionAtPriceCents, track.currency)} at the{" "}
              {track.payWhatYouWant ? "suggested" : "listed"} price.
              <BoostedNote campaign={track.campaign} commissionBps={track.commissionBps} />
            </p>
            <PromoteAction
              product={{ kind: "track", trackId: track.id }}
              slug={track.slug}
              artistId={track.artist.id}
              shareText={`Listen to "${track.title}" by ${track.artist.name} on Fanfare`}
              embed={{
                slug: track.slug,
                title: track.title,
                artist: { name: track.artist.name, slug: track.artist.slug },
              }}
            />
          </Card>
        ) : null}
        {fans?.length && !draft ? <TopFans fans={fans} /> : null}
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
 * The live campaign on a track or a release (issue 12 §3): its name, what it gives buyers and
 * promoters, and a countdown to its end (run in the browser: the page is cached and shared).
 * @param commissionBps the product's own rate, to say what promoters usually earn.
 */
export function CampaignBanner({
  campaign: c,
  commissionBps,
}: {
  campaign: PageCampaign;
  commissionBps: number;
}) {
  const boosted = c.commissionBps > commissionBps;
  return (
    <div
      className="max-w-md space-y-1 rounded-xl bg-brand-50 p-4 text-sm text-zinc-800 ring-1 ring-brand-100"
      data-testid="campaign-banner"
    >
      <p className="font-semibold">{c.name}</p>
      <p>
        {c.discountBps ? `${formatBps(c.discountBps)} off for fans` : ""}
        {c.discountBps && boosted ? " · " : ""}
        {boosted
          ? `promoters earn ${formatBps(c.commissionBps)} (usually ${formatBps(commissionBps)})`
          : ""}
      </p>
      <Countdown endsAt={c.endsAt} className="text-xs font-medium text-brand-700" />
    </div>
  );
}

/**
 * " Boosted to 40% during <campaign>." after a product's commission line, when a live campaign
 * raises the rate; nothing otherwise.
 */
export function BoostedNote({
  campaign,
  commissionBps,
}: {
  campaign: PageCampaign | null;
  commissionBps: number;
}) {
  if (!campaign || campaign.commissionBps <= commissionBps) return null;
  return (
    <>
      {" "}
      <strong className="text-brand-700">
        Boosted to {formatBps(campaign.commissionBps)} during {campaign.name}.
      </strong>
    </>
  );
}

/** The promoters who sold the most of this track, by initials unless they chose their name. */
function TopFans({ fans }: { fans: LeaderboardRow[] }) {
  return (
    <section aria-labelledby="top-fans-h" className="max-w-md space-y-2" data-testid="top-fans">
      <h2 id="top-fans-h" className="font-semibold">
        Top fans promoting this track
      </h2>
      <ol className="divide-y divide-zinc-100 rounded-lg bg-white ring-1 ring-zinc-200">
        {fans.map((f) => (
          <li key={f.promoterId} className="flex items-center justify-between gap-3 px-4 py-2">
            <span className="min-w-0 truncate">
              <span className="mr-2 font-mono text-sm text-zinc-500">#{f.rank}</span>
              {f.label}
            </span>
            <span className="shrink-0 text-sm text-zinc-600">
              {f.sales} {f.sales === 1 ? "sale" : "sales"}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
