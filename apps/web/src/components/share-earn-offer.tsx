"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, Card } from "@fanfare/ui";
import { formatBps } from "@fanfare/validators/money";

import { useTRPC } from "~/trpc/react";

/** The anchor the receipt email's "Share & earn" button opens (`/purchase/<token>#share-and-earn`). */
export const SHARE_EARN_ANCHOR = "share-and-earn";

/**
 * "Share this track (album, EP…) and earn N%" under a completed purchase (issue 14 §7; a release
 * bought, issue 16 §1): N is the rate a promoter would earn on it now (`buyer.shareEarnOffer`, authorized by the page's token);
 * nothing shows when the purchase carries no offer. One click (`buyer.shareAndEarn`, a POST)
 * makes the buyer's account when there is none and emails a sign-in link; the answer only says
 * where the link went, masked. Rendered in the per-token, dynamic purchase page only.
 */
export function ShareEarnOffer({ token }: { token: string }) {
  const trpc = useTRPC();
  const offer = useQuery(trpc.buyer.shareEarnOffer.queryOptions({ token }));
  const join = useMutation(trpc.buyer.shareAndEarn.mutationOptions());
  const section = useRef<HTMLElement>(null);
  const shown = offer.data != null;
  // The email's button opens the page at the offer, which renders after its query answers.
  useEffect(() => {
    if (shown && window.location.hash === `#${SHARE_EARN_ANCHOR}`)
      section.current?.scrollIntoView({ block: "center" });
  }, [shown]);
  if (!offer.data) return null;
  const rate = formatBps(offer.data.commissionBps);
  return (
    <Card className="max-w-xl">
      <section
        id={SHARE_EARN_ANCHOR}
        ref={section}
        aria-labelledby="share-earn-h"
        className="space-y-3"
        data-testid="share-earn-offer"
      >
        <h2 id="share-earn-h" className="text-lg font-semibold">
          Share this {offer.data.product.noun} and earn {rate}
        </h2>
        <p className="text-sm text-zinc-700">
          Like &quot;{offer.data.product.title}&quot;? Get your own link to it and earn {rate} of
          every sale it brings. One click, no password: we email you a link to confirm, then you
          accept the program&apos;s terms and get your link.
        </p>
        {join.isSuccess ? (
          <Alert tone="success" title="Check your inbox" data-testid="share-earn-sent">
            {join.data.message}
          </Alert>
        ) : (
          <Button onClick={() => join.mutate({ token })} pending={join.isPending}>
            Share &amp; earn {rate}
          </Button>
        )}
        {join.error ? <Alert>{join.error.message}</Alert> : null}
      </section>
    </Card>
  );
}
