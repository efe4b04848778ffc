"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Input, Loading } from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import type { ApiKeyScopeName } from "@fanfare/validators";
import { API_KEY_SCOPE_INFO, API_KEY_SCOPE_NAMES, apiKeyFormSchema } from "@fanfare/validators";

import { CopyButton } from "./copy-button";
import { useSave, useZodForm } from "~/lib/form";
import { formatUtc, formatUtcDate } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type KeyRow = RouterOutputs["apiKey"]["list"][number];

const STATUS: Record<
  KeyRow["status"],
  { label: string; tone: "green" | "zinc" | "amber" | "red" }
> = {
  active: { label: "Active", tone: "green" },
  paused: { label: "Paused", tone: "amber" },
  expired: { label: "Expired", tone: "zinc" },
  revoked: { label: "Revoked", tone: "red" },
};

/** The server names the expiry `expiresAt`; the form types it as a date, `expiresOn`. */
const FIELD_OF = { expiresAt: "expiresOn" };

/**
 * The key just created, shown once: the whole secret, a copy button, and the plain warning that
 * Fanfare cannot show it again.
 */
function NewKey({
  created,
  onDone,
}: {
  created: { key: string; name: string };
  onDone: () => void;
}) {
  return (
    <Card className="space-y-3 ring-2 ring-brand-600" data-testid="new-api-key">
      <Alert tone="warning" title="Copy your key now: you won't see it again.">
        Fanfare keeps only a hash of it. If you lose it, revoke it and create another.
      </Alert>
      <p className="text-sm">
        Your key <strong>{created.name}</strong>:
      </p>
      <code
        className="block rounded-lg bg-zinc-900 p-3 font-mono text-sm break-all text-white select-all"
        data-testid="new-api-key-secret"
      >
        {created.key}
      </code>
      <div className="flex flex-wrap gap-2">
        <CopyButton text={created.key} label="Copy key" />
        <Button variant="ghost" onClick={onDone}>
          I saved it
        </Button>
      </div>
    </Card>
  );
}

/** The create form: name, scopes (sales:read for artists only), optional expiry date. */
function CreateKeyForm({
  isArtist,
  onCreated,
}: {
  isArtist: boolean;
  onCreated: (created: { key: string; name: string }) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(apiKeyFormSchema, {
    defaultValues: { name: "", scopes: [], expiresOn: "" },
  });
  const { failure, save } = useSave(form, FIELD_OF);
  const create = useMutation(trpc.apiKey.create.mutationOptions());
  const errors = form.formState.errors;
  const scopeError = errors.scopes?.message ?? errors.scopes?.root?.message;
  return (
    <form
      noValidate
      aria-label="Create an API key"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const made = await create.mutateAsync(input);
          await queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.pathKey() });
          form.reset({ name: "", scopes: [], expiresOn: "" });
          onCreated({ key: made.key, name: made.apiKey.name });
        });
      })}
    >
      <h2 className="font-semibold">Create a key</h2>
      <Field
        id="api-key-name"
        label="Name"
        error={errors.name?.message}
        hint="Where you use it, e.g. “Zapier” or “My spreadsheet”."
      >
        <Input
          id="api-key-name"
          {...form.register("name")}
          invalid={!!errors.name}
          maxLength={60}
          autoComplete="off"
        />
      </Field>
      <fieldset
        className="space-y-2"
        aria-describedby={scopeError ? "api-key-scopes-error" : undefined}
      >
        <legend className="text-sm font-medium text-ink">Scopes: what the key may do</legend>
        {API_KEY_SCOPE_NAMES.map((scope: ApiKeyScopeName) => {
          const info = API_KEY_SCOPE_INFO[scope];
          const unavailable = info.artistsOnly && !isArtist;
          return (
            <label
              key={scope}
              className={`flex items-start gap-2 text-sm ${unavailable ? "text-zinc-400" : ""}`}
            >
              <input
                type="checkbox"
                className="mt-1"
                value={scope}
                disabled={unavailable}
                {...form.register("scopes")}
              />
              <span>
                <span className="font-medium">{info.label}</span>{" "}
                <code className="text-xs text-zinc-500">{scope}</code>
                <span className="block text-zinc-500">
                  {unavailable
                    ? "For artists: create your artist profile first."
                    : info.description}
                </span>
              </span>
            </label>
          );
        })}
        {scopeError ? (
          <p id="api-key-scopes-error" role="alert" className="text-sm text-red-600">
            {scopeError}
          </p>
        ) : null}
      </fieldset>
      <Field
        id="api-key-expires"
        label="Expires on (optional)"
        error={errors.expiresOn?.message}
        hint="The key stops working at 00:00 UTC that day. Leave empty for no expiry."
      >
        <Input
          id="api-key-expires"
          type="date"
          {...form.register("expiresOn")}
          invalid={!!errors.expiresOn}
          className="sm:max-w-xs"
        />
      </Field>
      <Button type="submit" pending={form.formState.isSubmitting}>
        Create key
      </Button>
      <Alert>{failure}</Alert>
    </form>
  );
}

