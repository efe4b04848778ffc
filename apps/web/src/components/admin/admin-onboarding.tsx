"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card, Field, Input, Loading, Textarea } from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import {
  MAX_ONBOARDING_BODY,
  ONBOARDING_PLACEHOLDER,
  ONBOARDING_VARIABLE_NAMES,
  ONBOARDING_VARIABLES,
  ZSaveOnboardingStepInput,
} from "@fanfare/validators";

import { ActionResult } from "./admin-list";
import { FormSheet } from "./form-sheet";
import { MarkdownView } from "~/components/markdown";
import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

type StepRow = RouterOutputs["admin"]["onboarding"]["steps"][number];

/** What the preview fills the variables with (a promoter one week in). */
const SAMPLE: Record<string, string> = {
  name: "Pat",
  dashboardUrl: "https://fanfare.example/dashboard/promoter",
  linksUrl: "https://fanfare.example/discover",
  landingUrl: "https://fanfare.example/dashboard/promoter/landing",
  resourcesUrl: "https://fanfare.example/resources",
  firstWeekClicks: "42",
  firstWeekSales: "3",
  firstWeekCommission: "$4.50",
};

/** `text` with the sample values in place of known variables (unknown ones stay as written). */
const fillSample = (text: string) =>
  text.replace(ONBOARDING_PLACEHOLDER, (whole, name: string) => SAMPLE[name] ?? whole);

/** One step's form with a live preview of the subject and the rendered Markdown. */
function StepForm({ row, onDone }: { row: StepRow; onDone: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(ZSaveOnboardingStepInput, {
    mode: "onChange",
    defaultValues: {
      step: row.step,
      dayOffset: row.dayOffset,
      subject: row.subject,
      body: row.body,
      enabled: row.enabled,
    },
  });
  const { failure, save } = useSave(form);
  const saveStep = useMutation(trpc.admin.onboarding.saveStep.mutationOptions());
  const errors = form.formState.errors;
  const subject = form.watch("subject") ?? "";
  const body = form.watch("body") ?? "";
  const id = `onb-${row.step}`;
  return (
    <form
      noValidate
      aria-label={`Edit onboarding step ${row.step}`}
      className="space-y-4"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const steps = await saveStep.mutateAsync(input);
          queryClient.setQueryData(trpc.admin.onboarding.steps.queryKey(), steps);
          onDone(`Step ${row.step} saved: the next emails of this step use it.`);
        });
      })}
    >
      <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
        <Field
          id={`${id}-day`}
          label="Day"
          error={errors.dayOffset?.message}
          hint="Days after the start."
        >
          <Input
            id={`${id}-day`}
            type="number"
            min={0}
            max={60}
            {...form.register("dayOffset", { valueAsNumber: true })}
            invalid={!!errors.dayOffset}
          />
        </Field>
        <Field id={`${id}-subject`} label="Subject" error={errors.subject?.message}>
          <Input id={`${id}-subject`} {...form.register("subject")} invalid={!!errors.subject} />
        </Field>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Field
          id={`${id}-body`}
          label="Body (Markdown)"
          error={errors.body?.message}
          hint={`${body.length.toLocaleString("en-US")} of ${MAX_ONBOARDING_BODY.toLocaleString("en-US")} characters. HTML is not rendered.`}
        >
          <Textarea
            id={`${id}-body`}
            rows={16}
            className="font-mono text-sm"
            {...form.register("body")}
            invalid={!!errors.body}
          />
        </Field>
        <section aria-label="Preview" className="space-y-1">
          <p className="text-sm font-medium">Preview (sample promoter)</p>
          <div
            className="max-h-96 space-y-3 overflow-y-auto rounded-lg border border-zinc-200 p-3"
            data-testid="onboarding-preview"
          >
            <p className="font-semibold">{fillSample(subject)}</p>
            {body.trim() ? (
              <MarkdownView source={fillSample(body)} />
            ) : (
              <p className="text-sm text-zinc-500">The email&apos;s text appears here.</p>
            )}
          </div>
        </section>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Variables</summary>
        <ul className="mt-2 space-y-1">
          {ONBOARDING_VARIABLE_NAMES.map((n) => (
            <li key={n}>
              <code className="rounded bg-zinc-100 px-1">{`{{${n}}}`}</code>:{" "}
              {ONBOARDING_VARIABLES[n]}
            </li>
          ))}
        </ul>
      </details>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...form.register("enabled")} /> Enabled (a disabled step is skipped,
        never sent later)
      </label>
      <div className="space-y-2">
        <Button type="submit" pending={form.formState.isSubmitting}>
          Save step {row.step}
        </Button>
        {failure ? <Alert>{failure}</Alert> : null}
      </div>
    </form>
  );
}

