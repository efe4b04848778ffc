"use client";

import Link from "next/link";
import { useSearchParams } from "next/navigation";

import type { EmbedTrack } from "@fanfare/api/services/reach/oembed";

import type { LinkProduct } from "./get-link-button";
import { GetLinkButton } from "./get-link-button";
import { useViewer } from "./viewer";

/**
 * "Get your link" on a cached track or release page: who is signed in is asked in the browser.
 * Signed out: a sign-in link; the product's own artist: a note instead (no link to their own).
 */
export function PromoteAction({
  product,
  slug,
  artistId,
  shareText,
  embed,
}: {
  product: LinkProduct;
  slug: string;
  artistId: string;
  shareText: string;
  /** The track for the embeddable player's code in the share kit. */
  embed?: EmbedTrack;
}) {
  const viewer = useViewer();
  if (viewer.status === "pending")
    return (
      <div aria-hidden className="h-9 w-40 rounded-lg bg-zinc-100" data-testid="promote-loading" />
    );
  if (viewer.viewer?.artistId === artistId) {
    return (
      <p className="text-sm font-medium text-zinc-700" data-testid="own-track">
        This is your {product.kind === "release" ? "release" : "track"}: promoters get their links
        here.
      </p>
    );
  }
  return (
    <GetLinkButton
      product={product}
      slug={slug}
      signedIn={!!viewer.viewer}
      shareText={shareText}
      embed={embed}
    />
  );
}

/** The "checkout was cancelled" notice, from `?checkout=cancelled` (read in the browser). */
export function CheckoutCancelledNotice() {
  const params = useSearchParams();
  if (params.get("checkout") !== "cancelled") return null;
  return (
    <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
      Checkout was cancelled; you were not charged.
    </p>
  );
}

/** Where an unavailable track page points visitors. */
export function BackToDiscover() {
  return (
    <Link href="/" className="text-sm font-medium text-brand-600">
      Discover other music →
    </Link>
  );
}
