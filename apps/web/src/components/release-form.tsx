"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Image from "next/image";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Badge, Button, Card, Field, Input, Select, Textarea, buttonVariants } from "@fanfare/ui";
import { Alert } from "@fanfare/ui/alert";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import { Switch } from "@fanfare/ui/switch";
import type { ReleaseFormValues, ReleaseKindName } from "@fanfare/validators";
import {
  DEFAULT_COMMISSION_BPS,
  formatCents,
  MAX_RELEASE_DESCRIPTION,
  MAX_RELEASE_TITLE,
  MAX_RELEASE_TRACKS,
  RELEASE_FORM_FIELD_OF,
  RELEASE_KIND_LABELS,
  ZReleaseForm,
} from "@fanfare/validators";

import { showServerErrors, useZodForm } from "~/lib/form";
import { moveItem } from "~/lib/press-kit";
import type { UploadResult } from "~/lib/upload";
import { useTRPC } from "~/trpc/react";
import { FileField, PriceCommissionFields } from "./product-form-fields";

export type ArtistRelease = RouterOutputs["artist"]["release"];

/** A track the picker can show: the artist's own, with why it cannot be sold (or null). */
export type PickableTrack = {
  id: string;
  title: string;
  priceCents: number;
  durationSeconds: number;
  /** "Draft", "Deleted", "Taken down", or null when it is on sale. */
  problem: string | null;
};

/** m:ss of a duration in seconds. */
export const mmss = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;

/**
 * The tracks the picker knows: the artist's tracks (not deleted) and, for an existing release,
 * the ones already on it (a track deleted or taken down since still shows, named as such).
 */
export function pickableTracks(
  myTracks: RouterOutputs["artist"]["myTracks"],
  onRelease: ArtistRelease["tracks"] = [],
): Map<string, PickableTrack> {
  const out = new Map<string, PickableTrack>();
  for (const t of onRelease)
    out.set(t.id, {
      id: t.id,
      title: t.title,
      priceCents: t.priceCents,
      durationSeconds: t.durationSeconds,
      problem: t.deleted ? "Deleted" : t.takenDown ? "Taken down" : t.published ? null : "Draft",
    });
  for (const t of myTracks)
    out.set(t.id, {
      id: t.id,
      title: t.title,
      priceCents: t.priceCents,
      durationSeconds: t.durationSeconds,
      problem: t.takenDownAt ? "Taken down" : t.published ? null : "Draft",
    });
  return out;
}

/** The form's values for a saved release (the defaults for a new one). */
function valuesOf(r?: ArtistRelease): ReleaseFormValues {
  return {
    title: r?.title ?? "",
    kind: r?.kind ?? "album",
    description: r?.description ?? "",
    releaseDate: r?.releaseDate ?? "",
    preorder: r?.preorder ?? false,
    price: ((r?.priceCents ?? 1000) / 100).toFixed(2),
    pwyw: r?.minPriceCents != null,
    minPrice: ((r?.minPriceCents ?? 500) / 100).toFixed(2),
    commissionBps: r?.commissionBps ?? DEFAULT_COMMISSION_BPS,
    affiliateEnabled: r?.affiliateEnabled ?? true,
    trackIds: r?.tracks.map((t) => t.id) ?? [],
  };
}

/**
 * The release's ordered tracks with move up / move down / remove on each (buttons, so the
 * keyboard does it all; focus stays on the moved track's button and the move is announced), and
 * a list of the artist's other tracks to add one from.
 */
