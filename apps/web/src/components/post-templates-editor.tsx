"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card, Field, Input, Loading, Textarea } from "@fanfare/ui";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@fanfare/ui/tabs";
import type { PostNetwork } from "@fanfare/validators";
import { POST_TEMPLATE_VARIABLES, ZSavePlatformPostTemplateInput } from "@fanfare/validators";

import { ActionResult } from "./admin/admin-list";
import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

type Template = RouterOutputs["admin"]["postTemplates"][number];
type Scope = "admin" | "artist";

const SOURCE_TEXT: Record<Scope, Record<Template["source"], string>> = {
  admin: {
    platform: "Your platform default.",
    builtin: "Fanfare's built-in template (nothing saved yet).",
    artist: "",
  },
  artist: {
    artist: "Your own template: promoters of your tracks get it.",
    platform: "The platform's default (you have not written your own).",
    builtin: "The platform's default (you have not written your own).",
  },
};

/**
 * The promo post templates (issue 14 §4), one tab per network: admins edit the platform's
 * defaults (`admin.postTemplates`, audited, with an optional reason), artists their own for their
 * tracks (`artist.postTemplates`; a reset brings back the platform's). Templates are Mustache:
 * `{{variable}}` and sections `{{#genre}}…{{/genre}}`; the server refuses unknown variables, a
 * template that does not parse or lacks `{{url}}`, and an X template whose own text passes 280
 * characters. Each tab shows the saved template rendered with a sample track.
 */
