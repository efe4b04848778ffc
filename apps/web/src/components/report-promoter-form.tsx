"use client";

import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, Field, Input, Select, Textarea } from "@fanfare/ui";
import type { PromoterReportSource } from "@fanfare/validators";
import {
  PROMOTER_REPORT_REASON_LABELS,
  PROMOTER_REPORT_REASONS,
  REPORT_DETAILS_MAX_CHARS,
  ZPromoterReportForm,
} from "@fanfare/validators";

import { useSave, useZodForm } from "~/lib/form";
import { trpcMutation } from "~/lib/trpc-fetch";

/**
 * "Report this promoter" (issue 11 §2): a reason, what the visitor saw (optional) and an address
 * to write back to (optional), sent to `report.submit` with the link code the visitor came
 * through. No account needed. Checked in the browser with the validators' messages first; a
 * refusal from the server (unknown code, too many reports) shows under the form. On success the
 * form gives way to a confirmation in words.
 * @param code the link's code, from `?ref=`.
 * @param source "page" from a track page, "email" from the page emails link to.
 */
export function ReportPromoterForm({
  code,
  source,
  idPrefix = "report",
}: {
  code: string;
  source: PromoterReportSource;
  /** Prefix of the fields' ids (unique per page). */
  idPrefix?: string;
}) {
  const form = useZodForm(ZPromoterReportForm, {
    defaultValues: { reason: "", details: "", contactEmail: "" },
  });
  const { failure, save } = useSave(form);
  const [sent, setSent] = useState<{ contact: boolean } | null>(null);
  const errors = form.formState.errors;
  const id = (name: string) => `${idPrefix}-${name}`;

  const submit = form.handleSubmit(async (input) => {
    await save(async () => {
      await trpcMutation("report", "submit", { code, source, ...input });
      setSent({ contact: !!input.contactEmail });
    });
  });

  if (sent)
    return (
      <Alert
        tone="success"
        title="Thank you: your report reached the Fanfare team"
        data-testid="report-sent"
      >
        We review every report.{" "}
        {sent.contact
          ? "If we need more from you, we write to the address you gave."
          : "You will not hear back, since you left no address."}{" "}
        The promoter is not told who reported them.
      </Alert>
    );

  return (
    <form
      onSubmit={submit}
      noValidate
      className="space-y-4"
      aria-label="Report this promoter"
      data-testid="report-form"
    >
      <p className="text-sm text-zinc-600">
        Tell us what was wrong with how the promoter behind link{" "}
        <code className="text-xs">?ref={code}</code> shared this music. You do not need an account.
      </p>
      <Field id={id("reason")} label="Reason" error={errors.reason?.message}>
        <Select id={id("reason")} {...form.register("reason")} invalid={!!errors.reason}>
          <option value="">Choose a reason</option>
          {PROMOTER_REPORT_REASONS.map((r) => (
            <option key={r} value={r}>
              {PROMOTER_REPORT_REASON_LABELS[r]}
            </option>
          ))}
        </Select>
      </Field>
      <Field
        id={id("details")}
        label="What happened (optional)"
        error={errors.details?.message}
        hint={`Where you saw the link and what it claimed; at most ${REPORT_DETAILS_MAX_CHARS.toLocaleString("en-US")} characters.`}
      >
        <Textarea
          id={id("details")}
          rows={4}
          {...form.register("details")}
          invalid={!!errors.details}
        />
      </Field>
      <Field
        id={id("contactEmail")}
        label="Your email (optional)"
        error={errors.contactEmail?.message}
        hint="Only if you want us to be able to write back. The promoter never sees it."
      >
        <Input
          id={id("contactEmail")}
          type="email"
          autoComplete="email"
          {...form.register("contactEmail")}
          invalid={!!errors.contactEmail}
        />
      </Field>
      <Button type="submit" variant="danger" pending={form.formState.isSubmitting}>
        Send report
      </Button>
      <Alert>{failure}</Alert>
    </form>
  );
}
