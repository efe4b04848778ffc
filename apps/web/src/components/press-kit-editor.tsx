"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Image from "next/image";
import Link from "next/link";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Button, Card, Field, Input, Loading, Textarea, buttonVariants } from "@fanfare/ui";
import { Alert } from "@fanfare/ui/alert";
import { MAX_ONE_SHEET, MAX_PRESS_PHOTOS, ZPressKitForm } from "@fanfare/validators";

import { useSave, useZodForm } from "~/lib/form";
import { moveItem } from "~/lib/press-kit";
import { uploadFile } from "~/lib/upload";
import { useTRPC } from "~/trpc/react";
import { MarkdownView } from "./markdown";

type Kit = RouterOutputs["artist"]["pressKit"];
type Photo = Kit["photos"][number];

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * "Press kit" on the artist dashboard (issue 14 §8): what the public kit at `/a/<slug>/press`
 * holds, with a link to view it, and (behind "Edit press kit") the form: press photos (uploaded
 * as `image`s as soon as they are chosen, at most 6; reordered and removed in place, all saved
 * with the form) and the one-sheet in Markdown with a live preview rendered as the public page
 * renders it. The bio and links are the artist page's own ("Your artist page" above).
 */
export function PressKitEditor() {
  const trpc = useTRPC();
  const kit = useQuery(trpc.artist.pressKit.queryOptions());
  const [editing, setEditing] = useState(false);

  if (kit.isPending) return <Loading label="Loading your press kit…" rows={1} />;
  if (kit.error) return <Alert>{kit.error.message}</Alert>;
  const k = kit.data;
  const summary =
    k.photos.length || k.oneSheet
      ? [
          k.photos.length ? plural(k.photos.length, "photo") : null,
          k.oneSheet ? "a one-sheet" : null,
        ]
          .filter(Boolean)
          .join(" and ")
      : "nothing yet: promoters see your bio and tracks only";
  return (
    <section aria-labelledby="press-kit-h" data-testid="press-kit-editor">
      <Card className="space-y-4">
        <div className="flex flex-wrap items-center gap-4">
          <div className="min-w-0 flex-1 space-y-1">
            <h2 id="press-kit-h" className="text-lg font-semibold">
              Press kit
            </h2>
            <p className="text-sm text-zinc-600">
              Photos and a one-sheet promoters can use, with your bio and tracks, at{" "}
              <span className="font-mono text-ink">/a/{k.slug}/press</span>. It holds {summary}.
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <Link href={`/a/${k.slug}/press`} className={buttonVariants({ variant: "secondary" })}>
              View press kit
            </Link>
            {editing ? null : (
              <Button type="button" variant="secondary" onClick={() => setEditing(true)}>
                Edit press kit
              </Button>
            )}
          </div>
        </div>
        {editing ? (
          // Keyed by the saved kit: the form starts again from what the server kept.
          <PressKitForm key={JSON.stringify(k)} kit={k} onClose={() => setEditing(false)} />
        ) : null}
      </Card>
    </section>
  );
}

