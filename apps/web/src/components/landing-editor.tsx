"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, ExternalLink, X } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import { useFieldArray } from "react-hook-form";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Switch } from "@fanfare/ui/switch";
import { toast } from "@fanfare/ui/toast";
import { Badge, Button, Card, Field, Input, Textarea } from "@fanfare/ui";
import {
  avatarInitials,
  LANDING_THEME_COLORS,
  MAX_LANDING_TRACKS,
  ZLandingPageInput,
} from "@fanfare/validators";

import { CopyButton } from "./copy-button";
import type { LandingTrackCard } from "./landing-page-view";
import { LandingPageView } from "./landing-page-view";
import { useSave, useZodForm } from "~/lib/form";
import { uploadFile } from "~/lib/upload";
import { useTRPC } from "~/trpc/react";

type Mine = RouterOutputs["landing"]["mine"];
type TrackSummary = Omit<RouterOutputs["landing"]["trackOptions"][number], "linked">;

/**
 * The promoter's landing page editor (issue 14 §3): handle (checked while typing), headline,
 * about text, button text, theme colour, photo, the tracks to recommend (search, add, order, a
 * note each) and published; beside it a live preview drawn by the same component as the public
 * page. Shows the public address with copy, the views of the last 7 and 30 days, and an admin's
 * take-down with its reason.
 */
export function LandingEditor() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.landing.mine.queryOptions());
  if (mine.error) return <Alert>{mine.error.message}</Alert>;
  if (!mine.data) return <p className="text-sm text-zinc-500">Loading your page…</p>;
  return <EditorForm mine={mine.data} />;
}

