"use client";

import { useId, useSyncExternalStore } from "react";

import type { EmbedTrack } from "@fanfare/api/services/reach/oembed";
import { embedIframeHtml, embedUrl, EMBED_HEIGHT } from "@fanfare/api/services/reach/oembed";

import { CopyButton } from "./copy-button";

const noSubscription = () => () => {};

/**
 * "Embed this track" for the share kit (issue 14 §5): the player's iframe HTML for the track and
 * the promoter's code (the same HTML the oEmbed endpoint answers), a Copy button, and a live
 * preview of the player. Buy in the player opens the promoter's link in a new tab, so sales from
 * a blog or forum are credited like any other click.
 * @param appUrl the app's own URL (APP_URL); defaults to the page's own origin, which is the
 *   app's wherever the share kit is shown.
 */
export function EmbedSnippet({
  track,
  refCode = null,
  appUrl,
}: {
  track: EmbedTrack;
  refCode?: string | null;
  appUrl?: string;
}) {
  const id = useId();
  const origin = useSyncExternalStore(
    noSubscription,
    () => appUrl ?? window.location.origin,
    () => appUrl ?? null,
  );
  if (!origin) return null; // on the server without appUrl: rendered once in the browser
  const html = embedIframeHtml({ appUrl: origin, track, ref: refCode });
  return (
    <div className="space-y-3" data-testid="embed-snippet">
      <div className="space-y-1">
        <label htmlFor={id} className="block text-sm font-medium text-ink">
          Embed code
        </label>
        <textarea
          id={id}
          readOnly
          rows={3}
          value={html}
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded-lg border border-zinc-300 bg-zinc-50 p-2 font-mono text-xs text-ink"
          data-testid="embed-code"
        />
        <p className="text-xs text-zinc-600">
          Paste it into a blog post or any page that takes HTML. Sites that support oEmbed turn a
          pasted track link into this player by themselves.
        </p>
      </div>
      <CopyButton text={html} label="Copy embed code" />
      <div className="space-y-1">
        <p className="text-sm font-medium text-ink">Preview</p>
        <iframe
          src={embedUrl(origin, track.slug, refCode)}
          title={`Preview of the player for ${track.title}`}
          width="100%"
          height={EMBED_HEIGHT}
          className="max-w-[480px] border-0"
          loading="lazy"
          data-testid="embed-preview"
        />
      </div>
    </div>
  );
}
