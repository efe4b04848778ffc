"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";

import { Button } from "@fanfare/ui";

import { CopyButton } from "./copy-button";
import { useTRPC } from "~/trpc/react";

/** One click gives a signed-in user their affiliate link for this track. */
export function GetLinkButton({ trackId, signedIn, slug }: { trackId: string; signedIn: boolean; slug: string }) {
  const trpc = useTRPC();
  const link = useMutation(trpc.promoter.getOrCreateLink.mutationOptions());
  if (!signedIn) {
    return (
      <Link href={`/sign-in?next=/t/${slug}`} className="inline-flex rounded-lg bg-white px-4 py-2 text-sm font-semibold text-ink ring-1 ring-zinc-300 hover:bg-zinc-50">
        Sign in to get your link
      </Link>
    );
  }
  if (link.data) {
    return (
      <div className="space-y-2">
        <label htmlFor="affiliate-url" className="text-sm font-medium">Your link</label>
        <div className="flex gap-2">
          <input id="affiliate-url" readOnly value={link.data.url} className="w-full rounded-lg bg-zinc-50 px-3 py-2 font-mono text-sm ring-1 ring-zinc-300" data-testid="affiliate-url" onFocus={(e) => e.currentTarget.select()} />
          <CopyButton text={link.data.url} />
        </div>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <Button variant="secondary" onClick={() => link.mutate({ trackId })} pending={link.isPending}>
        Get your link
      </Button>
      {link.error ? <p role="alert" className="text-sm text-red-600">{link.error.message}</p> : null}
    </div>
  );
}
