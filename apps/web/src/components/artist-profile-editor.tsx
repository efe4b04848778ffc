"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useFieldArray } from "react-hook-form";

import type { RouterOutputs } from "@fanfare/api";
import { Button, Card, Field, Input, Loading, Textarea, buttonVariants } from "@fanfare/ui";
import { Alert } from "@fanfare/ui/alert";
import {
  MAX_ARTIST_BIO,
  MAX_ARTIST_LINK_LABEL,
  MAX_ARTIST_LINKS,
  MAX_URL_LENGTH,
  ZArtistProfileForm,
} from "@fanfare/validators";

import { useSave, useZodForm } from "~/lib/form";
import { uploadFile } from "~/lib/upload";
import { useTRPC } from "~/trpc/react";
import { ArtistAvatar } from "./artist-avatar";

type Profile = RouterOutputs["artist"]["profile"];

/** The picture as the form will save it: unchanged, a new upload, or removed. */
type Picture =
  { change: "keep" } | { change: "new"; id: string; url: string } | { change: "remove" };

/**
 * "Your artist page" on the artist dashboard: the page's address with a link to view it, and
 * (behind "Edit your page") the form for its name, bio, links (add and remove rows, at most 8)
 * and picture (uploaded as an `image` as soon as it is chosen, saved with the form). Runs on
 * `useZodForm(ZArtistProfileForm)`: the browser checks the validators' rules, the server's field
 * errors land on the same fields.
 */
export function ArtistProfileEditor() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.artist.profile.queryOptions());
  const [editing, setEditing] = useState(false);

  if (profile.isPending) return <Loading label="Loading your artist page…" rows={1} />;
  if (profile.error) return <Alert>{profile.error.message}</Alert>;
  const p = profile.data;
  return (
    <section aria-labelledby="artist-page-h" data-testid="artist-page-editor">
      <Card className="space-y-4">
        <div className="flex flex-wrap items-center gap-4">
          <ArtistAvatar name={p.name} imageUrl={p.imageUrl} size="md" />
          <div className="min-w-0 flex-1 space-y-1">
            <h2 id="artist-page-h" className="text-lg font-semibold">
              Your artist page
            </h2>
            <p className="truncate text-sm text-zinc-600">
              Fans and promoters find all your tracks at{" "}
              <span className="font-mono text-ink">/a/{p.slug}</span>
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <Link href={`/a/${p.slug}`} className={buttonVariants({ variant: "secondary" })}>
              View your page
            </Link>
            {editing ? null : (
              <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
                Edit your page
              </Button>
            )}
          </div>
        </div>
        {editing ? (
          // Keyed by the saved profile: the form starts again from what the server kept.
          <ProfileForm key={JSON.stringify(p)} profile={p} onClose={() => setEditing(false)} />
        ) : null}
      </Card>
    </section>
  );
}

