"use client";

import { z } from "zod";

import { Alert } from "@fanfare/ui/alert";
import { Button, Field, Textarea } from "@fanfare/ui";

import { useSave, useZodForm } from "~/lib/form";

const ZReason = z.object({
  reason: z
    .string()
    .trim()
    .min(3, "Say why, at least 3 characters.")
    .max(1000, "Keep the reason under 1000 characters."),
});

/**
 * An admin action that needs a reason the affected person reads: the consequence in words, the
 * reason field, the confirm button. `run` performs the action and returns the confirmation shown
 * by the caller; a refusal from the server shows under the form.
 */
export function ReasonForm({
  id,
  label,
  consequence,
  danger,
  readerNote,
  run,
  onDone,
  onCancel,
}: {
  id: string;
  label: string;
  consequence: string;
  danger?: boolean;
  /** Who reads the reason, e.g. "the promoter reads it beside the link". */
  readerNote: string;
  run: (reason: string) => Promise<string>;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const form = useZodForm(ZReason, { defaultValues: { reason: "" } });
  const { failure, save } = useSave(form);
  const error = form.formState.errors.reason?.message;
  const fieldId = `reason-${id}`;
  const submit = form.handleSubmit(async ({ reason }) => {
    await save(async () => onDone(await run(reason)));
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label={label}>
      <p className="text-sm text-zinc-600">{consequence}</p>
      <Field id={fieldId} label={`Reason (${readerNote})`} error={error}>
        <Textarea id={fieldId} rows={2} {...form.register("reason")} invalid={!!error} />
      </Field>
      <div className="flex flex-wrap gap-2">
        <Button
          type="submit"
          variant={danger ? "danger" : "primary"}
          pending={form.formState.isSubmitting}
        >
          {label}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <Alert>{failure}</Alert>
    </form>
  );
}