/** Reset to the built-in content (only for a saved step). */
function ResetStep({ row, onMessage }: { row: StepRow; onMessage: (m: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const reset = useMutation(trpc.admin.onboarding.resetStep.mutationOptions());
  if (row.isDefault) return null;
  return (
    <>
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="ghost" pending={reset.isPending}>
            Reset
          </Button>
        }
        title={`Reset step ${row.step} to the built-in email?`}
        description="Your subject, text, day and switch for this step are replaced by the defaults."
        confirmLabel="Reset step"
        onConfirm={() =>
          void reset.mutateAsync({ step: row.step }).then((steps) => {
            queryClient.setQueryData(trpc.admin.onboarding.steps.queryKey(), steps);
            onMessage(`Step ${row.step} is back to the built-in email.`);
          })
        }
      />
      {reset.error ? <Alert>{reset.error.message}</Alert> : null}
    </>
  );
}

/**
 * `/admin/onboarding`: the onboarding email sequence for new promoters (issue 14 §8). Seven
 * steps, each with its day, subject, Markdown body and switch, a live preview, whether it is the
 * built-in content, and how many promoters it was sent to and passed over for.
 */
export function AdminOnboarding() {
  const trpc = useTRPC();
  const [message, setMessage] = useState<string | null>(null);
  const steps = useQuery(trpc.admin.onboarding.steps.queryOptions());
  return (
    <Card>
      <section aria-labelledby="onboarding-h" className="space-y-4">
        <div>
          <h2 id="onboarding-h" className="text-lg font-semibold">
            Onboarding emails
          </h2>
          <p className="text-sm text-zinc-600">
            Sent to new promoters from the day they join (or are approved). Each run sends a
            promoter only the latest step that is due; earlier ones it missed are passed over, never
            sent in a burst. Unsubscribed and inactive promoters get nothing. Every change is in the
            audit log.
          </p>
        </div>
        <ActionResult message={message} testId="onboarding-result" />
        {steps.error ? <Alert>{steps.error.message}</Alert> : null}
        {!steps.data ? (
          <Loading label="Loading the onboarding emails…" rows={7} />
        ) : (
          <ol className="divide-y divide-zinc-100" data-testid="onboarding-steps">
            {steps.data.map((row) => (
              <li
                key={row.step}
                className="flex flex-wrap items-start justify-between gap-3 py-3"
                data-testid={`onboarding-step-${row.step}`}
              >
                <div className="min-w-0 flex-1">
                  <p className="text-sm text-zinc-500">
                    Step {row.step} · day {row.dayOffset}
                    {row.enabled ? "" : " · disabled"} · {row.isDefault ? "built-in" : "edited"}
                  </p>
                  <p className="font-medium">{row.subject}</p>
                  <p className="text-xs text-zinc-500">
                    Sent {row.sentCount.toLocaleString("en-US")} · passed over{" "}
                    {row.passedOverCount.toLocaleString("en-US")}
                  </p>
                </div>
                <div className="flex gap-1">
                  <FormSheet
                    label="Edit"
                    title={`Onboarding step ${row.step}`}
                    editing
                    onMessage={setMessage}
                  >
                    {(done) => <StepForm row={row} onDone={done} />}
                  </FormSheet>
                  <ResetStep row={row} onMessage={setMessage} />
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </Card>
  );
}
