import Image from "next/image";

import type { BadgeIcon, BadgeLevel } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { BadgeMedal } from "./badge-medal";
import { Artwork } from "./track-card";
import { PreviewButton } from "./preview-button";

/** A track as a landing page lists it. `href` is the track page through the promoter's link. */
export type LandingTrackCard = {
  trackId: string;
  title: string;
  artistName: string;
  artworkUrl: string | null;
  previewUrl: string | null;
  priceCents: number;
  minPriceCents: number | null;
  currency: string;
  note: string;
  href: string;
};

/** What a landing page shows; the public page and the editor's live preview fill it alike. */
export type LandingView = {
  name: string;
  initials: string;
  photoUrl: string | null;
  headline: string;
  bio: string;
  ctaText: string;
  themeColor: string;
  badges: { key: string; name: string; detail: string; icon: BadgeIcon; level: BadgeLevel }[];
  tracks: LandingTrackCard[];
};

/**
 * Black or white, whichever reads better on `hex` (WCAG relative luminance; the crossover where
 * both contrasts are equal is a luminance of about 0.18), so a button in any theme colour keeps
 * its text legible.
 */
export function readableTextOn(hex: string): "#ffffff" | "#18181b" {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return l > 0.179 ? "#18181b" : "#ffffff";
}

function priceText(t: LandingTrackCard): string {
  return t.minPriceCents != null
    ? `From ${formatCents(t.minPriceCents, t.currency)}`
    : formatCents(t.priceCents, t.currency);
}

/**
 * A promoter's landing page body: a band in the theme colour with the photo (or initials), name,
 * headline and about text; their badges; then the tracks they recommend, each with its artwork,
 * price, the promoter's note, a preview player and the call to action to the track page.
 * Presentational only (no data fetching), so the cached public page and the editor's live
 * preview render the same thing.
 */
export function LandingPageView({
  page,
  preview = false,
}: {
  page: LandingView;
  preview?: boolean;
}) {
  const onTheme = readableTextOn(page.themeColor);
  return (
    <article
      className="overflow-hidden rounded-2xl border border-zinc-200 bg-white"
      data-testid="landing-page"
    >
      <header
        className="flex flex-col items-center gap-3 px-6 py-8 text-center sm:flex-row sm:items-center sm:text-left"
        style={{ backgroundColor: page.themeColor, color: onTheme }}
      >
        {page.photoUrl ? (
          <Image
            src={page.photoUrl}
            alt={`Photo of ${page.name}`}
            width={96}
            height={96}
            unoptimized
            className="size-24 shrink-0 rounded-full object-cover ring-4 ring-white/70"
          />
        ) : (
          <span
            aria-hidden
            className="flex size-24 shrink-0 items-center justify-center rounded-full bg-white/20 text-3xl font-bold ring-4 ring-white/50"
          >
            {page.initials}
          </span>
        )}
        <div className="min-w-0 space-y-1">
          <p className="text-sm font-medium">{page.name} recommends</p>
          {preview ? (
            <p className="text-2xl font-bold break-words sm:text-3xl">
              {page.headline || "Your headline"}
            </p>
          ) : (
            <h1 className="text-2xl font-bold break-words sm:text-3xl">{page.headline}</h1>
          )}
        </div>
      </header>
      <div className="space-y-6 px-6 py-6">
        {page.bio ? <p className="whitespace-pre-line text-zinc-700">{page.bio}</p> : null}
        {page.badges.length ? (
          <ul aria-label="Badges" className="flex flex-wrap gap-3">
            {page.badges.map((b) => (
              <li
                key={`${b.key}-${b.detail}`}
                className="flex items-center gap-2 text-sm"
                title={b.detail}
              >
                <BadgeMedal icon={b.icon} level={b.level} small />
                <span className="font-medium">{b.name}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {page.tracks.length ? (
          <ul className="space-y-4" aria-label="Recommended tracks">
            {page.tracks.map((t) => (
              <li
                key={t.trackId}
                className="flex gap-4 rounded-xl border border-zinc-200 p-3"
                data-testid="landing-track"
              >
                <div className="relative w-24 shrink-0 sm:w-28">
                  <Artwork url={t.artworkUrl} title={t.title} />
                  {t.previewUrl ? (
                    <div className="absolute right-1 bottom-1">
                      <PreviewButton src={t.previewUrl} title={t.title} />
                    </div>
                  ) : null}
                </div>
                <div className="flex min-w-0 flex-1 flex-col gap-1">
                  <p className="font-semibold break-words">{t.title}</p>
                  <p className="text-sm text-zinc-600">{t.artistName}</p>
                  {t.note ? <p className="text-sm text-zinc-700 italic">“{t.note}”</p> : null}
                  <div className="mt-auto flex flex-wrap items-center gap-3 pt-2">
                    <a
                      href={t.href}
                      className="inline-flex min-h-10 items-center rounded-lg px-4 text-sm font-semibold shadow-sm focus-visible:ring-2 focus-visible:ring-offset-2 focus-visible:outline-none"
                      style={{ backgroundColor: page.themeColor, color: onTheme }}
                      {...(preview ? { tabIndex: -1, "aria-disabled": true } : {})}
                    >
                      {page.ctaText}
                      <span className="sr-only">: {t.title}</span>
                    </a>
                    <span className="text-sm font-medium text-zinc-700">{priceText(t)}</span>
                  </div>
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500">No tracks listed yet.</p>
        )}
      </div>
    </article>
  );
}
