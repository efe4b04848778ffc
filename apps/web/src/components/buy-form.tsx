"use client";

import { useState } from "react";

import { Button, Field, Input } from "@fanfare/ui";
import { formatCents, parseDollarsToCents } from "@fanfare/validators/money";

import { fieldErrorsOf } from "~/lib/trpc-errors";
import { trpcMutation } from "~/lib/trpc-fetch";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Email (and amount for pay-what-you-want), then off to Checkout. No account needed. */
export function BuyForm(props: {
  slug: string;
  priceCents: number;
  minPriceCents: number | null;
  currency: string;
  /** The download link's terms, from the server's settings. */
  downloadTerms: { days: number; downloads: number };
  disabled?: boolean;
}) {
  const pwyw = props.minPriceCents != null;
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [amount, setAmount] = useState((props.priceCents / 100).toFixed(2));
  const [localError, setLocalError] = useState<string | null>(null);
  // `buyer.startCheckout`, then off to the checkout page ("done" keeps the button busy meanwhile).
  const [status, setStatus] = useState<"idle" | "pending" | "done">("idle");
  const [error, setError] = useState<Error | null>(null);
  const busy = status !== "idle";
  const fe = fieldErrorsOf(error);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    let amountCents: number | undefined;
    if (pwyw) {
      const parsed = parseDollarsToCents(amount);
      if (parsed == null) return setLocalError("Enter an amount like 7 or 7.50.");
      amountCents = parsed;
    }
    setStatus("pending");
    setError(null);
    trpcMutation("buyer", "startCheckout", {
      slug: props.slug,
      buyerEmail: email,
      buyerName: name || undefined,
      amountCents,
    })
      .then((r) => {
        setStatus("done");
        window.location.assign(r.checkoutUrl);
      })
      .catch((err: unknown) => {
        setStatus("idle");
        setError(err as Error);
      });
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div className="flex items-baseline justify-between">
        <h2 className="font-semibold">Buy this track</h2>
        <p className="text-xl font-bold" data-testid="price">
          {pwyw
            ? `${formatCents(props.minPriceCents ?? 0, props.currency)} or more`
            : formatCents(props.priceCents, props.currency)}
        </p>
      </div>
      {pwyw ? (
        <Field
          id="amount"
          label="Name your price (USD)"
          error={localError ?? fe.amountCents}
          hint={`Minimum ${formatCents(props.minPriceCents ?? 0, props.currency)}; suggested ${formatCents(props.priceCents, props.currency)}.`}
        >
          <Input
            id="amount"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            invalid={!!(localError ?? fe.amountCents)}
          />
        </Field>
      ) : null}
      <Field id="buyerEmail" label="Email for your download link" error={fe.buyerEmail}>
        <Input
          id="buyerEmail"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          invalid={!!fe.buyerEmail}
          required
        />
      </Field>
      <Field id="buyerName" label="Name (optional)" error={fe.buyerName}>
        <Input
          id="buyerName"
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      {error && Object.keys(fe).length === 0 ? (
        <p role="alert" className="text-sm text-red-600">
          {error.message}
        </p>
      ) : null}
      <Button type="submit" className="w-full" pending={busy} disabled={props.disabled}>
        {busy ? "Opening checkout…" : "Buy and download"}
      </Button>
      <p className="text-xs text-zinc-500">
        You get the full-quality master: a download link valid for{" "}
        {plural(props.downloadTerms.days, "day")} and{" "}
        {plural(props.downloadTerms.downloads, "download")}.
      </p>
    </form>
  );
}