function TrackPicker({
  value,
  onChange,
  tracks,
  error,
}: {
  value: string[];
  onChange: (ids: string[]) => void;
  tracks: Map<string, PickableTrack>;
  error?: string;
}) {
  const [adding, setAdding] = useState("");
  const [announcement, setAnnouncement] = useState("");
  const available = [...tracks.values()].filter((t) => !value.includes(t.id) && !t.problem);
  const drafts = [...tracks.values()].filter((t) => !value.includes(t.id) && t.problem === "Draft");
  const titleOf = (id: string) => tracks.get(id)?.title ?? "Unknown track";
  const focusLater = (id: string) =>
    requestAnimationFrame(() => document.getElementById(id)?.focus());

  const move = (index: number, delta: -1 | 1) => {
    const id = value[index]!;
    const next = moveItem(value, index, delta);
    onChange(next);
    const to = index + delta;
    setAnnouncement(`“${titleOf(id)}” moved to position ${to + 1} of ${next.length}.`);
    // Keep the keyboard on the moved track; at an end, on its other arrow.
    const edge = (delta < 0 && to === 0) || (delta > 0 && to === next.length - 1);
    focusLater(
      `release-track-${id}-${edge ? (delta < 0 ? "down" : "up") : delta < 0 ? "up" : "down"}`,
    );
  };
  const remove = (index: number) => {
    const id = value[index]!;
    const next = value.filter((_, i) => i !== index);
    onChange(next);
    setAnnouncement(`“${titleOf(id)}” removed from the release.`);
    focusLater(
      next.length
        ? `release-track-${next[Math.min(index, next.length - 1)]}-remove`
        : "release-add-track",
    );
  };
  const add = () => {
    if (!adding) return;
    onChange([...value, adding]);
    setAnnouncement(`“${titleOf(adding)}” added at position ${value.length + 1}.`);
    setAdding("");
  };

  return (
    <fieldset className="space-y-3" aria-describedby={error ? "trackIds-error" : undefined}>
      <legend className="text-sm font-medium text-ink">
        Tracks ({value.length} of at most {MAX_RELEASE_TRACKS}), in order
      </legend>
      {value.length ? (
        <ol
          className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200"
          data-testid="release-tracks"
        >
          {value.map((id, i) => {
            const t = tracks.get(id);
            return (
              <li
                key={id}
                className="flex flex-wrap items-center gap-2 px-3 py-2"
                data-testid="release-track"
              >
                <span className="w-6 shrink-0 text-right text-sm text-zinc-500">{i + 1}.</span>
                <span className="min-w-0 flex-1">
                  <span className="block font-medium break-words">{t?.title ?? id}</span>
                  <span className="text-xs text-zinc-500">
                    {t ? `${mmss(t.durationSeconds)} · ${formatCents(t.priceCents)} alone` : null}
                    {t?.problem ? (
                      <>
                        {" "}
                        <Badge tone={t.problem === "Draft" ? "amber" : "red"}>{t.problem}</Badge>
                      </>
                    ) : null}
                  </span>
                </span>
                <span className="flex shrink-0 gap-1">
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    id={`release-track-${id}-up`}
                    aria-label={`Move “${t?.title ?? id}” up`}
                    disabled={i === 0}
                    onClick={() => move(i, -1)}
                  >
                    ↑
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    id={`release-track-${id}-down`}
                    aria-label={`Move “${t?.title ?? id}” down`}
                    disabled={i === value.length - 1}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    className="text-red-700"
                    id={`release-track-${id}-remove`}
                    aria-label={`Remove “${t?.title ?? id}”`}
                    onClick={() => remove(i)}
                  >
                    Remove
                  </Button>
                </span>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="text-sm text-zinc-500">No tracks yet: add the first one below.</p>
      )}
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="release-add-track" className="block text-sm font-medium text-ink">
            Add a track
          </label>
          <Select
            id="release-add-track"
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            disabled={value.length >= MAX_RELEASE_TRACKS}
          >
            <option value="">
              {available.length || drafts.length ? "Choose one of your tracks…" : "No other tracks"}
            </option>
            {available.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title} ({mmss(t.durationSeconds)}, {formatCents(t.priceCents)})
              </option>
            ))}
            {drafts.length ? (
              <optgroup label="Drafts (publish them before the release)">
                {drafts.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.title} ({mmss(t.durationSeconds)}, {formatCents(t.priceCents)})
                  </option>
                ))}
              </optgroup>
            ) : null}
          </Select>
        </div>
        <Button type="button" variant="secondary" onClick={add} disabled={!adding}>
          Add
        </Button>
      </div>
      {error ? (
        <p id="trackIds-error" role="alert" className="text-sm text-red-600">
          {error}
        </p>
      ) : null}
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </fieldset>
  );
}

/**
 * Publish, unpublish and delete of a saved release, each behind a confirm dialog, with why it
 * cannot be published yet (the server's `publishProblems`) and its public page once published.
 * Acts on the saved release: with unsaved changes it asks to save them first.
 */
