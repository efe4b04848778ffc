"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Button, Card, Field, Input, Select, Textarea } from "@fanfare/ui";
import {
  formatBps,
  formatCents,
  MAX_COMMISSION_BPS,
  MIN_COMMISSION_BPS,
  parseDollarsToCents,
  splitSaleAmount,
} from "@fanfare/validators";

import { fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

type UploadResult = {
  id: string;
  format: string | null;
  durationSeconds: number | null;
  originalFilename: string;
  sizeBytes: number;
};

async function upload(kind: "master" | "artwork", file: File): Promise<UploadResult> {
  const body = new FormData();
  body.set("kind", kind);
  body.set("file", file);
  // The kind in the URL too: the server then streams the body against that kind's size limit.
  const res = await fetch(`/api/uploads?kind=${kind}`, { method: "POST", body });
  const json = (await res.json().catch(() => ({}))) as UploadResult & { error?: string };
  if (!res.ok) throw new Error(json.error ?? `Upload failed (${res.status}).`);
  return json;
}

function FileField(props: {
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
            const r = await upload(props.kind, file);
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

/** Upload (or edit) a track: master, artwork, details, price or pay-what-you-want, commission. */
export function TrackForm({ existing }: { existing?: ExistingTrack }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const genres = useQuery(trpc.artist.genres.queryOptions());
  const [master, setMaster] = useState<UploadResult | null>(null);
  const [artwork, setArtwork] = useState<UploadResult | null>(null);
  const [title, setTitle] = useState(existing?.title ?? "");
  const [description, setDescription] = useState(existing?.description ?? "");
  const [genreSlug, setGenreSlug] = useState(existing?.genreSlug ?? "");
  const [price, setPrice] = useState(((existing?.priceCents ?? 500) / 100).toFixed(2));
  const [pwyw, setPwyw] = useState(existing?.minPriceCents != null);
  const [minPrice, setMinPrice] = useState(((existing?.minPriceCents ?? 100) / 100).toFixed(2));
  const [commissionBps, setCommissionBps] = useState(existing?.commissionBps ?? 2000);
  const [affiliateEnabled, setAffiliateEnabled] = useState(existing?.affiliateEnabled ?? true);
  const [publishNow, setPublishNow] = useState(true);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});

  const publish = useMutation(trpc.artist.publishTrack.mutationOptions());
  const create = useMutation(trpc.artist.createTrack.mutationOptions());
  const update = useMutation(trpc.artist.updateTrack.mutationOptions());
  const error = create.error ?? update.error ?? publish.error;
  const fe = { ...fieldErrorsOf(create.error ?? update.error), ...localErrors };
  const priceCents = parseDollarsToCents(price);
  const example = priceCents
    ? splitSaleAmount({ amountCents: priceCents, commissionBps, attributed: true })
    : null;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const minPriceCents = pwyw ? parseDollarsToCents(minPrice) : null;
    if (priceCents == null) errs.priceCents = "Enter a price like 5 or 4.99.";
    if (pwyw && minPriceCents == null) errs.minPriceCents = "Enter a minimum like 1 or 0.99.";
    if (!existing && !master) errs.masterUploadId = "Upload the master audio file first.";
    setLocalErrors(errs);
    if (Object.keys(errs).length) return;
    const common = {
      title,
      description,
      genreSlug: genreSlug || null,
      priceCents: priceCents!,
      minPriceCents,
      commissionBps,
      affiliateEnabled,
    };
    try {
      if (existing) {
        await update.mutateAsync({
          trackId: existing.id,
          ...common,
          ...(artwork ? { artworkUploadId: artwork.id } : {}),
        });
      } else {
        const track = await create.mutateAsync({
          ...common,
          masterUploadId: master!.id,
          artworkUploadId: artwork?.id ?? null,
        });
        if (publishNow) await publish.mutateAsync({ trackId: track.id });
      }
      await queryClient.invalidateQueries({ queryKey: trpc.artist.pathKey() });
      router.push("/dashboard/artist");
      router.refresh();
    } catch {
      // Shown from the mutation's error state.
    }
  };

  const pending = create.isPending || update.isPending || publish.isPending;
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
            onUploaded={setMaster}
            error={fe.masterUploadId}
          />
        )}
        <FileField
          id="artwork"
          label={existing ? "Replace artwork (optional)" : "Artwork (optional)"}
          kind="artwork"
          accept="image/jpeg,image/png,image/webp"
          hint="JPEG, PNG or WebP, up to 10 MB; square looks best."
          onUploaded={setArtwork}
          error={fe.artworkUploadId}
        />
      </Card>
      <Card className="space-y-4">
        <h2 className="font-semibold">Details</h2>
        <Field id="title" label="Title" error={fe.title}>
          <Input
            id="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            invalid={!!fe.title}
            required
            maxLength={120}
          />
        </Field>
        <Field id="description" label="Description" error={fe.description}>
          <Textarea
            id="description"
            rows={4}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            invalid={!!fe.description}
            maxLength={2000}
          />
        </Field>
        <Field id="genre" label="Genre" error={fe.genreSlug}>
          <Select id="genre" value={genreSlug} onChange={(e) => setGenreSlug(e.target.value)}>
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
        <Field
          id="price"
          label={pwyw ? "Suggested price (USD)" : "Price (USD)"}
          error={fe.priceCents}
        >
          <Input
            id="price"
            inputMode="decimal"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            invalid={!!fe.priceCents}
          />
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={pwyw} onChange={(e) => setPwyw(e.target.checked)} /> Pay
          what you want (buyers may pay more)
        </label>
        {pwyw ? (
          <Field
            id="minPrice"
            label="Minimum price (USD)"
            error={fe.minPriceCents}
            hint="At least $0.50."
          >
            <Input
              id="minPrice"
              inputMode="decimal"
              value={minPrice}
              onChange={(e) => setMinPrice(e.target.value)}
              invalid={!!fe.minPriceCents}
            />
          </Field>
        ) : null}
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={affiliateEnabled}
            onChange={(e) => setAffiliateEnabled(e.target.checked)}
          />{" "}
          Let fans promote this track for a commission
        </label>
        <Field
          id="commission"
          label={`Promoter commission: ${formatBps(commissionBps)}`}
          error={fe.commissionBps}
          hint={
            example
              ? `On a ${formatCents(example.amountCents)} sale through a promoter: promoter ${formatCents(example.commissionCents)}, Fanfare ${formatCents(example.platformFeeCents)} (10%), you ${formatCents(example.artistCents)}.`
              : undefined
          }
        >
          <input
            id="commission"
            type="range"
            min={MIN_COMMISSION_BPS}
            max={MAX_COMMISSION_BPS}
            step={100}
            value={commissionBps}
            onChange={(e) => setCommissionBps(Number(e.target.value))}
            disabled={!affiliateEnabled}
            aria-valuetext={formatBps(commissionBps)}
            className="w-full accent-brand-600"
          />
        </Field>
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
      {error && Object.keys(fieldErrorsOf(error)).length === 0 ? (
        <p role="alert" className="text-sm text-red-600">
          {error.message}
        </p>
      ) : null}
      <Button type="submit" pending={pending}>
        {existing ? "Save changes" : publishNow ? "Create and publish" : "Create draft"}
      </Button>
    </form>
  );
}
