"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, Card, Field, Input, Select, Textarea } from "@fanfare/ui";
import { DEFAULT_COMMISSION_BPS, TRACK_FORM_FIELD_OF, ZTrackForm } from "@fanfare/validators";

import { showServerErrors, useZodForm } from "~/lib/form";
import { fieldErrorsOf } from "~/lib/trpc-errors";
import type { UploadResult } from "~/lib/upload";
import { useTRPC } from "~/trpc/react";
import { FileField, PriceCommissionFields } from "./product-form-fields";

export type ExistingTrack = {
  id: string;
  title: string;
  description: string;
  genreSlug: string | null;
  priceCents: number;
  minPriceCents: number | null;
  commissionBps: number;
  affiliateEnabled: boolean;
  masterFilename: string;
  durationSeconds: number;
};

/**
 * Upload (or edit) a track: master, artwork, details, price or pay-what-you-want, commission.
 * The fields run on `useZodForm(ZTrackForm)`: the browser checks them with the validators'
 * rules as they are left and on submit; the server's field errors land on the same fields.
 */
export function TrackForm({ existing }: { existing?: ExistingTrack }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const genres = useQuery(trpc.artist.genres.queryOptions());
  // A label acting for the artist keeps the commission as it is (issue 16 §5).
  const acting = useQuery(trpc.label.acting.queryOptions());
  const [master, setMaster] = useState<UploadResult | null>(null);
  const [masterError, setMasterError] = useState<string | undefined>();
  const [artwork, setArtwork] = useState<UploadResult | null>(null);
  const [publishNow, setPublishNow] = useState(true);
  // A failure that concerns no field (e.g. a conflict), shown above the submit button.
  const [formError, setFormError] = useState<string | null>(null);
  const form = useZodForm(ZTrackForm, {
    defaultValues: {
      title: existing?.title ?? "",
      description: existing?.description ?? "",
      genreSlug: existing?.genreSlug ?? "",
      price: ((existing?.priceCents ?? 500) / 100).toFixed(2),
      pwyw: existing?.minPriceCents != null,
      minPrice: ((existing?.minPriceCents ?? 100) / 100).toFixed(2),
      commissionBps: existing?.commissionBps ?? DEFAULT_COMMISSION_BPS,
      affiliateEnabled: existing?.affiliateEnabled ?? true,
    },
  });
  const { register, formState } = form;
  const errors = formState.errors;

  const publish = useMutation(trpc.artist.publishTrack.mutationOptions());
  const create = useMutation(trpc.artist.createTrack.mutationOptions());
  const update = useMutation(trpc.artist.updateTrack.mutationOptions());

  const save = form.handleSubmit(async (track) => {
    if (!existing && !master) return;
    setFormError(null);
    try {
      if (existing) {
        await update.mutateAsync({
          trackId: existing.id,
          ...track,
          ...(artwork ? { artworkUploadId: artwork.id } : {}),
        });
      } else {
        const created = await create.mutateAsync({
          ...track,
          masterUploadId: master!.id,
          artworkUploadId: artwork?.id ?? null,
        });
        if (publishNow) await publish.mutateAsync({ trackId: created.id });
      }
      await queryClient.invalidateQueries({ queryKey: trpc.artist.pathKey() });
      router.push("/dashboard/artist");
      router.refresh();
    } catch (e) {
      const fe = fieldErrorsOf(e as Error);
      if (fe.masterUploadId) setMasterError(fe.masterUploadId);
      if (!showServerErrors(form, e, TRACK_FORM_FIELD_OF) && !fe.masterUploadId)
        setFormError((e as Error).message);
    }
  });
  const submit = (e: React.FormEvent<HTMLFormElement>) => {
    // The master is a file field outside the schema: said at the same time as the others.
    setMasterError(!existing && !master ? "Upload the master audio file first." : undefined);
    return save(e);
  };

  const pending = formState.isSubmitting;
  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      <Card className="space-y-4">
        <h2 className="font-semibold">Files</h2>
        {existing ? (
          <p className="text-sm text-zinc-600">
            Master: {existing.masterFilename} (the master cannot be replaced; upload a new track
            instead).
          </p>
        ) : (
          <FileField
            id="master"
            label="Master audio"
            kind="master"
            accept="audio/mpeg,audio/wav,audio/x-wav,audio/flac,audio/mp4,audio/aac,.mp3,.wav,.flac,.m4a,.aac"
            hint="MP3, WAV, FLAC or AAC/M4A, up to 200 MB. Buyers download exactly this file; a 30-second preview is cut from it."
            onUploaded={(r) => {
              setMaster(r);
              if (r) setMasterError(undefined);
            }}
            error={masterError}
          />
        )}
        <FileField
          id="artwork"
          label={existing ? "Replace artwork (optional)" : "Artwork (optional)"}
          kind="artwork"
          accept="image/jpeg,image/png,image/webp"
          hint="JPEG, PNG or WebP, up to 10 MB; square looks best."
          onUploaded={setArtwork}
        />
      </Card>
      <Card className="space-y-4">
        <h2 className="font-semibold">Details</h2>
        <Field id="title" label="Title" error={errors.title?.message}>
          <Input
            id="title"
            {...register("title")}
            invalid={!!errors.title}
            required
            maxLength={120}
          />
        </Field>
        <Field id="description" label="Description" error={errors.description?.message}>
          <Textarea
            id="description"
            rows={4}
            {...register("description")}
            invalid={!!errors.description}
            maxLength={2000}
          />
        </Field>
        <Field id="genre" label="Genre" error={errors.genreSlug?.message}>
          <Select id="genre" {...register("genreSlug")}>
            <option value="">No genre</option>
            {genres.data?.map((g) => (
              <option key={g.slug} value={g.slug}>
                {g.name}
              </option>
            ))}
          </Select>
        </Field>
      </Card>
      <Card className="space-y-4">
        <h2 className="font-semibold">Price and commission</h2>
        <PriceCommissionFields
          form={form}
          noun="track"
          promotionLockedFor={acting.data?.artist?.name ?? null}
        />
      </Card>
      {!existing ? (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={publishNow}
            onChange={(e) => setPublishNow(e.target.checked)}
          />{" "}
          Publish now
        </label>
      ) : null}
      <Alert>{formError}</Alert>
      <Button type="submit" pending={pending}>
        {existing ? "Save changes" : publishNow ? "Create and publish" : "Create draft"}
      </Button>
    </form>
  );
}
