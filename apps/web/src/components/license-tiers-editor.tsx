"use client";

import type { inferRouterOutputs } from "@trpc/server";
import { useEffect, useState } from "react";

import type { AppRouter } from "@fanfare/api";

import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Field, Input, Textarea } from "@fanfare/ui";
import type { LicenseTierKindName } from "@fanfare/validators";
import {
  LICENSE_KIND_LABELS,
  LICENSE_TIER_KIND_NAMES,
  licenseTierFormSchema,
} from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { useSave, useZodForm } from "~/lib/form";
import { trpcMutation, trpcQuery } from "~/lib/trpc-fetch";

type Tier = inferRouterOutputs<AppRouter>["artist"]["licenseTiers"][number];

/** What each tier is for, said to the artist under its heading. */
const PURPOSE: Record<LicenseTierKindName, string> = {
  commercial: "Use in a business's own project: a shop, an app, a podcast, a game.",
  sync: "Synchronisation with moving pictures: a film, an ad, a video.",
};

/**
 * The track editor's "Licences" section (issue 16 §4): every purchase includes the personal
 * licence; here the artist offers a commercial and a sync licence, each with a name, a price (at
 * least the track's) and its terms (`artist.saveLicenseTier`), or stops offering one
 * (`artist.retireLicenseTier`). A change of the terms is a new version; licences already sold
 * keep theirs. One column, so it reads at 390 px.
 */
export function LicenseTiersEditor(props: {
  trackId: string;
  trackPriceCents: number;
  currency: string;
}) {
  const [tiers, setTiers] = useState<Tier[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const reload = () =>
    trpcQuery("artist", "licenseTiers", { trackId: props.trackId })
      .then(setTiers)
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  useEffect(() => {
    void reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.trackId]);

  return (
    <section className="space-y-4" aria-labelledby="licences-heading" data-testid="licences">
      <div>
        <h2 id="licences-heading" className="text-lg font-semibold">
          Licences
        </h2>
        <p className="text-sm text-zinc-600">
          Every purchase includes a personal-use licence. Offer more at their own price: buyers
          choose on the track page and get a certificate with a key anyone can verify.
        </p>
      </div>
      <Alert>{loadError}</Alert>
      {tiers
        ? LICENSE_TIER_KIND_NAMES.map((kind) => (
            <TierForm
              key={kind}
              kind={kind}
              tier={tiers.find((t) => t.kind === kind) ?? null}
              {...props}
              onSaved={() => void reload()}
            />
          ))
        : !loadError && <p className="text-sm text-zinc-500">Loading licences…</p>}
    </section>
  );
}

function TierForm(props: {
  trackId: string;
  trackPriceCents: number;
  currency: string;
  kind: LicenseTierKindName;
  tier: Tier | null;
  onSaved: () => void;
}) {
  const { tier, kind } = props;
  const [open, setOpen] = useState(tier != null && tier.active);
  const form = useZodForm(licenseTierFormSchema, {
    defaultValues: {
      name: tier?.name ?? `${LICENSE_KIND_LABELS[kind]} licence`,
      price: ((tier?.priceCents ?? props.trackPriceCents * 5) / 100).toFixed(2),
      terms: tier?.terms ?? "",
    },
  });
  const { failure, save } = useSave(form, { priceCents: "price" });
  const [notice, setNotice] = useState<string | null>(null);
  const [retiring, setRetiring] = useState(false);
  const errors = form.formState.errors;
  const id = (f: string) => `tier-${kind}-${f}`;

  const submit = form.handleSubmit(async (v) => {
    setNotice(null);
    await save(async () => {
      const saved = await trpcMutation("artist", "saveLicenseTier", {
        trackId: props.trackId,
        kind,
        ...v,
      });
      setNotice(
        `Saved: ${formatCents(saved.priceCents, props.currency)}, terms version ${saved.termsVersion}.`,
      );
      props.onSaved();
    });
  });
  const retire = async () => {
    setRetiring(true);
    setNotice(null);
    await save(async () => {
      await trpcMutation("artist", "retireLicenseTier", { trackId: props.trackId, kind });
      setNotice("No longer offered. Licences already sold stay valid.");
      props.onSaved();
    });
    setRetiring(false);
  };

  return (
    <div className="space-y-3 rounded-lg p-4 ring-1 ring-zinc-200" data-testid={`tier-${kind}`}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-medium">{LICENSE_KIND_LABELS[kind]}</h3>
        {tier ? (
          <Badge tone={tier.active ? "green" : "zinc"}>{tier.active ? "Offered" : "Retired"}</Badge>
        ) : (
          <Badge>Not offered</Badge>
        )}
        {tier ? (
          <span className="text-xs text-zinc-500">
            Terms v{tier.termsVersion} · {tier.soldCount} sold
          </span>
        ) : null}
      </div>
      <p className="text-sm text-zinc-600">{PURPOSE[kind]}</p>
      {open ? (
        <form onSubmit={submit} className="space-y-3" noValidate>
          <Field id={id("name")} label="Name" error={errors.name?.message}>
            <Input id={id("name")} {...form.register("name")} invalid={!!errors.name} />
          </Field>
          <Field
            id={id("price")}
            label="Price (USD)"
            error={errors.price?.message}
            hint={`At least the track's price, ${formatCents(props.trackPriceCents, props.currency)}.`}
          >
            <Input
              id={id("price")}
              inputMode="decimal"
              {...form.register("price")}
              invalid={!!errors.price}
            />
          </Field>
          <Field
            id={id("terms")}
            label="Terms"
            error={errors.terms?.message}
            hint="What the buyer may do, in plain words. Changing them makes a new version; licences already sold keep theirs."
          >
            <Textarea
              id={id("terms")}
              rows={6}
              {...form.register("terms")}
              invalid={!!errors.terms}
            />
          </Field>
          <Alert>{failure}</Alert>
          {notice ? (
            <p role="status" className="text-sm text-green-700">
              {notice}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <Button type="submit" pending={form.formState.isSubmitting}>
              {tier?.active ? "Save" : `Offer ${LICENSE_KIND_LABELS[kind].toLowerCase()} licence`}
            </Button>
            {tier?.active ? (
              <Button type="button" variant="secondary" pending={retiring} onClick={retire}>
                Stop offering
              </Button>
            ) : null}
          </div>
        </form>
      ) : (
        <Button type="button" variant="secondary" onClick={() => setOpen(true)}>
          {tier
            ? "Edit and offer again"
            : `Add a ${LICENSE_KIND_LABELS[kind].toLowerCase()} licence`}
        </Button>
      )}
    </div>
  );
}
