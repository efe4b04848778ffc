"use client";

import Link from "next/link";
import { useEffect, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, buttonVariants, Card, Field, Input } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators/money";

import { trpcMutation, trpcQuery } from "~/lib/trpc-fetch";
import { useViewer } from "./viewer";

type Plan = RouterOutputs["subscription"]["planForArtist"];
type Interval = "month" | "year";

/**
 * The artist's catalog subscription offer: the monthly (and yearly) price with "Subscribe". An
 * island of the cached artist page: the plan (`subscription.planForArtist`, public) and who is
 * signed in are asked in the browser, so the cached HTML holds nothing personal and a plan
 * saved since the page was cached shows at once. Signed out: sign in (back to this page);
 * signed in: `subscription.start` (with the code typed, if any: a discount code's coupon applies to
 * the payments its duration covers; a promoter's code credits the promoter), then the Checkout
 * page it returns. Renders nothing when the artist offers no plan or the viewer is the artist.
 */
export function SubscribeOffer({ artistSlug, artistId }: { artistSlug: string; artistId: string }) {
  const viewer = useViewer();
  const [plan, setPlan] = useState<Plan | "pending">("pending");
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState<Interval | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const [code, setCode] = useState("");
  useEffect(() => {
    let live = true;
    // Checkout's cancel URL (`?subscription=cancelled`), read here: the cached page has no query.
    setCancelled(new URLSearchParams(window.location.search).get("subscription") === "cancelled");
    trpcQuery("subscription", "planForArtist", { artistSlug })
      .then((p) => live && setPlan(p))
      .catch(() => live && setPlan(null));
    return () => {
      live = false;
    };
  }, [artistSlug]);
  if (plan === "pending" || plan === null) return null;
  if (viewer.status === "done" && viewer.viewer?.artistId === artistId) return null;
  const start = async (interval: Interval) => {
    setError(null);
    setStarting(interval);
    try {
      const r = await trpcMutation("subscription", "start", {
        artistSlug,
        interval,
        ...(code.trim() ? { code: code.trim() } : {}),
      });
      window.location.assign(r.checkoutUrl);
    } catch (e) {
      setError((e as Error).message);
      setStarting(null);
    }
  };
  const signedOut = viewer.status === "done" && !viewer.viewer;
  const options: { interval: Interval; priceCents: number; label: string }[] = [
    { interval: "month", priceCents: plan.monthlyPriceCents, label: "a month" },
    ...(plan.yearlyPriceCents != null
      ? [{ interval: "year" as const, priceCents: plan.yearlyPriceCents, label: "a year" }]
      : []),
  ];
  return (
    <Card className="max-w-2xl space-y-3" data-testid="subscribe-offer">
      <div className="space-y-1">
        <h2 className="text-lg font-semibold">Subscribe to {plan.artistName}</h2>
        <p className="text-sm text-zinc-600">
          Download every track in the catalog, new ones included, while you subscribe. Cancel any
          time.
        </p>
      </div>
      {signedOut ? null : (
        <Field
          id="subscribe-code"
          label="Discount or promoter code (optional)"
          hint="A discount code applies to the payments it covers; a promoter's code thanks them."
        >
          <Input
            id="subscribe-code"
            autoComplete="off"
            spellCheck={false}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            className="max-w-xs"
          />
        </Field>
      )}
      <div className="flex flex-col gap-2 sm:flex-row sm:flex-wrap">
        {options.map((o) =>
          signedOut ? (
            <Link
              key={o.interval}
              href={`/sign-in?next=${encodeURIComponent(`/a/${artistSlug}`)}`}
              className={buttonVariants({
                variant: o.interval === "month" ? "primary" : "secondary",
              })}
            >
              Subscribe · {formatCents(o.priceCents, plan.currency)} {o.label}
            </Link>
          ) : (
            <Button
              key={o.interval}
              variant={o.interval === "month" ? "primary" : "secondary"}
              disabled={viewer.status === "pending" || starting !== null}
              pending={starting === o.interval}
              onClick={() => void start(o.interval)}
            >
              Subscribe · {formatCents(o.priceCents, plan.currency)} {o.label}
            </Button>
          ),
        )}
      </div>
      {signedOut ? (
        <p className="text-xs text-zinc-600">
          Sign in with your email first; we bring you back here.
        </p>
      ) : null}
      {cancelled ? (
        <Alert tone="warning">Checkout was cancelled; you were not charged.</Alert>
      ) : null}
      <Alert>{error}</Alert>
    </Card>
  );
}