function EditorForm({ mine }: { mine: Mine }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const page = mine.page;
  const form = useZodForm(ZLandingPageInput, {
    defaultValues: {
      handle: page?.handle ?? mine.suggestedHandle,
      headline: page?.headline ?? `Music ${mine.name} loves`,
      bio: page?.bio ?? "",
      ctaText: page?.ctaText ?? "Listen and buy",
      themeColor: page?.themeColor ?? LANDING_THEME_COLORS[0],
      published: page?.published ?? false,
      tracks: page?.tracks.map((t) => ({ trackId: t.trackId, note: t.note })) ?? [],
    },
  });
  const tracks = useFieldArray({ control: form.control, name: "tracks" });
  const { failure, save } = useSave(form);
  const [photoUrl, setPhotoUrl] = useState<string | null>(page?.photoUrl ?? null);
  const [photoState, setPhotoState] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  // Summaries of every track seen (the page's and the picker's), for the list and the preview.
  const [known, setKnown] = useState<Map<string, TrackSummary>>(
    () => new Map(page?.tracks.map((t) => [t.trackId, t]) ?? []),
  );
  const [q, setQ] = useState("");
  const [debouncedQ, setDebouncedQ] = useState("");
  useEffect(() => {
    const t = setTimeout(() => setDebouncedQ(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  const options = useQuery(trpc.landing.trackOptions.queryOptions({ q: debouncedQ || undefined }));
  useEffect(() => {
    if (!options.data) return;
    setKnown((m) => {
      const next = new Map(m);
      for (const o of options.data) next.set(o.trackId, o);
      return next;
    });
  }, [options.data]);

  const handle = form.watch("handle");
  const [checkedHandle, setCheckedHandle] = useState(handle);
  useEffect(() => {
    const t = setTimeout(() => setCheckedHandle(handle), 400);
    return () => clearTimeout(t);
  }, [handle]);
  const availability = useQuery({
    ...trpc.landing.handleAvailable.queryOptions({ handle: checkedHandle }),
    enabled: checkedHandle.length >= 3 && checkedHandle !== page?.handle,
    retry: false,
  });

  const saveMutation = useMutation(
    trpc.landing.save.mutationOptions({
      onSuccess: () =>
        void queryClient.invalidateQueries({ queryKey: trpc.landing.mine.queryKey() }),
    }),
  );
  const [pendingPhoto, setPendingPhoto] = useState<string | null | undefined>(undefined);

  const values = form.watch();
  const previewTracks: LandingTrackCard[] = useMemo(
    () =>
      (values.tracks ?? []).flatMap((t) => {
        const s = known.get(t.trackId);
        return s ? [{ ...s, note: t.note ?? "", href: `/t/${s.slug}` }] : [];
      }),
    [values.tracks, known],
  );
  const publicUrl =
    typeof window === "undefined"
      ? `/p/${page?.handle ?? ""}`
      : `${window.location.origin}/p/${page?.handle ?? ""}`;
  const selected = new Set((values.tracks ?? []).map((t) => t.trackId));

  const onPhoto = async (file: File | undefined) => {
    if (!file) return;
    setPhotoState({ busy: true, error: null });
    try {
      const up = await uploadFile("image", file);
      setPendingPhoto(up.id);
      setPhotoUrl(URL.createObjectURL(file));
      setPhotoState({ busy: false, error: null });
    } catch (e) {
      setPhotoState({ busy: false, error: (e as Error).message });
    }
  };

  const onSubmit = form.handleSubmit(async (data) => {
    const ok = await save(() =>
      saveMutation.mutateAsync({
        ...data,
        ...(pendingPhoto !== undefined ? { photoUploadId: pendingPhoto } : {}),
      }),
    );
    if (ok) {
      setPendingPhoto(undefined);
      toast.success(
        data.published ? "Your page is saved and public." : "Your page is saved as a draft.",
      );
    }
  });

  const errors = form.formState.errors;
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <form onSubmit={onSubmit} className="min-w-0 space-y-5" noValidate aria-label="Landing page">
        {page?.takenDown ? (
          <Alert>
            An admin took this page down on {new Date(page.takenDown.at).toUTCString()}:{" "}
            {page.takenDown.reason} It stays hidden until it is restored; you can still edit it.
          </Alert>
        ) : null}
        {mine.promoterStatus !== "ACTIVE" ? (
          <Alert>
            Your promoter account is not active, so the page can be edited but not published.
          </Alert>
        ) : null}
        {page ? (
          <Card className="space-y-2">
            <div className="flex flex-wrap items-center gap-2">
              <Badge tone={page.published && !page.takenDown ? "green" : "amber"}>
                {page.takenDown ? "Taken down" : page.published ? "Public" : "Draft"}
              </Badge>
              <span className="text-sm text-zinc-600" data-testid="landing-views">
                {page.views7d} {page.views7d === 1 ? "view" : "views"} in 7 days · {page.views30d}{" "}
                in 30 days
              </span>
            </div>
            {page.published && !page.takenDown ? (
              <div className="flex flex-wrap items-center gap-2">
                <code className="rounded bg-zinc-50 px-2 py-1 text-sm break-all ring-1 ring-zinc-200">
                  {publicUrl}
                </code>
                <CopyButton text={publicUrl} label="Copy address" />
                <a
                  href={`/p/${page.handle}`}
                  target="_blank"
                  rel="noopener"
                  className="inline-flex items-center gap-1 text-sm font-medium text-brand-600"
                >
                  View page <ExternalLink aria-hidden className="size-4" />
                </a>
              </div>
            ) : null}
          </Card>
        ) : null}

        <Field
          id="landing-handle"
          label="Address"
          error={
            errors.handle?.message ??
            (availability.data && !availability.data.available
              ? (availability.data.reason ?? undefined)
              : undefined)
          }
          hint="fanfare/p/<handle>: lowercase letters, digits and hyphens"
        >
          <Input
            id="landing-handle"
            autoComplete="off"
            invalid={!!errors.handle}
            aria-describedby="landing-handle-hint"
            {...form.register("handle")}
          />
        </Field>
        {availability.data?.available && checkedHandle !== page?.handle ? (
          <p className="-mt-3 text-xs text-green-700">/p/{availability.data.handle} is free.</p>
        ) : null}
        <Field id="landing-headline" label="Headline" error={errors.headline?.message}>
          <Input id="landing-headline" invalid={!!errors.headline} {...form.register("headline")} />
        </Field>
        <Field
          id="landing-bio"
          label="About you"
          error={errors.bio?.message}
          hint="Plain text; line breaks are kept."
        >
          <Textarea id="landing-bio" rows={4} invalid={!!errors.bio} {...form.register("bio")} />
        </Field>
        <Field id="landing-cta" label="Button text" error={errors.ctaText?.message}>
          <Input id="landing-cta" invalid={!!errors.ctaText} {...form.register("ctaText")} />
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Theme colour</legend>
          <div className="flex flex-wrap items-center gap-2">
            {LANDING_THEME_COLORS.map((c) => (
              <label key={c} className="cursor-pointer">
                <input
                  type="radio"
                  value={c}
                  className="peer sr-only"
                  checked={values.themeColor === c}
                  onChange={() => form.setValue("themeColor", c, { shouldDirty: true })}
                />
                <span
                  className="block size-9 rounded-full ring-2 ring-transparent ring-offset-2 peer-checked:ring-zinc-900 peer-focus-visible:ring-brand-600"
                  style={{ backgroundColor: c }}
                />
                <span className="sr-only">{c}</span>
              </label>
            ))}
            <label className="flex items-center gap-2 text-sm">
              <input
                type="color"
                value={values.themeColor ?? LANDING_THEME_COLORS[0]}
                onChange={(e) => form.setValue("themeColor", e.target.value, { shouldDirty: true })}
                className="h-9 w-12 cursor-pointer rounded border border-zinc-300"
              />
              Custom
            </label>
          </div>
          {errors.themeColor ? (
            <p className="text-sm text-red-600">{errors.themeColor.message}</p>
          ) : null}
        </fieldset>
        <Field
          id="landing-photo"
          label="Photo"
          error={photoState.error ?? undefined}
          hint="PNG, JPEG or WebP."
        >
          <div className="flex flex-wrap items-center gap-3">
            <input
              id="landing-photo"
              type="file"
              accept="image/png,image/jpeg,image/webp"
              onChange={(e) => void onPhoto(e.target.files?.[0])}
              className="text-sm"
            />
            {photoState.busy ? <span className="text-sm text-zinc-500">Uploading…</span> : null}
            {photoUrl ? (
              <Button
                type="button"
                size="sm"
                variant="secondary"
                onClick={() => {
                  setPendingPhoto(null);
                  setPhotoUrl(null);
                }}
              >
                Remove photo
              </Button>
            ) : null}
          </div>
        </Field>

        <fieldset className="space-y-3">
          <legend className="text-sm font-medium">
            Tracks you recommend ({tracks.fields.length} of {MAX_LANDING_TRACKS})
          </legend>
          {errors.tracks?.message ? (
            <p className="text-sm text-red-600">{errors.tracks.message}</p>
          ) : null}
          <ol className="space-y-2">
            {tracks.fields.map((f, i) => {
              const s = known.get(f.trackId);
              return (
                <li
                  key={f.id}
                  className="space-y-2 rounded-lg border border-zinc-200 p-3"
                  data-testid="landing-editor-track"
                >
                  <div className="flex items-center gap-2">
                    <span className="min-w-0 flex-1 truncate text-sm font-medium">
                      {s ? `${s.title} — ${s.artistName}` : f.trackId}
                    </span>
                    <Button
                      type="button"
                      size="sm"
                      variant="ghost"
                      aria-label={`Move ${s?.title ?? "track"} up`}
                      disabled={i === 0}
                      onClick={() => tracks.move(i, i - 1)}
                    >
                      <ArrowUp aria-hidden className="size-4" />
                    </Button>
                    <Button
                      type="button"
                      size="sm"
                      variant="ghost"
                      aria-label={`Move ${s?.title ?? "track"} down`}
                      disabled={i === tracks.fields.length - 1}
                      onClick={() => tracks.move(i, i + 1)}
                    >
                      <ArrowDown aria-hidden className="size-4" />
                    </Button>
                    <Button
                      type="button"
                      size="sm"
                      variant="ghost"
                      aria-label={`Remove ${s?.title ?? "track"}`}
                      onClick={() => tracks.remove(i)}
                    >
                      <X aria-hidden className="size-4" />
                    </Button>
                  </div>
                  <Input
                    aria-label={`Your note about ${s?.title ?? "this track"}`}
                    placeholder="Why you love it (optional)"
                    invalid={!!errors.tracks?.[i]?.note}
                    {...form.register(`tracks.${i}.note`)}
                  />
                  {errors.tracks?.[i]?.note ? (
                    <p className="text-sm text-red-600">{errors.tracks[i]?.note?.message}</p>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <div className="space-y-2 rounded-lg bg-zinc-50 p-3">
            <label htmlFor="landing-track-search" className="block text-sm font-medium">
              Add a track
            </label>
            <Input
              id="landing-track-search"
              type="search"
              placeholder="Search by title or artist"
              value={q}
              onChange={(e) => setQ(e.target.value)}
            />
            <ul className="max-h-64 space-y-1 overflow-y-auto" aria-label="Tracks you can add">
              {(options.data ?? [])
                .filter((o) => !selected.has(o.trackId))
                .slice(0, 20)
                .map((o) => (
                  <li key={o.trackId} className="flex items-center gap-2 text-sm">
                    <span className="min-w-0 flex-1 truncate">
                      {o.title} <span className="text-zinc-500">— {o.artistName}</span>
                      {o.linked ? (
                        <span className="ml-1 text-xs text-green-700">(your link)</span>
                      ) : null}
                    </span>
                    <Button
                      type="button"
                      size="sm"
                      variant="secondary"
                      disabled={tracks.fields.length >= MAX_LANDING_TRACKS}
                      onClick={() => tracks.append({ trackId: o.trackId, note: "" })}
                      aria-label={`Add ${o.title}`}
                    >
                      Add
                    </Button>
                  </li>
                ))}
              {options.data && options.data.length === 0 ? (
                <li className="text-sm text-zinc-500">No track matches.</li>
              ) : null}
            </ul>
          </div>
        </fieldset>

        <div className="flex items-center gap-3">
          <Switch
            id="landing-published"
            checked={!!values.published}
            onCheckedChange={(v) => form.setValue("published", v, { shouldDirty: true })}
            aria-label="Published"
          />
          <label htmlFor="landing-published" className="text-sm">
            Published: anyone with the address can see the page
          </label>
        </div>
        {failure ? <Alert>{failure}</Alert> : null}
        <Button type="submit" pending={saveMutation.isPending}>
          Save page
        </Button>
      </form>
      <section
        aria-label="Live preview"
        className="min-w-0 space-y-2 lg:sticky lg:top-4 lg:self-start"
      >
        <h2 className="text-sm font-semibold text-zinc-600">Live preview</h2>
        <LandingPageView
          preview
          page={{
            name: mine.name,
            initials: avatarInitials(mine.name),
            photoUrl,
            headline: values.headline ?? "",
            bio: values.bio ?? "",
            ctaText: values.ctaText || "Listen and buy",
            themeColor: /^#[0-9a-f]{6}$/i.test(values.themeColor ?? "")
              ? (values.themeColor as string).toLowerCase()
              : LANDING_THEME_COLORS[0],
            badges: [],
            tracks: previewTracks,
          }}
        />
      </section>
    </div>
  );
}
