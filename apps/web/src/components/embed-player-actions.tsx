"use client";

import { useRef, useSyncExternalStore } from "react";

import { buttonVariants } from "@fanfare/ui";
import { ZLinkCode } from "@fanfare/validators";

import { PreviewButton } from "./preview-button";
import { reportView } from "~/lib/report-view";

const noSubscription = () => () => {};

/**
 * The promoter code in the frame's own address (`/embed/t/<slug>?ref=<code>`), read in the
 * browser so the cached embed HTML is one per slug; null on the server, when absent or malformed.
 */
function useRefCode(): string | null {
  const search = useSyncExternalStore(
    noSubscription,
    () => window.location.search,
    () => "",
  );
  const code = ZLinkCode.safeParse(new URLSearchParams(search).get("ref") ?? "");
  return code.success ? code.data : null;
}

/** Where Buy goes: the track page, with the promoter's code and `src=embed` when the embed has one. */
export function embedBuyHref(slug: string, ref: string | null): string {
  const path = `/t/${encodeURIComponent(slug)}`;
  return ref ? `${path}?${new URLSearchParams({ ref, src: "embed" })}` : path;
}

/**
 * The embedded player's per-visitor part (issue 14 §5): the preview's play button, whose first
 * play on this page load reports an embed view (POST /api/views, no cookies), and Buy, which
 * opens the track page in a new top-level tab: inside another site's frame the attribution cookie
 * can be neither set nor sent, so the click is captured there (`?ref=`) like any other.
 */
export function EmbedPlayerActions({
  slug,
  title,
  previewUrl,
  priceLabel,
}: {
  slug: string;
  title: string;
  previewUrl: string | null;
  priceLabel: string;
}) {
  const ref = useRefCode();
  const reported = useRef(false);
  const reportPlay = () => {
    if (reported.current) return;
    reported.current = true;
    reportView({ kind: "embed", slug, ref });
  };
  return (
    <div className="flex items-center gap-3">
      {previewUrl ? <PreviewButton src={previewUrl} title={title} onPlay={reportPlay} /> : null}
      <span className="text-sm font-semibold" data-testid="embed-price">
        {priceLabel}
      </span>
      <a
        href={embedBuyHref(slug, ref)}
        target="_blank"
        rel="noopener"
        className={buttonVariants({ size: "sm", className: "ml-auto" })}
        data-testid="embed-buy"
      >
        Buy
      </a>
    </div>
  );
}