function ProfileForm({ profile, onClose }: { profile: Profile; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useZodForm(ZArtistProfileForm, {
    defaultValues: { name: profile.name, bio: profile.bio, links: profile.links },
  });
  const { register, control, formState } = form;
  const errors = formState.errors;
  const links = useFieldArray({ control, name: "links" });
  const [picture, setPicture] = useState<Picture>({ change: "keep" });
  const [upload, setUpload] = useState<{ pending: boolean; error?: string }>({ pending: false });
  const { failure, save } = useSave(form);
  const update = useMutation(trpc.artist.updateProfile.mutationOptions());

  const shownImage =
    picture.change === "new" ? picture.url : picture.change === "remove" ? null : profile.imageUrl;

  const submit = form.handleSubmit(async (values) => {
    const saved = await save(() =>
      update.mutateAsync({
        ...values,
        ...(picture.change === "new" ? { imageUploadId: picture.id } : {}),
        ...(picture.change === "remove" ? { imageUploadId: null } : {}),
      }),
    );
    if (!saved) return;
    // The dashboard's header shows the name (promoter.me); the card shows the profile.
    await qc.invalidateQueries({ queryKey: trpc.artist.profile.queryKey() });
    await qc.invalidateQueries({ queryKey: trpc.promoter.me.queryKey() });
    onClose();
  });

  const linksError = errors.links?.message ?? errors.links?.root?.message;
  return (
    <form onSubmit={submit} className="space-y-5 border-t border-zinc-100 pt-4" noValidate>
      <div className="flex flex-wrap items-center gap-4">
        <ArtistAvatar name={form.watch("name") || profile.name} imageUrl={shownImage} size="md" />
        <div className="min-w-0 flex-1">
          <Field
            id="artist-picture"
            label="Picture"
            error={upload.error}
            hint={
              upload.pending
                ? "Uploading…"
                : "JPEG, PNG or WebP, up to 10 MB; square looks best. Without one, your initials show."
            }
          >
            <Input
              id="artist-picture"
              type="file"
              accept="image/jpeg,image/png,image/webp"
              invalid={!!upload.error}
              disabled={upload.pending}
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                setUpload({ pending: true });
                try {
                  const r = await uploadFile("image", file);
                  setPicture({ change: "new", id: r.id, url: r.imageUrl ?? "" });
                  setUpload({ pending: false });
                } catch (err) {
                  setUpload({ pending: false, error: (err as Error).message });
                }
              }}
            />
          </Field>
          {shownImage ? (
            <Button
              type="button"
              variant="ghost"
              size="sm"
              className="mt-1"
              onClick={() => setPicture({ change: "remove" })}
            >
              Remove picture
            </Button>
          ) : null}
        </div>
      </div>

      <Field id="artist-name" label="Artist name" error={errors.name?.message}>
        <Input id="artist-name" {...register("name")} invalid={!!errors.name} maxLength={80} />
      </Field>

      <Field
        id="artist-bio"
        label="Bio"
        error={errors.bio?.message}
        hint={`Plain text; line breaks are kept. Up to ${MAX_ARTIST_BIO} characters.`}
      >
        <Textarea
          id="artist-bio"
          rows={5}
          {...register("bio")}
          invalid={!!errors.bio}
          maxLength={MAX_ARTIST_BIO}
        />
      </Field>

      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-ink">Links</legend>
        <p className="text-xs text-zinc-500">
          Your website, shop or streaming profiles: up to {MAX_ARTIST_LINKS}, each a full https://
          address.
        </p>
        {links.fields.map((row, i) => {
          const rowErrors = errors.links?.[i];
          return (
            <div
              key={row.id}
              className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_auto] sm:items-start"
              data-testid="artist-link-row"
            >
              <Field
                id={`link-label-${i}`}
                label={`Link ${i + 1} label`}
                error={rowErrors?.label?.message}
              >
                <Input
                  id={`link-label-${i}`}
                  placeholder="Website"
                  {...register(`links.${i}.label`)}
                  invalid={!!rowErrors?.label}
                  maxLength={MAX_ARTIST_LINK_LABEL}
                />
              </Field>
              <Field
                id={`link-url-${i}`}
                label={`Link ${i + 1} address`}
                error={rowErrors?.url?.message}
              >
                <Input
                  id={`link-url-${i}`}
                  type="url"
                  inputMode="url"
                  placeholder="https://"
                  {...register(`links.${i}.url`)}
                  invalid={!!rowErrors?.url}
                  maxLength={MAX_URL_LENGTH}
                />
              </Field>
              <Button
                type="button"
                variant="ghost"
                size="sm"
                className="text-red-700 sm:mt-6"
                aria-label={`Remove link ${i + 1}`}
                onClick={() => links.remove(i)}
              >
                Remove
              </Button>
            </div>
          );
        })}
        {linksError ? (
          <p role="alert" className="text-sm text-red-600">
            {linksError}
          </p>
        ) : null}
        <Button
          type="button"
          variant="secondary"
          size="sm"
          disabled={links.fields.length >= MAX_ARTIST_LINKS}
          onClick={() => links.append({ label: "", url: "" })}
        >
          Add a link
        </Button>
      </fieldset>

      <Alert>{failure}</Alert>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={formState.isSubmitting} disabled={upload.pending}>
          Save your page
        </Button>
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
