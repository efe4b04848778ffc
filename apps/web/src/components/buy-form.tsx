"use client";

import { useEffect, useMemo, useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, Field, Input } from "@fanfare/ui";
import { buyFormSchema } from "@fanfare/validators";
import { applyBps, formatBps, formatCents, parseDollarsToCents } from "@fanfare/validators/money";

import { useSave, useZodForm } from "~/lib/form";
import { trpcMutation, trpcQuery } from "~/lib/trpc-fetch";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A licence tier offered on a track (issue 16 §4), as the track page's content carries it. */
export type BuyFormLicenseTier = {
  id: string;
  kind: "commercial" | "sync";
  name: string;
  priceCents: number;
  terms: string;
  termsVersion: number;
};

type CodeCheck =
  | { state: "idle" | "checking" }
  | {
      state: "valid";
      discountCents: number;
      totalCents: number;
      description: string;
      note?: string;
    }
  | { state: "refused"; reason: string };

/**
 * "Have a code?": checks the code as the buyer types (400 ms after the last key, issue 12 §2)
 * with `discount.validate`, for the price or the amount chosen (and the email, once typed), and says the discount and the
 * new total, or why not.
 */
function useCodeCheck(
  product: "track" | "release",
  slug: string,
  code: string,
  amountCents: number | undefined,
  email: string | undefined,
  licenseTierId: string | null,
): CodeCheck {
  const [check, setCheck] = useState<CodeCheck>({ state: "idle" });
  useEffect(() => {
    const typed = code.trim();
    if (!typed) {
      setCheck({ state: "idle" });
      return;
    }
    setCheck({ state: "checking" });
    let live = true;
    const timer = setTimeout(() => {
      trpcQuery("discount", "validate", {
        code: typed,
        product,
        slug,
        amountCents,
        email,
        ...(licenseTierId ? { licenseTierId } : {}),
      })
        .then((r) => {
          if (!live) return;
          setCheck(
            r.valid
              ? {
                  state: "valid",
                  discountCents: r.discountCents,
                  totalCents: r.totalCents,
                  note: r.note,
                  description: r.description,
                }
              : { state: "refused", reason: r.reason },
          );
        })
        .catch((e: unknown) => {
          if (live)
            setCheck({
              state: "refused",
              reason: e instanceof Error ? e.message : "The code could not be checked.",
            });
        });
    }, 400);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [product, slug, code, amountCents, email, licenseTierId]);
  return check;
}

/**
 * Email (and amount for pay-what-you-want), then off to Checkout. No account needed. Runs on
 * `useZodForm(buyFormSchema(track))`: a malformed email or an amount under the minimum is
 * refused in the browser with the validators' message before anything is sent. The same form
 * buys a track (`/t/<slug>`) or a release (`product: "release"`, `/r/<slug>`, issue 16 §1), by
 * `buyer.startCheckout` with that product; a release may be a pre-order (`preorderOn`).
 */
export function BuyForm(props: {
  /** What `slug` names: a track (the default) or a release. */
  product?: "track" | "release";
  slug: string;
  priceCents: number;
  minPriceCents: number | null;
  currency: string;
  /** The download link's terms, from the server's settings. */
  downloadTerms: { days: number; downloads: number };
  /** A live campaign's discount (issue 12 §3): shown on the price; checkout applies it. */
  campaign?: { name: string; discountBps: number | null } | null;
  disabled?: boolean;
  /** A release: what it is ("album", "EP", "single"), and how many tracks the buyer gets. */
  release?: { noun: string; trackCount: number };
  /** A pre-order's release date (ISO 8601, UTC): charged now, downloads open then. */
  preorderOn?: string | null;
  /** One line under the price, e.g. "3 tracks, $21.00 separately". */
  priceNote?: string | null;
  /**
   * A track's licence tiers (issue 16 §4): the buyer chooses the personal licence (included) or
   * one of these, whose fixed price then replaces the price. None for a release.
   */
  licenseTiers?: BuyFormLicenseTier[];
}) {
  const product = props.product ?? "track";
  const tiers = props.licenseTiers ?? [];
  const [tierId, setTierId] = useState<string | null>(null);
  const tier = tiers.find((t) => t.id === tierId) ?? null;
  // A tier's price is fixed: pay what you want is the personal licence's only.
  const pwyw = props.minPriceCents != null && !tier;
  const listCents = tier?.priceCents ?? props.priceCents;
  const campaignOff = props.campaign?.discountBps
    ? applyBps(listCents, props.campaign.discountBps)
    : 0;
  const schema = useMemo(
    () => buyFormSchema({ minPriceCents: props.minPriceCents, currency: props.currency }),
    [props.minPriceCents, props.currency],
  );
  const form = useZodForm(schema, {
    defaultValues: {
      buyerEmail: "",
      buyerName: "",
      amount: (props.priceCents / 100).toFixed(2),
      discountCode: "",
      shareContactWithArtist: false,
    },
  });
  // `buyer.startCheckout`, then off to the checkout page (the button stays busy meanwhile).
  const [leaving, setLeaving] = useState(false);
  const { failure, save } = useSave(form, { amountCents: "amount" });
  const busy = form.formState.isSubmitting || leaving;
  const errors = form.formState.errors;
  const [showCode, setShowCode] = useState(false);
  const typedAmount = form.watch("amount");
  const typedEmail = form.watch("buyerEmail") ?? "";
  const check = useCodeCheck(
    product,
    props.slug,
    form.watch("discountCode") ?? "",
    pwyw ? (parseDollarsToCents(typedAmount) ?? undefined) : undefined,
    // Once an address is typed, "already used with this email" is said before paying too.
    /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(typedEmail.trim()) ? typedEmail.trim() : undefined,
    // A licence tier's quote is on its fixed price (issue 16 §4).
    tier?.id ?? null,
  );

  const submit = form.handleSubmit(async (input) => {
    await save(async () => {
      const r = await trpcMutation("buyer", "startCheckout", {
        product,
        slug: props.slug,
        ...input,
        ...(tier ? { amountCents: undefined, licenseTierId: tier.id } : {}),
      });
      setLeaving(true);
      window.location.assign(r.checkoutUrl);
    });
  });

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <h2 className="font-semibold">
          {props.preorderOn ? "Pre-order" : "Buy"} this {props.release?.noun ?? "track"}
        </h2>
        <p className="text-xl font-bold" data-testid="price">
          {pwyw ? (
            `${formatCents(props.minPriceCents ?? 0, props.currency)} or more`
          ) : campaignOff ? (
            <>
              <s className="mr-2 text-base font-normal text-zinc-400">
                {formatCents(listCents, props.currency)}
              </s>
              {formatCents(listCents - campaignOff, props.currency)}
            </>
          ) : (
            formatCents(listCents, props.currency)
          )}
        </p>
      </div>
      {props.priceNote ? (
        <p className="text-sm text-zinc-600" data-testid="price-note">
          {props.priceNote}
        </p>
      ) : null}
      {props.campaign?.discountBps ? (
        <p className="text-sm text-brand-700" data-testid="campaign-price">
          {formatBps(props.campaign.discountBps)} off during {props.campaign.name}
          {pwyw ? " (on the amount you choose)" : ""}. A code never adds to it: you get the better
          of the two.
        </p>
      ) : null}
      {tiers.length > 0 ? (
        <fieldset className="space-y-2" data-testid="licence-choice">
          <legend className="text-sm font-medium text-ink">Licence</legend>
          <label className="flex items-start gap-2 text-sm">
            <input
              type="radio"
              name="licence"
              className="mt-0.5 size-4 accent-brand-600"
              checked={tier == null}
              onChange={() => setTierId(null)}
            />
            <span>
              <span className="font-medium">Personal use (included)</span>
              <span className="block text-zinc-600">
                Listen and keep it for yourself; no commercial use.
              </span>
            </span>
          </label>
          {tiers.map((t) => (
            <div key={t.id} className="text-sm">
              <label className="flex items-start gap-2">
                <input
                  type="radio"
                  name="licence"
                  className="mt-0.5 size-4 accent-brand-600"
                  checked={tierId === t.id}
                  onChange={() => {
                    setTierId(t.id);
                    // A hidden pay-what-you-want amount must not block the checkout.
                    form.setValue("amount", (props.priceCents / 100).toFixed(2));
                    form.clearErrors("amount");
                  }}
                />
                <span className="min-w-0">
                  <span className="font-medium">{t.name}</span>{" "}
                  <span className="text-zinc-600">{formatCents(t.priceCents, props.currency)}</span>
                </span>
              </label>
              <details className="ml-6 mt-1">
                <summary className="cursor-pointer text-brand-700 underline">
                  Read the terms
                </summary>
                <p className="mt-1 max-h-48 overflow-y-auto whitespace-pre-line break-words rounded bg-zinc-50 p-2 text-xs text-zinc-700">
                  {t.terms}
                  {"\n\n"}Terms version {t.termsVersion}.
                </p>
              </details>
            </div>
          ))}
          {tier && props.minPriceCents != null ? (
            <p className="text-sm text-zinc-600" data-testid="licence-fixed-price">
              The {tier.name} licence has a fixed price of{" "}
              {formatCents(tier.priceCents, props.currency)}; pay what you want applies to the
              personal licence only.
            </p>
          ) : null}
        </fieldset>
      ) : null}
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
      <label className="flex items-start gap-2 text-sm text-zinc-700">
        <input
          type="checkbox"
          className="mt-0.5 size-4 accent-brand-600"
          {...form.register("shareContactWithArtist")}
        />
        <span>
          Share my name and email with the artist (optional; otherwise they never see them).
        </span>
      </label>
      {showCode ? (
        <Field id="discountCode" label="Discount code" error={errors.discountCode?.message}>
          <Input
            id="discountCode"
            autoComplete="off"
            spellCheck={false}
            {...form.register("discountCode")}
            invalid={!!errors.discountCode || check.state === "refused"}
            aria-describedby="discount-result"
          />
        </Field>
      ) : (
        <button
          type="button"
          className="text-sm font-medium text-brand-600 underline"
          onClick={() => setShowCode(true)}
        >
          Have a code?
        </button>
      )}
      <p id="discount-result" role="status" className="text-sm" data-testid="discount-result">
        {check.state === "checking" ? (
          <span className="text-zinc-500">Checking the code…</span>
        ) : null}
        {check.state === "valid" ? (
          <span className="text-green-700">
            {formatCents(check.discountCents, props.currency)} off
            {check.description ? ` (${check.description})` : ""}: you pay{" "}
            <strong>
              {check.totalCents === 0
                ? "nothing: a free download"
                : formatCents(check.totalCents, props.currency)}
            </strong>
            .{check.note ? ` ${check.note}` : ""}
          </span>
        ) : null}
        {check.state === "refused" ? <span className="text-red-700">{check.reason}</span> : null}
      </p>
      <Alert>{failure}</Alert>
      <Button type="submit" className="w-full" pending={busy} disabled={props.disabled}>
        {busy ? "Opening checkout…" : props.preorderOn ? "Pre-order now" : "Buy and download"}
      </Button>
      <p className="text-xs text-zinc-500" data-testid="download-terms-note">
        {props.preorderOn
          ? `Charged now; your downloads open on ${props.preorderOn.slice(0, 10)} (UTC), on the purchase page. `
          : ""}
        {props.release && props.release.trackCount > 1
          ? `You get the full-quality masters of all ${props.release.trackCount} tracks`
          : "You get the full-quality master"}
        : a download link valid for {plural(props.downloadTerms.days, "day")} and{" "}
        {plural(props.downloadTerms.downloads, "download")}
        {props.release && props.release.trackCount > 1 ? " per track" : ""}.
      </p>
    </form>
  );
}
