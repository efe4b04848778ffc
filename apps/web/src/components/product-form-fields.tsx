"use client";

import { useState } from "react";
import type { ReactNode } from "react";
import type { UseFormReturn } from "react-hook-form";

import { Field, Input } from "@fanfare/ui";
import {
  formatBps,
  formatCents,
  MAX_COMMISSION_BPS,
  MIN_COMMISSION_BPS,
  parseDollarsToCents,
  splitSaleAmount,
} from "@fanfare/validators";

import type { UploadResult } from "~/lib/upload";
import { uploadFile } from "~/lib/upload";

/**
 * A file input that uploads the chosen file at once (`uploadFile`, POST /api/uploads) and says
 * how it went: uploading, the stored file's name and size or duration, or the server's reason.
 * `onUploaded` gets the stored upload (its id goes into the form's call), or null while none is.
 * The track form's master and artwork, the release form's artwork.
 */
export function FileField(props: {
  id: string;
  label: string;
  accept: string;
  hint: string;
  kind: "master" | "artwork";
  onUploaded: (r: UploadResult | null) => void;
  error?: string;
}) {
  const [state, setState] = useState<{
    status: "idle" | "uploading" | "done" | "error";
    message?: string;
  }>({ status: "idle" });
  return (
    <Field
      id={props.id}
      label={props.label}
      error={state.status === "error" ? state.message : props.error}
      hint={
        state.status === "done"
          ? state.message
          : state.status === "uploading"
            ? "Uploading and analysing…"
            : props.hint
      }
    >
      <Input
        id={props.id}
        type="file"
        accept={props.accept}
        invalid={state.status === "error" || !!props.error}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          props.onUploaded(null);
          if (!file) return setState({ status: "idle" });
          setState({ status: "uploading" });
          try {
            const r = await uploadFile(props.kind, file);
            props.onUploaded(r);
            const detail = r.durationSeconds
              ? `${r.format?.toUpperCase()}, ${Math.floor(r.durationSeconds / 60)}:${String(r.durationSeconds % 60).padStart(2, "0")}`
              : `${Math.round(r.sizeBytes / 1024)} KB`;
            setState({ status: "done", message: `Uploaded ${r.originalFilename} (${detail}).` });
          } catch (err) {
            setState({ status: "error", message: (err as Error).message });
          }
        }}
      />
      {state.status === "uploading" ? (
        <p aria-live="polite" className="text-xs text-zinc-500">
          Uploading…
        </p>
      ) : null}
    </Field>
  );
}

/** The fields of a form that `PriceCommissionFields` renders (`priceFormFields` in validators). */
export type PriceFormValues = {
  price: string;
  pwyw: boolean;
  minPrice: string;
  commissionBps: number;
  affiliateEnabled: boolean;
};

/**
 * A product's price and commission, as the artist types them: the price in dollars (the
 * suggested one with pay-what-you-want), the pay-what-you-want box and minimum, the "let fans
 * promote" box, and the commission as a slider with the exact percent beside it and an example
 * split. Works on any `useZodForm` whose schema spreads `priceFormFields` (the track and release
 * forms). `noun` names the product in the labels ("track", "release"); `priceHint` shows under
 * the price (the release's "tracks separately: $X"). `promotionLockedFor` (the artist's name,
 * when a label acts for them, issue 16 §5) keeps the commission and the promote box as they are:
 * the server refuses a label's change to either; the price stays editable.
 */
export function PriceCommissionFields<T extends PriceFormValues, TOut>({
  form: typedForm,
  noun,
  priceHint,
  promotionLockedFor = null,
}: {
  form: UseFormReturn<T, unknown, TOut>;
  noun: string;
  priceHint?: ReactNode;
  promotionLockedFor?: string | null;
}) {
  const locked = promotionLockedFor !== null;
  // The fields named here exist on every form with `PriceFormValues` (the constraint above);
  // react-hook-form's paths cannot be narrowed through a generic, hence this one view.
  const form = typedForm as unknown as UseFormReturn<PriceFormValues, unknown, unknown>;
  const { register, formState, setValue } = form;
  const errors = formState.errors;
  const [price, pwyw, commissionBps, affiliateEnabled] = form.watch([
    "price",
    "pwyw",
    "commissionBps",
    "affiliateEnabled",
  ]);
  const priceCents = parseDollarsToCents(price);
  const example = priceCents
    ? splitSaleAmount({ amountCents: priceCents, commissionBps, attributed: true })
    : null;
  return (
    <>
      <Field
        id="price"
        label={pwyw ? "Suggested price (USD)" : "Price (USD)"}
        error={errors.price?.message}
        hint={priceHint}
      >
        <Input id="price" inputMode="decimal" {...register("price")} invalid={!!errors.price} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...register("pwyw")} /> Pay what you want (buyers may pay more)
      </label>
      {pwyw ? (
        <Field
          id="minPrice"
          label="Minimum price (USD)"
          error={errors.minPrice?.message}
          hint="At least $0.50."
        >
          <Input
            id="minPrice"
            inputMode="decimal"
            {...register("minPrice")}
            invalid={!!errors.minPrice}
          />
        </Field>
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...register("affiliateEnabled")} disabled={locked} /> Let fans
        promote this {noun} for a commission
      </label>
      {locked ? (
        <p className="text-sm text-zinc-600" data-testid="commission-locked">
          Only {promotionLockedFor} can change the commission rate of their music: it is paid from
          their share. You can set the price.
        </p>
      ) : null}
      <Field
        id="commission"
        label={`Promoter commission: ${formatBps(commissionBps)}`}
        error={errors.commissionBps?.message}
        hint={
          example
            ? `On a ${formatCents(example.amountCents)} sale through a promoter: promoter ${formatCents(example.commissionCents)}, Fanfare ${formatCents(example.platformFeeCents)} (10%), you ${formatCents(example.artistCents)}.`
            : undefined
        }
      >
        <div className="flex items-center gap-3">
          <input
            id="commission"
            type="range"
            min={MIN_COMMISSION_BPS}
            max={MAX_COMMISSION_BPS}
            step={100}
            value={commissionBps}
            onChange={(e) =>
              setValue("commissionBps", Number(e.target.value), { shouldValidate: true })
            }
            disabled={!affiliateEnabled || locked}
            aria-valuetext={formatBps(commissionBps)}
            className="w-full accent-brand-600"
          />
          {/* The exact rate as a number (to a hundredth of a percent, as stored in bps). */}
          <span className="flex shrink-0 items-center gap-1 text-sm">
            <input
              type="number"
              inputMode="decimal"
              aria-label="Promoter commission in percent"
              data-testid="commission-percent"
              min={MIN_COMMISSION_BPS / 100}
              max={MAX_COMMISSION_BPS / 100}
              step={0.01}
              value={commissionBps / 100}
              onChange={(e) => {
                const pct = e.currentTarget.valueAsNumber;
                // Out-of-range values are kept and refused with the rule's message next to
                // the field; only an empty field is ignored.
                if (Number.isFinite(pct))
                  setValue("commissionBps", Math.round(pct * 100), { shouldValidate: true });
              }}
              disabled={!affiliateEnabled || locked}
              className="w-20 rounded-lg px-2 py-1 text-right ring-1 ring-zinc-300 disabled:opacity-60"
            />
            %
          </span>
        </div>
      </Field>
    </>
  );
}
