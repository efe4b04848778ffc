"use client";

import Link from "next/link";
import { useState } from "react";

import { Button } from "@fanfare/ui";

import { CopyButton } from "./copy-button";
import { trpcMutation } from "~/lib/trpc-fetch";

/** One click gives a signed-in user their affiliate link for this track (`promoter.getOrCreateLink`). */
export function GetLinkButton({
  trackId,
  signedIn,
  slug,
}: {
  trackId: string;
  signedIn: boolean;
  slug: string;
}) {
  const [url, setUrl] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!signedIn) {
    return (
      <Link
        href={`/sign-in?next=/t/${slug}`}
        className="inline-flex rounded-lg bg-white px-4 py-2 text-sm font-semibold text-ink ring-1 ring-zinc-300 hover:bg-zinc-50"
      >
        Sign in to get your link
      </Link>
    );
  }
  if (url) {
    return (
      <div className="space-y-2">
        <label htmlFor="affiliate-url" className="text-sm font-medium">
          Your link
        </label>
        <div className="flex gap-2">
          <input
            id="affiliate-url"
            readOnly
            value={url}
            className="w-full rounded-lg bg-zinc-50 px-3 py-2 font-mono text-sm ring-1 ring-zinc-300"
            data-testid="affiliate-url"
            onFocus={(e) => e.currentTarget.select()}
          />
          <CopyButton text={url} />
        </div>
      </div>
    );
  }
  const getLink = async () => {
    setPending(true);
    setError(null);
    try {
      setUrl((await trpcMutation("promoter", "getOrCreateLink", { trackId })).url);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={() => void getLink()} pending={pending}>
        Get your link
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
