"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card, Field, Loading, Textarea } from "@fanfare/ui";
import {
  APPLICATION_CHANNELS_MAX_CHARS,
  APPLICATION_PITCH_MAX_CHARS,
  APPLICATION_PITCH_MIN_CHARS,
  ZPromoterApplicationInput,
} from "@fanfare/validators";

import { useSave, useZodForm } from "~/lib/form";
import { formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type Application = RouterOutputs["promoter"]["application"];

/**
 * What a promoter awaiting approval sees instead of the link tools (issue 11 §2): the form
 * (why, where) until they apply, then "Application received" with what they sent (editable until
 * the decision); after a rejection, the admin's reason above the form, filled with what they sent.
 * Renders nothing for a promoter who is not awaiting approval.
 */
export function PromoterApplication() {
  const trpc = useTRPC();
  const application = useQuery(trpc.promoter.application.queryOptions());
  const [editing, setEditing] = useState(false);
  if (application.isPending) return <Loading label="Loading your application…" />;
  if (application.error) return <Alert>{application.error.message}</Alert>;
  const a = application.data;
  if (a.state === "NOT_NEEDED") return null;
  if (a.state === "APPLIED" && !editing)
    return (
      <Card>
        <section aria-labelledby="application-h" className="space-y-4">
          <Alert
            tone="success"
            title="Application received — we'll email you"
            data-testid="application-received"
          >
            Sent {a.appliedAt ? formatUtc(a.appliedAt) : ""}. The Fanfare team reads every
            application and emails you their decision; you can get links once you are approved.
          </Alert>
          <h2 id="application-h" className="text-lg font-semibold">
            Your application
          </h2>
          <dl className="space-y-3 text-sm">
            <div>
              <dt className="font-medium text-ink">Why you want to promote</dt>
              <dd className="whitespace-pre-line text-zinc-700">{a.pitch}</dd>
            </div>
            <div>
              <dt className="font-medium text-ink">Where you will promote</dt>
              <dd className="whitespace-pre-line text-zinc-700">{a.channels}</dd>
            </div>
          </dl>
          <Button variant="secondary" onClick={() => setEditing(true)}>
            Edit your application
          </Button>
        </section>
      </Card>
    );
  return <ApplicationForm application={a} onSent={() => setEditing(false)} />;
}

/** The application form: why and where, checked with the server's rules before sending. */
function ApplicationForm({
  application: a,
  onSent,
}: {
  application: Application;
  onSent: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const submit = useMutation(trpc.promoter.submitApplication.mutationOptions());
  const form = useZodForm(ZPromoterApplicationInput, {
    defaultValues: { pitch: a.pitch ?? "", channels: a.channels ?? "" },
  });
  const { failure, save } = useSave(form);
  const errors = form.formState.errors;
  return (
    <Card>
      <form
        noValidate
        className="space-y-4"
        aria-labelledby="application-form-h"
        data-testid="application-form"
        onSubmit={form.handleSubmit(async (input) => {
          const sent = await save(async () => {
            const now = await submit.mutateAsync(input);
            queryClient.setQueryData(trpc.promoter.application.queryKey(), now);
          });
          if (sent) onSent();
        })}
      >
        <div className="space-y-1">
          <h2 id="application-form-h" className="text-lg font-semibold">
            {a.state === "APPLIED" ? "Edit your application" : "Apply to promote on Fanfare"}
          </h2>
          <p className="text-sm text-zinc-600">
            The program is by approval: tell the Fanfare team why you want to promote and where.
            Once they approve you, you get a link on any track page and earn on every sale it
            brings.
          </p>
        </div>
        {a.state === "REJECTED" ? (
          <Alert tone="warning" title="Your last application was not approved">
            <p>Reason given: {a.reason}</p>
            <p>You can change your application and send it again.</p>
          </Alert>
        ) : null}
        <Field
          id="application-pitch"
          label="Why you want to promote"
          error={errors.pitch?.message}
          hint={`The music you love and who listens to you; ${APPLICATION_PITCH_MIN_CHARS} to ${APPLICATION_PITCH_MAX_CHARS.toLocaleString("en-US")} characters.`}
        >
          <Textarea
            id="application-pitch"
            rows={5}
            {...form.register("pitch")}
            invalid={!!errors.pitch}
          />
        </Field>
        <Field
          id="application-channels"
          label="Where you will promote"
          error={errors.channels?.message}
          hint={`Accounts, sites, playlists or communities, with their names or links; at most ${APPLICATION_CHANNELS_MAX_CHARS} characters.`}
        >
          <Textarea
            id="application-channels"
            rows={3}
            {...form.register("channels")}
            invalid={!!errors.channels}
          />
        </Field>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" pending={form.formState.isSubmitting}>
            {a.state === "APPLIED" ? "Send the new version" : "Send application"}
          </Button>
          {a.state === "APPLIED" ? (
            <Button type="button" variant="ghost" onClick={onSent}>
              Cancel
            </Button>
          ) : null}
        </div>
        <Alert>{failure}</Alert>
      </form>
    </Card>
  );
}