function PressKitForm({ kit, onClose }: { kit: Kit; onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useZodForm(ZPressKitForm, { defaultValues: { oneSheet: kit.oneSheet } });
  const { register, formState } = form;
  const [photos, setPhotos] = useState<Photo[]>(kit.photos);
  const [upload, setUpload] = useState<{ pending: boolean; error?: string }>({ pending: false });
  const { failure, save } = useSave(form);
  const update = useMutation(trpc.artist.updatePressKit.mutationOptions());
  const oneSheet = form.watch("oneSheet") ?? "";
  const room = MAX_PRESS_PHOTOS - photos.length;

  const addFiles = async (files: File[]) => {
    if (files.length === 0) return;
    const taken = files.slice(0, room);
    setUpload({ pending: true });
    const added: Photo[] = [];
    try {
      // One at a time: each upload is checked against the pending-upload quota in turn.
      for (const file of taken) {
        const r = await uploadFile("image", file);
        if (r.imageUrl) added.push({ uploadId: r.id, url: r.imageUrl });
      }
      setUpload({
        pending: false,
        error:
          files.length > taken.length
            ? `A press kit holds at most ${MAX_PRESS_PHOTOS} photos: ${plural(files.length - taken.length, "photo")} left out.`
            : undefined,
      });
    } catch (err) {
      setUpload({ pending: false, error: (err as Error).message });
    } finally {
      setPhotos((current) => [...current, ...added].slice(0, MAX_PRESS_PHOTOS));
    }
  };

  const submit = form.handleSubmit(async (values) => {
    const saved = await save(() =>
      update.mutateAsync({
        photoUploadIds: photos.map((p) => p.uploadId),
        oneSheet: values.oneSheet,
      }),
    );
    if (!saved) return;
    await qc.invalidateQueries({ queryKey: trpc.artist.pressKit.queryKey() });
    onClose();
  });

  return (
    <form onSubmit={submit} className="space-y-5 border-t border-zinc-100 pt-4" noValidate>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-ink">
          Photos ({photos.length} of {MAX_PRESS_PHOTOS})
        </legend>
        {photos.length ? (
          <ol className="grid grid-cols-2 gap-3 sm:grid-cols-3" data-testid="press-photo-list">
            {photos.map((p, i) => (
              <li key={p.uploadId} className="space-y-1" data-testid="press-photo">
                <Image
                  src={p.url}
                  alt={`Press photo ${i + 1}`}
                  width={240}
                  height={240}
                  className="aspect-square w-full rounded-lg bg-zinc-100 object-cover"
                />
                <div className="flex flex-wrap gap-1">
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    aria-label={`Move photo ${i + 1} earlier`}
                    disabled={i === 0}
                    onClick={() => setPhotos((ps) => moveItem(ps, i, -1))}
                  >
                    ←
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    aria-label={`Move photo ${i + 1} later`}
                    disabled={i === photos.length - 1}
                    onClick={() => setPhotos((ps) => moveItem(ps, i, 1))}
                  >
                    →
                  </Button>
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    className="text-red-700"
                    aria-label={`Remove photo ${i + 1}`}
                    onClick={() => setPhotos((ps) => ps.filter((_, j) => j !== i))}
                  >
                    Remove
                  </Button>
                </div>
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-zinc-500">No photos yet.</p>
        )}
        <Field
          id="press-photos"
          label="Add photos"
          error={upload.error}
          hint={
            upload.pending
              ? "Uploading…"
              : room > 0
                ? `JPEG, PNG or WebP, up to 10 MB each; ${plural(room, "more photo")} fit. Promoters download the original files.`
                : `The kit is full (${MAX_PRESS_PHOTOS} photos): remove one to add another.`
          }
        >
          <Input
            id="press-photos"
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp"
            invalid={!!upload.error}
            disabled={upload.pending || room <= 0}
            onChange={(e) => {
              const files = Array.from(e.target.files ?? []);
              e.target.value = "";
              void addFiles(files);
            }}
          />
        </Field>
      </fieldset>

      <div className="grid gap-4 lg:grid-cols-2">
        <Field
          id="press-one-sheet"
          label="One-sheet (Markdown)"
          error={formState.errors.oneSheet?.message}
          hint={`${oneSheet.length.toLocaleString("en-US")} of ${MAX_ONE_SHEET.toLocaleString("en-US")} characters. Headline facts, quotes, news, contacts. HTML is not rendered; links must be http(s) or mailto.`}
        >
          <Textarea
            id="press-one-sheet"
            rows={14}
            className="font-mono text-sm"
            {...register("oneSheet")}
            invalid={!!formState.errors.oneSheet}
          />
        </Field>
        <section aria-label="One-sheet preview" className="space-y-1">
          <p className="text-sm font-medium">Preview</p>
          <div
            className="max-h-96 overflow-y-auto rounded-lg border border-zinc-200 p-3"
            data-testid="one-sheet-preview"
          >
            {oneSheet.trim() ? (
              <MarkdownView source={oneSheet} />
            ) : (
              <p className="text-sm text-zinc-500">
                The one-sheet appears here as promoters see it.
              </p>
            )}
          </div>
        </section>
      </div>

      <Alert>{failure}</Alert>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={formState.isSubmitting} disabled={upload.pending}>
          Save press kit
        </Button>
        <Button type="button" variant="ghost" onClick={onClose}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