function keyColumns(onRevoke: (k: KeyRow) => void): DataTableColumn<KeyRow>[] {
  return [
    {
      id: "name",
      accessorFn: (k) => k.name,
      header: "Name",
      cell: ({ row: { original: k } }) => (
        <span className="space-y-0.5">
          <span className="block font-medium">{k.name}</span>
          <code className="block text-xs break-all text-zinc-500">{k.display}</code>
        </span>
      ),
    },
    {
      id: "scopes",
      accessorFn: (k) => k.scopes.join(" "),
      header: "Scopes",
      enableSorting: false,
      cell: ({ row: { original: k } }) => (
        <span className="flex flex-wrap gap-1">
          {k.scopes.map((s) => (
            <Badge key={s}>{s}</Badge>
          ))}
        </span>
      ),
    },
    {
      id: "created",
      accessorFn: (k) => k.createdAt,
      header: "Created",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row: { original: k } }) => formatUtcDate(k.createdAt),
    },
    {
      id: "lastUsed",
      accessorFn: (k) => k.lastUsedAt ?? new Date(0),
      header: "Last used (UTC)",
      sortFn: "datetime",
      cell: ({ row: { original: k } }) =>
        k.lastUsedAt ? (
          <span data-testid="api-key-last-used">
            {formatUtc(k.lastUsedAt)}
            {k.lastUsedIp ? (
              <span className="block text-xs text-zinc-500">from {k.lastUsedIp}</span>
            ) : null}
          </span>
        ) : (
          <span className="text-zinc-500" data-testid="api-key-last-used">
            Never
          </span>
        ),
    },
    {
      id: "expires",
      accessorFn: (k) => k.expiresAt ?? new Date(8.64e15),
      header: "Expires",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row: { original: k } }) => (k.expiresAt ? formatUtcDate(k.expiresAt) : "Never"),
    },
    {
      id: "limit",
      accessorFn: (k) => k.rateLimit.perHour,
      header: "Limit",
      meta: { align: "right" },
      cell: ({ row: { original: k } }) => `${k.rateLimit.perHour.toLocaleString("en-US")}/hour`,
    },
    {
      id: "status",
      accessorFn: (k) => k.status,
      header: "Status",
      cell: ({ row: { original: k } }) => (
        <Badge tone={STATUS[k.status].tone}>{STATUS[k.status].label}</Badge>
      ),
    },
    actionsColumn((k) =>
      k.status === "revoked" ? null : (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="secondary" aria-label={`Revoke ${k.name}`}>
              Revoke
            </Button>
          }
          title={`Revoke “${k.name}”?`}
          description="Requests with this key are refused from now on. This cannot be undone: to use the API again from there, create a new key."
          confirmLabel="Revoke key"
          onConfirm={() => onRevoke(k)}
        />
      ),
    ),
  ];
}

/**
 * Settings → API keys (`/settings/api-keys`, issue 15 §1): the caller's keys (name, prefix,
 * scopes, created, last used and from where, expiry, limit, status) with revoke, and the create
 * form whose secret is shown once. Links to the reference at /docs/api.
 */
export function ApiKeysSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKey.list.queryOptions());
  const me = useQuery(trpc.promoter.me.queryOptions());
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const revoke = useMutation(trpc.apiKey.revoke.mutationOptions());

  const onRevoke = (k: KeyRow) => {
    setMessage(null);
    revoke.mutate(
      { keyId: k.id },
      {
        onSuccess: async () => {
          setMessage(`“${k.name}” is revoked: requests with it are refused from now on.`);
          await queryClient.invalidateQueries({ queryKey: trpc.apiKey.list.pathKey() });
        },
      },
    );
  };

  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <div className="space-y-1">
        <p className="text-sm">
          <Link href="/settings" className="text-brand-600 underline">
            Settings
          </Link>{" "}
          / API keys
        </p>
        <h1 className="text-2xl font-bold">API keys</h1>
        <p className="text-sm text-zinc-600">
          Keys let your own tools read your stats, links, commissions and payouts over the REST API
          and create links. See the{" "}
          <Link href="/docs/api" className="text-brand-600 underline">
            API reference
          </Link>{" "}
          for the routes, with examples in curl and TypeScript.
        </p>
      </div>

      {created ? <NewKey created={created} onDone={() => setCreated(null)} /> : null}

      <Card>
        <CreateKeyForm isArtist={!!me.data?.artist} onCreated={setCreated} />
      </Card>

      <section className="space-y-3" aria-labelledby="your-keys">
        <h2 id="your-keys" className="font-semibold">
          Your keys
        </h2>
        <p role="status" className={message ? "text-sm text-green-700" : "sr-only"}>
          {message}
        </p>
        <Alert>{revoke.error?.message}</Alert>
        {keys.error ? <Alert>{keys.error.message}</Alert> : null}
        {!keys.data && !keys.error ? <Loading label="Loading your API keys…" rows={3} /> : null}
        {keys.data ? (
          <DataTable
            label="Your API keys"
            columns={keyColumns(onRevoke)}
            data={keys.data}
            getRowId={(k) => k.id}
            testId="api-keys"
            rowTestId="api-key-row"
            empty={<EmptyState title="No API keys yet">Create one above.</EmptyState>}
          />
        ) : null}
        {keys.data?.some((k) => k.status === "paused") ? (
          <Alert tone="warning">
            Keys and webhooks of suspended or terminated users are paused: requests with your keys
            are refused until your account is active again.
          </Alert>
        ) : null}
      </section>
    </div>
  );
}
