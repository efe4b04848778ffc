"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Image from "next/image";
import Link from "next/link";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card, EmptyState, Field, Input, Loading, Select, Textarea } from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import {
  MAX_RESOURCE_BODY,
  RESOURCE_CATEGORIES,
  RESOURCE_CATEGORY_LABELS,
  ZResourceInput,
} from "@fanfare/validators";

import { ActionResult } from "./admin-list";
import { FormSheet } from "./form-sheet";
import { MarkdownView } from "~/components/markdown";
import { useSave, useZodForm } from "~/lib/form";
import { uploadFile } from "~/lib/upload";
import { useTRPC } from "~/trpc/react";

type ResourceRow = RouterOutputs["admin"]["resources"]["list"][number];

/** The form's fields (the picture is kept beside the form: it is an upload, not typed). */
const schema = ZResourceInput.omit({ id: true, imageUploadId: true });

/** The resource form (new or edit) with a live preview of the Markdown body. */
function ResourceForm({
  resource,
  onDone,
}: {
  resource: ResourceRow | null;
  onDone: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(schema, {
    defaultValues: resource
      ? {
          slug: resource.slug,
          title: resource.title,
          category: resource.category,
          summary: resource.summary,
          body: resource.body,
          published: resource.published,
          position: resource.position,
        }
      : {
          slug: "",
          title: "",
          category: "guide",
          summary: "",
          body: "",
          published: false,
          position: 0,
        },
  });
  const { failure, save } = useSave(form);
  const upsert = useMutation(trpc.admin.resources.upsert.mutationOptions());
  /** undefined: keep the stored picture; null: remove it; a string: a new upload's id. */
  const [imageUploadId, setImageUploadId] = useState<string | null | undefined>(undefined);
  const [imageUrl, setImageUrl] = useState<string | null>(resource?.imageUrl ?? null);
  const [imageState, setImageState] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  const errors = form.formState.errors;
  const body = form.watch("body") ?? "";
  const id = resource?.id ?? "new";

  const onImage = async (file: File | undefined) => {
    if (!file) return;
    setImageState({ busy: true, error: null });
    try {
      const up = await uploadFile("image", file);
      setImageUploadId(up.id);
      setImageUrl(up.imageUrl ?? URL.createObjectURL(file));
      setImageState({ busy: false, error: null });
    } catch (e) {
      setImageState({ busy: false, error: (e as Error).message });
    }
  };

  return (
    <form
      noValidate
      aria-label={resource ? `Edit resource ${resource.title}` : "New resource"}
      className="space-y-4"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const r = await upsert.mutateAsync({
            ...input,
            id: resource?.id,
            ...(imageUploadId !== undefined ? { imageUploadId } : {}),
          });
          await queryClient.invalidateQueries({ queryKey: trpc.admin.resources.list.pathKey() });
          onDone(
            `Resource "${r.title}" saved${r.published ? ` and published at /resources/${r.slug}` : " as a draft"}.`,
          );
        });
      })}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`res-${id}-title`} label="Title" error={errors.title?.message}>
          <Input id={`res-${id}-title`} {...form.register("title")} invalid={!!errors.title} />
        </Field>
        <Field
          id={`res-${id}-slug`}
          label="Slug"
          error={errors.slug?.message}
          hint="The address: /resources/<slug>."
        >
          <Input id={`res-${id}-slug`} {...form.register("slug")} invalid={!!errors.slug} />
        </Field>
        <Field id={`res-${id}-category`} label="Category" error={errors.category?.message}>
          <Select id={`res-${id}-category`} {...form.register("category")}>
            {RESOURCE_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {RESOURCE_CATEGORY_LABELS[c]}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id={`res-${id}-position`}
          label="Position"
          error={errors.position?.message}
          hint="Lowest first within its category."
        >
          <Input
            id={`res-${id}-position`}
            type="number"
            min={0}
            {...form.register("position", { valueAsNumber: true })}
            invalid={!!errors.position}
          />
        </Field>
        <div className="sm:col-span-2">
          <Field
            id={`res-${id}-summary`}
            label="Summary (optional)"
            error={errors.summary?.message}
            hint="One or two lines on the list."
          >
            <Input
              id={`res-${id}-summary`}
              {...form.register("summary")}
              invalid={!!errors.summary}
            />
          </Field>
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Field
          id={`res-${id}-body`}
          label="Body (Markdown)"
          error={errors.body?.message}
          hint={`${body.length.toLocaleString("en-US")} of ${MAX_RESOURCE_BODY.toLocaleString("en-US")} characters. HTML is not rendered; links must be http(s) or mailto.`}
        >
          <Textarea
            id={`res-${id}-body`}
            rows={16}
            className="font-mono text-sm"
            {...form.register("body")}
            invalid={!!errors.body}
          />
        </Field>
        <section aria-label="Preview" className="space-y-1">
          <p className="text-sm font-medium">Preview</p>
          <div
            className="max-h-96 overflow-y-auto rounded-lg border border-zinc-200 p-3"
            data-testid="resource-preview"
          >
            {body.trim() ? (
              <MarkdownView source={body} />
            ) : (
              <p className="text-sm text-zinc-500">The body appears here as promoters see it.</p>
            )}
          </div>
        </section>
      </div>
      <Field
        id={`res-${id}-image`}
        label="Picture (optional)"
        error={imageState.error ?? undefined}
        hint="PNG, JPEG or WebP; shown on the card and above the text."
      >
        <div className="flex flex-wrap items-center gap-3">
          <input
            id={`res-${id}-image`}
            type="file"
            accept="image/png,image/jpeg,image/webp"
            onChange={(e) => void onImage(e.target.files?.[0])}
            className="text-sm"
          />
          {imageState.busy ? <span className="text-sm text-zinc-500">Uploading…</span> : null}
          {imageUrl ? (
            <>
              <Image
                src={imageUrl}
                alt="The resource's picture"
                width={96}
                height={48}
                unoptimized
                className="h-12 w-24 rounded object-cover"
              />
              <Button
                type="button"
                size="sm"
                variant="secondary"
                onClick={() => {
                  setImageUploadId(null);
                  setImageUrl(null);
                }}
              >
                Remove picture
              </Button>
            </>
          ) : null}
        </div>
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...form.register("published")} /> Published (shown at /resources)
      </label>
      <div className="space-y-2">
        <Button type="submit" pending={form.formState.isSubmitting || imageState.busy}>
          {resource ? "Save resource" : "Create resource"}
        </Button>
        {failure ? <Alert>{failure}</Alert> : null}
      </div>
    </form>
  );
}

