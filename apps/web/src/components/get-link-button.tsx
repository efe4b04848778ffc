"use client";

import Link from "next/link";
import { useState } from "react";

import type { EmbedTrack } from "@fanfare/api/services/reach/oembed";
import { Alert } from "@fanfare/ui/alert";
import { Button, buttonVariants } from "@fanfare/ui";

import { ShareKit } from "./share-kit";
import { TrpcCallError, trpcMutation, trpcQuery } from "~/lib/trpc-fetch";

/** What a link is for: a track (`/t/<slug>`) or a release (`/r/<slug>`, issue 16 §1). */
export type LinkProduct =
  { kind: "track"; trackId: string } | { kind: "release"; releaseId: string };

/**
 * One click gives a signed-in user their affiliate link for this track
 * (`promoter.getOrCreateLink`) or release (`promoter.getOrCreateReleaseLink`).
 */
export function GetLinkButton({
  product,
  signedIn,
  slug,
  shareText,
  embed,
}: {
  product: LinkProduct;
  signedIn: boolean;
  slug: string;
  /** The pre-filled share message, e.g. `Listen to "Night Drive" by Nova Lights`. */
  shareText?: string;
  /** The track, for the embeddable player's code in the share kit (tracks only). */
  embed?: EmbedTrack;
}) {
  const path = `/${product.kind === "release" ? "r" : "t"}/${slug}`;
  const [url, setUrl] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [terms, setTerms] = useState<TermsToAccept | null>(null);
  if (!signedIn) {
    return (
      <Link href={`/sign-in?next=${path}`} className={buttonVariants({ variant: "secondary" })}>
        Sign in to get your link
      </Link>
    );
  }
  if (url) {
    return (
      <ShareKit
        url={url}
        text={shareText ?? "Listen on Fanfare"}
        fileName={`fanfare-${slug}-qr`}
        // The ready-to-post texts and the embeddable player are a track's.
        trackId={product.kind === "track" ? product.trackId : undefined}
        embed={product.kind === "track" ? embed : undefined}
      />
    );
  }
  const getLink = async () => {
    setPending(true);
    setError(null);
    try {
      const link =
        product.kind === "release"
          ? await trpcMutation("promoter", "getOrCreateReleaseLink", {
              releaseId: product.releaseId,
            })
          : await trpcMutation("promoter", "getOrCreateLink", { trackId: product.trackId });
      setUrl(link.url);
    } catch (e) {
      // The program's terms come first (a new promoter, or a new version): ask, then retry.
      if (e instanceof TrpcCallError && e.data?.appCode === "TERMS_REQUIRED") {
        const t = await trpcQuery("promoter", "terms").catch(() => null);
        if (t?.terms) setTerms({ ...t.terms, again: t.acceptedVersion != null });
        else setError(e.message);
      } else setError((e as Error).message);
    } finally {
      setPending(false);
    }
  };
  const accept = async () => {
    if (!terms) return;
    setPending(true);
    setError(null);
    try {
      await trpcMutation("promoter", "acceptTerms", { version: terms.version });
      setTerms(null);
      await getLink();
    } catch (e) {
      setError((e as Error).message);
      setPending(false);
    }
  };
  if (terms) {
    return (
      <section
        aria-labelledby="terms-prompt-h"
        className="space-y-3 rounded-xl bg-white p-4 ring-1 ring-zinc-200"
        data-testid="terms-prompt"
      >
        <h2 id="terms-prompt-h" className="font-semibold">
          {terms.again ? "The promoter terms changed" : "First, the promoter terms"}
        </h2>
        <p className="text-sm text-zinc-700">
          {terms.again
            ? `What changed in version ${terms.version}: ${terms.summary}`
            : "Promote honestly: no buying through your own link, no bots or spam, no paid ads on artists' names. Commissions are held for refunds and may be reviewed."}
        </p>
        <p className="text-sm">
          <a href="/terms" target="_blank" rel="noreferrer" className="text-brand-700 underline">
            Read the full terms (version {terms.version})
          </a>
        </p>
        <div className="flex flex-wrap gap-2">
          <Button onClick={() => void accept()} pending={pending}>
            Accept and get my link
          </Button>
          <Button variant="ghost" onClick={() => setTerms(null)}>
            Not now
          </Button>
        </div>
        {error ? <Alert>{error}</Alert> : null}
      </section>
    );
  }
  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={() => void getLink()} pending={pending}>
        Get your link
      </Button>
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}

/** The terms version a promoter is asked to accept; `again` when they accepted an older one. */
type TermsToAccept = { version: number; summary: string; again: boolean };