export function PostTemplatesEditor({ scope }: { scope: Scope }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const adminList = useQuery({
    ...trpc.admin.postTemplates.queryOptions(),
    enabled: scope === "admin",
  });
  const artistList = useQuery({
    ...trpc.artist.postTemplates.queryOptions(),
    enabled: scope === "artist",
  });
  const list = scope === "admin" ? adminList : artistList;
  const [network, setNetwork] = useState<PostNetwork>("x");
  const store = (templates: Template[]) =>
    scope === "admin"
      ? qc.setQueryData(trpc.admin.postTemplates.queryKey(), templates)
      : qc.setQueryData(trpc.artist.postTemplates.queryKey(), templates);
  return (
    <Card>
      <section
        aria-labelledby="post-templates-h"
        className="space-y-4"
        data-testid="post-templates"
      >
        <div className="space-y-1">
          <h2 id="post-templates-h" className="text-lg font-semibold">
            Promo post templates
          </h2>
          <p className="text-sm text-zinc-600">
            {scope === "admin"
              ? "The ready-to-post texts promoters get for every track whose artist has not written their own."
              : "The ready-to-post texts promoters get for your tracks. Leave a network on the platform's default, or write your own."}
          </p>
        </div>
        {list.isPending ? (
          <Loading label="Loading templates…" />
        ) : list.error ? (
          <Alert>{list.error.message}</Alert>
        ) : (
          <Tabs value={network} onValueChange={(v) => setNetwork(v as PostNetwork)}>
            <TabsList aria-label="Network">
              {list.data.map((t) => (
                <TabsTrigger key={t.network} value={t.network}>
                  {t.label}
                </TabsTrigger>
              ))}
            </TabsList>
            {list.data.map((t) => (
              <TabsContent key={t.network} value={t.network} className="mt-3">
                <TemplateForm key={t.network} scope={scope} template={t} onSaved={store} />
              </TabsContent>
            ))}
          </Tabs>
        )}
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">Variables you can use</summary>
          <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
            {Object.entries(POST_TEMPLATE_VARIABLES).map(([name, about]) => (
              <div key={name} className="contents">
                <dt className="font-mono text-xs">{`{{${name}}}`}</dt>
                <dd className="text-zinc-600">{about}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-2 text-zinc-600">
            A section shows only when its variable has a value:{" "}
            <code className="text-xs">{"{{#genre}} in {{genre}}{{/genre}}"}</code>;{" "}
            <code className="text-xs">{"{{^genre}}…{{/genre}}"}</code> only when it has none. Every
            template needs <code className="text-xs">{"{{url}}"}</code>, the promoter&apos;s link.
            On X the description is shortened to fit 280 characters (a link counts as 23).
          </p>
        </details>
      </section>
    </Card>
  );
}

function TemplateForm({
  scope,
  template,
  onSaved,
}: {
  scope: Scope;
  template: Template;
  onSaved: (templates: Template[]) => void;
}) {
  const trpc = useTRPC();
  const adminSave = useMutation(trpc.admin.savePostTemplate.mutationOptions());
  const adminReset = useMutation(trpc.admin.resetPostTemplate.mutationOptions());
  const artistSave = useMutation(trpc.artist.savePostTemplate.mutationOptions());
  const artistReset = useMutation(trpc.artist.resetPostTemplate.mutationOptions());
  const form = useZodForm(ZSavePlatformPostTemplateInput, {
    defaultValues: { network: template.network, body: template.body, reason: "" },
  });
  const { failure, save } = useSave(form);
  const [message, setMessage] = useState<string | null>(null);
  const [resetting, setResetting] = useState(false);
  const errors = form.formState.errors;
  const id = `post-template-${template.network}`;
  // A save or reset answers with the list: the field shows what is now in force.
  const { reset: resetForm } = form;
  useEffect(() => {
    resetForm({ network: template.network, body: template.body, reason: "" });
  }, [resetForm, template.network, template.body, template.source]);
  const own = scope === "admin" ? template.source === "platform" : template.source === "artist";

  const submit = form.handleSubmit(async (input) => {
    setMessage(null);
    await save(async () => {
      const body = { network: template.network, body: input.body };
      onSaved(
        scope === "admin"
          ? await adminSave.mutateAsync({
              ...body,
              ...(input.reason ? { reason: input.reason } : {}),
            })
          : await artistSave.mutateAsync(body),
      );
      setMessage(`${template.label} template saved.`);
    });
  });
  const reset = async () => {
    setMessage(null);
    setResetting(true);
    await save(async () => {
      onSaved(
        scope === "admin"
          ? await adminReset.mutateAsync({ network: template.network })
          : await artistReset.mutateAsync({ network: template.network }),
      );
      setMessage(
        scope === "admin"
          ? `${template.label}: back to the built-in template.`
          : `${template.label}: back to the platform's default.`,
      );
    });
    setResetting(false);
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-3">
      <p className="text-sm text-zinc-600" data-testid={`template-source-${template.network}`}>
        {SOURCE_TEXT[scope][template.source]}
      </p>
      <ActionResult message={message} testId={`template-result-${template.network}`} />
      {failure ? <Alert>{failure}</Alert> : null}
      <Field id={`${id}-body`} label={`${template.label} template`} error={errors.body?.message}>
        <Textarea
          id={`${id}-body`}
          rows={template.network === "x" || template.network === "tiktok" ? 4 : 8}
          className="font-mono text-xs"
          {...form.register("body")}
          invalid={!!errors.body}
        />
      </Field>
      {scope === "admin" ? (
        <Field
          id={`${id}-reason`}
          label="Why (optional, kept in the audit log)"
          error={errors.reason?.message}
        >
          <Input id={`${id}-reason`} {...form.register("reason")} invalid={!!errors.reason} />
        </Field>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={form.formState.isSubmitting}>
          Save
        </Button>
        {own ? (
          <Button type="button" variant="ghost" pending={resetting} onClick={() => void reset()}>
            {scope === "admin" ? "Back to the built-in template" : "Back to the platform's default"}
          </Button>
        ) : null}
      </div>
      <div className="space-y-1">
        <p className="text-sm font-medium">
          Preview with a sample track{" "}
          <span className="font-normal text-zinc-500">
            ({template.previewLength}
            {template.limit !== null ? ` / ${template.limit}` : ""} characters, as saved)
          </span>
        </p>
        <p
          className="rounded-lg bg-zinc-50 p-3 text-sm whitespace-pre-wrap ring-1 ring-zinc-200"
          data-testid={`template-preview-${template.network}`}
        >
          {template.preview}
        </p>
      </div>
    </form>
  );
}