/** A button and the sheet with the resource form (`FormSheet`). */
function ResourceSheet({
  resource,
  onMessage,
}: {
  resource: ResourceRow | null;
  onMessage: (m: string) => void;
}) {
  return (
    <FormSheet
      label={resource ? "Edit" : "New resource"}
      title={resource ? `Edit ${resource.title}` : "New resource"}
      editing={!!resource}
      onMessage={onMessage}
    >
      {(done) => <ResourceForm resource={resource} onDone={done} />}
    </FormSheet>
  );
}

/** Edit and delete. */
function ResourceActions({
  resource,
  onMessage,
}: {
  resource: ResourceRow;
  onMessage: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.admin.resources.delete.mutationOptions());
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <ResourceSheet resource={resource} onMessage={onMessage} />
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="ghost" pending={remove.isPending}>
            Delete
          </Button>
        }
        title={`Delete ${resource.title}?`}
        description={
          resource.published
            ? "It disappears from the resource center at once; its address stops working."
            : "This draft is deleted."
        }
        confirmLabel="Delete resource"
        onConfirm={() =>
          void remove.mutateAsync({ id: resource.id }).then(async () => {
            await queryClient.invalidateQueries({
              queryKey: trpc.admin.resources.list.pathKey(),
            });
            onMessage(`Resource "${resource.title}" deleted.`);
          })
        }
      />
      {remove.error ? <Alert>{remove.error.message}</Alert> : null}
    </div>
  );
}

function resourceColumns(onMessage: (m: string) => void): DataTableColumn<ResourceRow>[] {
  return [
    {
      id: "title",
      accessorFn: (r) => r.title,
      header: "Resource",
      cell: ({ row: { original: r } }) => (
        <div>
          {r.published ? (
            <Link href={`/resources/${r.slug}`} className="font-semibold underline">
              {r.title}
            </Link>
          ) : (
            <span className="font-semibold">{r.title}</span>
          )}
          <p className="text-xs text-zinc-600">/resources/{r.slug}</p>
        </div>
      ),
    },
    {
      id: "category",
      accessorFn: (r) => RESOURCE_CATEGORIES.indexOf(r.category),
      header: "Category",
      cell: ({ row: { original: r } }) => RESOURCE_CATEGORY_LABELS[r.category],
    },
    { id: "position", accessorFn: (r) => r.position, header: "Position", meta: { align: "right" } },
    {
      id: "status",
      accessorFn: (r) => (r.published ? 1 : 0),
      header: "Status",
      cell: ({ row: { original: r } }) => (r.published ? "Published" : "Draft"),
    },
    actionsColumn((r) => <ResourceActions resource={r} onMessage={onMessage} />),
  ];
}

/**
 * The resource center (issue 14 §8): swipe files, post templates, FAQs, best practices and
 * pictures for promoters, written in Markdown; create, edit, publish and delete.
 */
export function AdminResources() {
  const trpc = useTRPC();
  const [message, setMessage] = useState<string | null>(null);
  const list = useQuery(trpc.admin.resources.list.queryOptions());
  const rows = useMemo(() => list.data ?? [], [list.data]);
  const columns = useMemo(() => resourceColumns(setMessage), []);
  return (
    <Card>
      <section aria-labelledby="resources-h" className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id="resources-h" className="text-lg font-semibold">
              Resource center
            </h2>
            <p className="text-sm text-zinc-600">
              What promoters find at{" "}
              <Link href="/resources" className="underline">
                /resources
              </Link>
              : swipe files and post templates (with a Copy button), FAQs, best practices and
              pictures. Only published resources are shown; every change is in the audit log.
            </p>
          </div>
          <ResourceSheet resource={null} onMessage={setMessage} />
        </div>
        <ActionResult message={message} testId="resource-result" />
        {list.error ? <Alert>{list.error.message}</Alert> : null}
        {list.isPending ? (
          <Loading label="Loading resources…" />
        ) : rows.length === 0 ? (
          <EmptyState title="No resources yet">
            Create one, e.g. a post template promoters can copy.
          </EmptyState>
        ) : (
          <DataTable
            label="Resources"
            testId="resources"
            columns={columns}
            data={rows}
            getRowId={(r) => r.id}
            rowAttributes={(r) => ({ "data-testid": `resource-row-${r.slug}` })}
          />
        )}
      </section>
    </Card>
  );
}
