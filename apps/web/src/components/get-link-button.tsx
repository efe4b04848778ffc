"use client";

import Link from "next/link";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, buttonVariants } from "@fanfare/ui";

import { ShareKit } from "./share-kit";
import { trpcMutation } from "~/lib/trpc-fetch";

/** One click gives a signed-in user their affiliate link for this track (`promoter.getOrCreateLink`). */
export function GetLinkButton({
  trackId,
  signedIn,
  slug,
  shareText,
}: {
  trackId: string;
  signedIn: boolean;
  slug: string;
  /** The pre-filled share message, e.g. `Listen to "Night Drive" by Nova Lights`. */
  shareText?: string;
}) {
  const [url, setUrl] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!signedIn) {
    return (
      <Link href={`/sign-in?next=/t/${slug}`} className={buttonVariants({ variant: "secondary" })}>
        Sign in to get your link
      </Link>
    );
  }
  if (url) {
    return (
      <ShareKit url={url} text={shareText ?? "Listen on Fanfare"} fileName={`fanfare-${slug}-qr`} />
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
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}
