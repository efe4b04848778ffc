"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, Card, Field, Input, Loading, Textarea } from "@fanfare/ui";
import { ZPublishTermsInput } from "@fanfare/validators";

import { ActionResult } from "./admin-list";
import { useSave, useZodForm } from "~/lib/form";
import { formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

/**
 * The promoter terms (issue 11 §2): the version in force, how many accepted it, and the next
 * version's publication (every promoter then accepts it before their next new link).
 */
export function AdminTerms() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.admin.terms.get.queryOptions());
  const publish = useMutation(trpc.admin.terms.publish.mutationOptions());
  const form = useZodForm(ZPublishTermsInput, { defaultValues: { body: "", summary: "" } });
  const { failure, save } = useSave(form);
  const [message, setMessage] = useState<string | null>(null);
  const errors = form.formState.errors;
  const submit = form.handleSubmit(async (input) => {
    await save(async () => {
      const t = await publish.mutateAsync(input);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.terms.get.queryKey() });
      form.reset({ body: "", summary: "" });
      setMessage(`Version ${t.version} published: promoters accept it before their next link.`);
    });
  });
  const t = current.data?.terms;
  return (
    <Card>
      <section aria-labelledby="terms-h" className="space-y-4">
        <div>
          <h2 id="terms-h" className="text-lg font-semibold">
            Promoter terms
          </h2>
          {current.isPending ? (
            <Loading />
          ) : t ? (
            <p className="text-sm text-zinc-600" data-testid="terms-in-force">
              Version {t.version} in force since {formatUtc(t.publishedAt)} UTC, accepted by{" "}
              {current.data?.accepted} {current.data?.accepted === 1 ? "person" : "people"}.{" "}
              <Link href="/terms" className="text-brand-700 underline">
                Read it
              </Link>
            </p>
          ) : (
            <p className="text-sm text-zinc-600">
              No terms published: promoters get links without accepting any.
            </p>
          )}
        </div>
        <ActionResult message={message} testId="terms-result" />
        <form onSubmit={submit} noValidate className="space-y-3" aria-label="Publish new terms">
          <Field
            id="terms-body"
            label="Full text of the next version"
            error={errors.body?.message}
            hint='Plain text: paragraphs separated by a blank line, "## " starts a heading.'
          >
            <Textarea id="terms-body" rows={8} {...form.register("body")} invalid={!!errors.body} />
          </Field>
          <Field
            id="terms-summary"
            label="What changed (promoters read it when asked again)"
            error={errors.summary?.message}
          >
            <Input id="terms-summary" {...form.register("summary")} invalid={!!errors.summary} />
          </Field>
          <Button type="submit" pending={form.formState.isSubmitting}>
            Publish version {(t?.version ?? 0) + 1}
          </Button>
          <Alert>{failure}</Alert>
        </form>
      </section>
    </Card>
  );
}
