"use client";

import { useMemo, useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, Field, Input } from "@fanfare/ui";
import { buyFormSchema } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { useSave, useZodForm } from "~/lib/form";
import { trpcMutation } from "~/lib/trpc-fetch";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Email (and amount for pay-what-you-want), then off to Checkout. No account needed. Runs on
 * `useZodForm(buyFormSchema(track))`: a malformed email or an amount under the minimum is
 * refused in the browser with the validators' message before anything is sent.
 */
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
  const schema = useMemo(
    () => buyFormSchema({ minPriceCents: props.minPriceCents, currency: props.currency }),
    [props.minPriceCents, props.currency],
  );
  const form = useZodForm(schema, {
    defaultValues: { buyerEmail: "", buyerName: "", amount: (props.priceCents / 100).toFixed(2) },
  });
  // `buyer.startCheckout`, then off to the checkout page (the button stays busy meanwhile).
  const [leaving, setLeaving] = useState(false);
  const { failure, save } = useSave(form, { amountCents: "amount" });
  const busy = form.formState.isSubmitting || leaving;
  const errors = form.formState.errors;

  const submit = form.handleSubmit(async (input) => {
    await save(async () => {
      const r = await trpcMutation("buyer", "startCheckout", { slug: props.slug, ...input });
      setLeaving(true);
      window.location.assign(r.checkoutUrl);
    });
  });

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
          error={errors.amount?.message}
          hint={`Minimum ${formatCents(props.minPriceCents ?? 0, props.currency)}; suggested ${formatCents(props.priceCents, props.currency)}.`}
        >
          <Input
            id="amount"
            inputMode="decimal"
            {...form.register("amount")}
            invalid={!!errors.amount}
          />
        </Field>
      ) : null}
      <Field
        id="buyerEmail"
        label="Email for your download link"
        error={errors.buyerEmail?.message}
      >
        <Input
          id="buyerEmail"
          type="email"
          autoComplete="email"
          {...form.register("buyerEmail")}
          invalid={!!errors.buyerEmail}
          required
        />
      </Field>
      <Field id="buyerName" label="Name (optional)" error={errors.buyerName?.message}>
        <Input
          id="buyerName"
          autoComplete="name"
          {...form.register("buyerName")}
          invalid={!!errors.buyerName}
        />
      </Field>
      <Alert>{failure}</Alert>
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
