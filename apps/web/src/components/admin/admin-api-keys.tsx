"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Input, Loading } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { apiKeyLimitFormSchema } from "@fanfare/validators";

import { ActionResult, LoadMore } from "./admin-list";
import { useSave, useZodForm } from "~/lib/form";
import { formatUtc, humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type KeyRow = RouterOutputs["apiKey"]["adminList"]["items"][number];

const SOURCE_WORDS: Record<KeyRow["rateLimit"]["source"], string> = {
  key: "this key's own",
  tier: "the owner's tier",
  program: "the program setting",
};

/** The form under a row: the key's own hourly limit (empty clears it) and why (audited). */
function LimitForm({
  row,
  onDone,
  onCancel,
}: {
  row: KeyRow;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(apiKeyLimitFormSchema, {
    defaultValues: { perHour: row.ownRateLimitPerHour?.toString() ?? "", reason: "" },
  });
  const { failure, save } = useSave(form);
  const set = useMutation(trpc.apiKey.setRateLimit.mutationOptions());
  const errors = form.formState.errors;
  const id = `limit-${row.id}`;
  return (
    <form
      noValidate
      aria-label={`Rate limit of ${row.name}`}
      className="space-y-3"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const v = await set.mutateAsync({ keyId: row.id, ...input });
          await queryClient.invalidateQueries({ queryKey: trpc.apiKey.adminList.pathKey() });
          onDone(
            `${row.owner.email}'s key “${row.name}” may now make ${v.rateLimit.perHour.toLocaleString("en-US")} requests an hour (${SOURCE_WORDS[v.rateLimit.source]}).`,
          );
        });
      })}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id={`${id}-per-hour`}
          label="Requests per hour"
          error={errors.perHour?.message}
          hint="Empty: the owner's tier's limit, else the program's."
        >
          <Input
            id={`${id}-per-hour`}
            inputMode="numeric"
            {...form.register("perHour")}
            invalid={!!errors.perHour}
          />
        </Field>
        <Field
          id={`${id}-reason`}
          label="Reason (kept in the audit log)"
          error={errors.reason?.message}
        >
          <Input id={`${id}-reason`} {...form.register("reason")} invalid={!!errors.reason} />
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={form.formState.isSubmitting}>
          Save limit
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
      <Alert>{failure}</Alert>
    </form>
  );
}

/**
 * API keys in the console (issue 15 §1): every user's keys, newest first, searchable by owner
 * email, with the rate limit in force and where it comes from; an admin raises (or clears) one
 * key's own limit, audited.
 */
export function AdminApiKeys() {
  const trpc = useTRPC();
  const [typed, setTyped] = useState("");
  const [email, setEmail] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.apiKey.adminList.infiniteQueryOptions(
      { limit: 20, ...(email ? { email } : {}) },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: DataTableColumn<KeyRow>[] = [
    {
      id: "owner",
      accessorFn: (k) => k.owner.email,
      header: "Owner",
      cell: ({ row: { original: k } }) => <span className="break-all">{k.owner.email}</span>,
    },
    {
      id: "name",
      accessorFn: (k) => k.name,
      header: "Key",
      cell: ({ row: { original: k } }) => (
        <span>
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
      id: "lastUsed",
      accessorFn: (k) => k.lastUsedAt ?? new Date(0),
      header: "Last used (UTC)",
      sortFn: "datetime",
      cell: ({ row: { original: k } }) =>
        k.lastUsedAt
          ? `${formatUtc(k.lastUsedAt)}${k.lastUsedIp ? ` from ${k.lastUsedIp}` : ""}`
          : "Never",
    },
    {
      id: "limit",
      accessorFn: (k) => k.rateLimit.perHour,
      header: "Limit / hour",
      meta: { align: "right" },
      cell: ({ row: { original: k } }) => (
        <span>
          {k.rateLimit.perHour.toLocaleString("en-US")}
          <span className="block text-xs text-zinc-500">{SOURCE_WORDS[k.rateLimit.source]}</span>
        </span>
      ),
    },
    {
      id: "status",
      accessorFn: (k) => k.status,
      header: "Status",
      cell: ({ row: { original: k } }) => humanize(k.status),
    },
    actionsColumn((k) => (
      <Button
        size="sm"
        variant="secondary"
        aria-expanded={open === k.id}
        onClick={() => setOpen(open === k.id ? null : k.id)}
      >
        Set limit
      </Button>
    )),
  ];
  return (
    <Card>
      <section aria-labelledby="api-keys-h" className="space-y-4">
        <div>
          <h2 id="api-keys-h" className="text-lg font-semibold">
            API keys
          </h2>
          <p className="text-sm text-zinc-600">
            Every key's limit is its own when set here, else the owner's tier's, else the program's
            “API requests per key per hour” setting.
          </p>
        </div>
        <form
          role="search"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setEmail(typed.trim());
          }}
        >
          <div className="w-72 max-w-full">
            <Field id="api-keys-email" label="Owner's email">
              <Input
                id="api-keys-email"
                type="search"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        <ActionResult message={message} testId="api-keys-result" />
        {list.error ? <Alert>{list.error.message}</Alert> : null}
        {list.isPending ? (
          <Loading label="Loading API keys…" />
        ) : rows.length === 0 ? (
          <EmptyState title="No API keys" />
        ) : (
          <DataTable
            label="API keys"
            columns={columns}
            data={rows}
            getRowId={(k) => k.id}
            expansion={(k) =>
              open === k.id
                ? {
                    id: `limit-form-${k.id}`,
                    content: (
                      <LimitForm
                        row={k}
                        onCancel={() => setOpen(null)}
                        onDone={(m) => {
                          setOpen(null);
                          setMessage(m);
                        }}
                      />
                    ),
                  }
                : null
            }
          />
        )}
        <LoadMore list={list} />
      </section>
    </Card>
  );
}