function ReleaseActions({ release, dirty }: { release: ArtistRelease; dirty: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.artist.pathKey() });
  const [notice, setNotice] = useState<string | null>(null);
  const publish = useMutation(
    trpc.artist.publishRelease.mutationOptions({
      onSuccess: async () => {
        setNotice("Published: it is on its page, and promoters can link it.");
        await refresh();
      },
    }),
  );
  const unpublish = useMutation(
    trpc.artist.unpublishRelease.mutationOptions({
      onSuccess: async () => {
        setNotice("Unpublished: its page says it is unavailable; sales made stay.");
        await refresh();
      },
    }),
  );
  const remove = useMutation(
    trpc.artist.deleteRelease.mutationOptions({
      onSuccess: async () => {
        // Only the list: this release's own query would be asked again, and is gone.
        router.push("/dashboard/artist/releases");
        await qc.invalidateQueries({ queryKey: trpc.artist.releases.queryKey() });
      },
    }),
  );
  const error = publish.error ?? unpublish.error ?? remove.error;
  const href = `/r/${release.slug}`;
  const blocked = release.publishProblems.length > 0;
  return (
    <Card className="space-y-3" aria-labelledby="release-actions-h">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="release-actions-h" className="font-semibold">
          Status
        </h2>
        {release.takenDownAt ? (
          <Badge tone="red">Taken down</Badge>
        ) : release.published ? (
          <Badge tone="green">Published</Badge>
        ) : (
          <Badge>Draft</Badge>
        )}
        {release.upcoming ? (
          <Badge tone={release.preorder ? "brand" : "amber"}>
            {release.preorder ? "Pre-order" : "Coming"} · {release.releaseDate}
          </Badge>
        ) : null}
      </div>
      {release.takenDownAt ? (
        <p className="text-sm text-red-700">
          Taken down by Fanfare: {release.takedownReason}. Contact support to have it restored.
        </p>
      ) : null}
      {release.published ? (
        <p className="text-sm">
          Its page:{" "}
          <Link href={href} className="font-medium text-brand-700 underline">
            {href}
          </Link>
        </p>
      ) : blocked && !release.takenDownAt ? (
        <div className="text-sm text-zinc-700">
          <p>Before it can be published:</p>
          <ul className="list-disc pl-5" data-testid="publish-problems">
            {release.publishProblems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {dirty ? <p className="text-sm text-amber-800">Save your changes first.</p> : null}
      <div className="flex flex-wrap gap-2">
        {release.published ? (
          <ConfirmDialog
            trigger={
              <Button type="button" variant="secondary" disabled={dirty || unpublish.isPending}>
                Unpublish
              </Button>
            }
            title={`Unpublish “${release.title}”?`}
            description="It leaves your page and discover, and promoters' links stop selling it. Sales already made stay, and pre-orders sold are still delivered on the release date."
            confirmLabel="Unpublish"
            confirmVariant="primary"
            onConfirm={() => unpublish.mutate({ releaseId: release.id })}
          />
        ) : release.takenDownAt ? null : (
          <ConfirmDialog
            trigger={
              <Button type="button" disabled={dirty || blocked || publish.isPending}>
                Publish
              </Button>
            }
            title={`Publish “${release.title}”?`}
            description={
              release.upcoming
                ? release.preorder
                  ? `Its page opens now and fans can pre-order it: they are charged now, and downloads open on ${release.releaseDate} (UTC).`
                  : `Its page opens now and shows the release date, ${release.releaseDate}; it goes on sale that day.`
                : "It goes on sale on its page, and promoters can link it."
            }
            confirmLabel="Publish"
            confirmVariant="primary"
            onConfirm={() => publish.mutate({ releaseId: release.id })}
          />
        )}
        <ConfirmDialog
          trigger={
            <Button
              type="button"
              variant="ghost"
              className="text-red-700"
              disabled={remove.isPending}
            >
              Delete
            </Button>
          }
          title={`Delete “${release.title}”?`}
          description="It leaves your page, discover and this dashboard, and its links stop counting. Its tracks stay as they are; buyers keep their downloads, and past sales and earnings stay in your ledger."
          confirmLabel="Delete release"
          onConfirm={() => remove.mutate({ releaseId: release.id })}
        />
      </div>
      {error ? <Alert>{error.message}</Alert> : null}
      <p role="status" className={notice ? "text-sm text-green-800" : "sr-only"}>
        {notice}
      </p>
    </Card>
  );
}

/**
 * A release's editor (issue 16 §1): artwork, title, kind, description, release date and
 * pre-order, price or pay-what-you-want and commission (the track form's fields), and the
 * ordered track list from the artist's own tracks, with the tracks' summed prices beside the
 * release's. New (`release` absent): creates a draft and opens its editor. Existing: saves the
 * changes (the track list as a whole), and offers publish, unpublish and delete. The fields run
 * on `useZodForm(ZReleaseForm)`; the server's field errors land on the same fields.
 */
export function ReleaseForm({ release: initial }: { release?: ArtistRelease }) {
  const trpc = useTRPC();
  const router = useRouter();
  const qc = useQueryClient();
  const myTracks = useQuery(trpc.artist.myTracks.queryOptions());
  // A label acting for the artist keeps the commission as it is (issue 16 §5).
  const acting = useQuery(trpc.label.acting.queryOptions());
  // The saved release, fresh after each save or action (the server's answer is the source).
  const saved = useQuery({
    ...trpc.artist.release.queryOptions({ releaseId: initial?.id ?? "" }),
    enabled: !!initial,
    initialData: initial,
  }).data;
  const [artwork, setArtwork] = useState<UploadResult | null>(null);
  const [removeArtwork, setRemoveArtwork] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [savedNotice, setSavedNotice] = useState<string | null>(null);
  const form = useZodForm(ZReleaseForm, { defaultValues: valuesOf(initial) });
  const { register, formState, setValue } = form;
  const errors = formState.errors;
  const [trackIds, releaseDate, preorder] = form.watch(["trackIds", "releaseDate", "preorder"]);
  const create = useMutation(trpc.artist.createRelease.mutationOptions());
  const update = useMutation(trpc.artist.updateRelease.mutationOptions());

  const tracks = pickableTracks(myTracks.data ?? [], saved?.tracks);
  const tracksPriceCents = trackIds.reduce((s, id) => s + (tracks.get(id)?.priceCents ?? 0), 0);
  const today = new Date().toISOString().slice(0, 10);
  const upcoming = !!releaseDate && releaseDate > today;
  const dirty = formState.isDirty || !!artwork || removeArtwork;

  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    setSavedNotice(null);
    try {
      if (!saved) {
        const created = await create.mutateAsync({
          ...values,
          artworkUploadId: artwork?.id ?? null,
        });
        await qc.invalidateQueries({ queryKey: trpc.artist.pathKey() });
        router.push(`/dashboard/artist/releases/${created.id}`);
        return;
      }
      const updated = await update.mutateAsync({
        releaseId: saved.id,
        ...values,
        ...(artwork
          ? { artworkUploadId: artwork.id }
          : removeArtwork
            ? { artworkUploadId: null }
            : {}),
      });
      qc.setQueryData(trpc.artist.release.queryKey({ releaseId: saved.id }), updated);
      await qc.invalidateQueries({ queryKey: trpc.artist.releases.queryKey() });
      form.reset(valuesOf(updated));
      setArtwork(null);
      setRemoveArtwork(false);
      setSavedNotice("Changes saved.");
      router.refresh();
    } catch (e) {
      if (!showServerErrors(form, e, RELEASE_FORM_FIELD_OF)) setFormError((e as Error).message);
    }
  });

  return (
    <div className="space-y-6">
      {saved ? <ReleaseActions release={saved} dirty={dirty} /> : null}
      <form onSubmit={submit} className="space-y-6" noValidate>
        <Card className="space-y-4">
          <h2 className="font-semibold">Details</h2>
          <Field id="title" label="Title" error={errors.title?.message}>
            <Input
              id="title"
              {...register("title")}
              invalid={!!errors.title}
              required
              maxLength={MAX_RELEASE_TITLE}
            />
          </Field>
          <Field id="kind" label="Kind" error={errors.kind?.message}>
            <Select id="kind" {...register("kind")} invalid={!!errors.kind}>
              {(Object.keys(RELEASE_KIND_LABELS) as ReleaseKindName[]).map((k) => (
                <option key={k} value={k}>
                  {RELEASE_KIND_LABELS[k]}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="description" label="Description" error={errors.description?.message}>
            <Textarea
              id="description"
              rows={4}
              {...register("description")}
              invalid={!!errors.description}
              maxLength={MAX_RELEASE_DESCRIPTION}
            />
          </Field>
          <div className="flex flex-wrap items-start gap-4">
            {saved?.artworkUrl && !removeArtwork && !artwork ? (
              <div className="space-y-1">
                <Image
                  src={saved.artworkUrl}
                  alt={`Artwork for ${saved.title}`}
                  width={96}
                  height={96}
                  className="size-24 rounded-lg bg-zinc-100 object-cover"
                />
                <Button
                  type="button"
                  variant="ghost"
                  size="sm"
                  onClick={() => setRemoveArtwork(true)}
                >
                  Remove artwork
                </Button>
              </div>
            ) : null}
            <div className="min-w-0 flex-1">
              <FileField
                id="artwork"
                label={saved?.artworkUrl ? "Replace artwork (optional)" : "Artwork (optional)"}
                kind="artwork"
                accept="image/jpeg,image/png,image/webp"
                hint={
                  removeArtwork
                    ? "The artwork will be removed when you save."
                    : "JPEG, PNG or WebP, up to 10 MB; square looks best. Without one, the first track's artwork is shown."
                }
                onUploaded={(r) => {
                  setArtwork(r);
                  if (r) setRemoveArtwork(false);
                }}
              />
            </div>
          </div>
        </Card>

        <Card className="space-y-4">
          <h2 className="font-semibold">Release date</h2>
          <Field
            id="releaseDate"
            label="Release date (optional)"
            error={errors.releaseDate?.message}
            hint={
              saved?.preorderDeadline
                ? `Pre-orders were sold for delivery on ${saved.preorderDeadline}: the date can move earlier, not later.`
                : "The day it comes out (UTC). Leave empty for “out now”."
            }
          >
            <Input
              id="releaseDate"
              type="date"
              {...register("releaseDate")}
              max={saved?.preorderDeadline ?? undefined}
              invalid={!!errors.releaseDate}
              className="sm:max-w-56"
            />
          </Field>
          <div className="flex items-start gap-3">
            <Switch
              id="preorder"
              checked={preorder}
              onCheckedChange={(v) =>
                setValue("preorder", v, { shouldDirty: true, shouldValidate: true })
              }
              aria-labelledby="preorder-label"
              aria-describedby="preorder-help"
            />
            <div>
              <span id="preorder-label" className="text-sm font-medium">
                Pre-orders
              </span>
              <p id="preorder-help" className="text-xs text-zinc-600">
                {preorder
                  ? upcoming
                    ? `Fans can buy it now: they are charged at once and the downloads open on ${releaseDate} (UTC). Promoters earn their commission after that day's holding period.`
                    : releaseDate
                      ? "The date has passed (or is today): it is simply out, and sells as usual."
                      : "Choose the release date the pre-orders are delivered on."
                  : upcoming
                    ? `Until ${releaseDate} its page shows the date, and it is not for sale yet.`
                    : "Turn on to sell it before its release date (charged now, downloads open that day)."}
              </p>
            </div>
          </div>
        </Card>

        <Card className="space-y-4">
          <h2 className="font-semibold">Tracks</h2>
          <p className="text-sm text-zinc-600">
            Buyers of the release get every track. Only your own tracks can be added; all of them
            must be published before the release is.
          </p>
          <TrackPicker
            value={trackIds}
            onChange={(ids) =>
              setValue("trackIds", ids, { shouldDirty: true, shouldValidate: true })
            }
            tracks={tracks}
            error={errors.trackIds?.message ?? errors.trackIds?.root?.message}
          />
        </Card>

        <Card className="space-y-4">
          <h2 className="font-semibold">Price and commission</h2>
          <PriceCommissionFields
            form={form}
            noun="release"
            promotionLockedFor={acting.data?.artist?.name ?? null}
            priceHint={
              trackIds.length ? (
                <span data-testid="tracks-separately">
                  Tracks separately: {formatCents(tracksPriceCents)}
                </span>
              ) : undefined
            }
          />
        </Card>

        <Alert>{formError}</Alert>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={formState.isSubmitting}>
            {saved ? "Save changes" : "Create draft"}
          </Button>
          <Link href="/dashboard/artist/releases" className={buttonVariants({ variant: "ghost" })}>
            {saved ? "Back to releases" : "Cancel"}
          </Link>
          <p role="status" className={savedNotice ? "text-sm text-green-800" : "sr-only"}>
            {savedNotice}
          </p>
        </div>
      </form>
    </div>
  );
}
