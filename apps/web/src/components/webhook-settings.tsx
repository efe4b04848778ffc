"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import {
  Badge,
  Button,
  buttonVariants,
  Card,
  EmptyState,
  Field,
  Input,
  Loading,
  Select,
} from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { Switch } from "@fanfare/ui/switch";
import type { WebhookEventName } from "@fanfare/validators";
import {
  POSTBACK_EVENT_NAMES,
  POSTBACK_PLACEHOLDERS,
  WEBHOOK_ENDPOINTS_MAX,
  WEBHOOK_EVENT_NAMES,
  WEBHOOK_EVENTS,
  ZCreateWebhookEndpointInput,
} from "@fanfare/validators";

import { LoadMore } from "./admin/admin-list";
import { CopyButton } from "./copy-button";
import { useSave, useZodForm } from "~/lib/form";
import { formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type Endpoint = RouterOutputs["webhook"]["list"][number];
type Delivery = RouterOutputs["webhook"]["deliveries"]["items"][number];

const STATE = {
  active: { tone: "green", label: "Active" },
  failing: { tone: "amber", label: "Failing" },
  disabled: { tone: "red", label: "Disabled" },
  paused: { tone: "zinc", label: "Paused" },
} as const;

const DELIVERY_TONE = { SUCCEEDED: "green", PENDING: "amber", FAILED: "red" } as const;

const eventLabel = (e: string) => WEBHOOK_EVENTS[e as WebhookEventName]?.label ?? e;

/** Why an endpoint is in its state, in a sentence (none for an active one). */
function stateLine(e: Endpoint): string | null {
  switch (e.state) {
    case "disabled":
      return `Disabled ${e.disabledAt ? `on ${formatUtc(e.disabledAt)} UTC` : ""}: ${e.disabledReason ?? ""}`;
    case "failing":
      return `Deliveries have failed since ${formatUtc(e.failingSince!)} UTC; they are retried for 3 days, then the endpoint is disabled.`;
    case "paused":
      return "Your account is suspended: deliveries wait until it is reinstated.";
    case "active":
      return null;
  }
}

/** The add-endpoint form: URL, kind, events (click.counted marked high volume), description. */
function NewEndpointForm({
  canPromoterJoined,
  full,
  onCreated,
}: {
  canPromoterJoined: boolean;
  full: boolean;
  onCreated: (secret: string, url: string) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const form = useZodForm(ZCreateWebhookEndpointInput, {
    defaultValues: { kind: "webhook", url: "", description: "", events: [] },
  });
  const { failure, save } = useSave(form);
  const create = useMutation(trpc.webhook.create.mutationOptions());
  const errors = form.formState.errors;
  const kind = form.watch("kind");
  const choices = (kind === "postback" ? POSTBACK_EVENT_NAMES : WEBHOOK_EVENT_NAMES).filter(
    (e) => canPromoterJoined || !WEBHOOK_EVENTS[e].artistsOnly,
  );
  return (
    <form
      noValidate
      aria-label="Add an endpoint"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const created = await create.mutateAsync(input);
          await qc.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
          onCreated(created.secret, created.url);
          form.reset();
        });
      })}
    >
      <h2 className="font-semibold">Add an endpoint</h2>
      <Field id="webhook-kind" label="Kind" error={errors.kind?.message}>
        <Select
          id="webhook-kind"
          {...form.register("kind", {
            onChange: () => form.setValue("events", []),
          })}
        >
          <option value="webhook">Webhook: signed JSON POSTs (Standard Webhooks)</option>
          <option value="postback">Postback: a network&apos;s GET URL with placeholders</option>
        </Select>
      </Field>
      <Field
        id="webhook-url"
        label={kind === "postback" ? "Postback URL template" : "Endpoint URL"}
        error={errors.url?.message}
        hint={
          kind === "postback" ? (
            <>
              Placeholders in the path or query:{" "}
              {POSTBACK_PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}. Amounts are filled in as
              decimals (&quot;12.34&quot;), values URL-encoded.
            </>
          ) : (
            "An https URL on the public internet; we POST each event to it."
          )
        }
      >
        <Input
          id="webhook-url"
          inputMode="url"
          autoComplete="off"
          placeholder={
            kind === "postback"
              ? "https://network.example/postback?cid={click_id}&amount={amount}"
              : "https://example.com/fanfare-webhook"
          }
          {...form.register("url")}
          invalid={!!errors.url}
        />
      </Field>
      <fieldset className="space-y-2" aria-describedby="webhook-events-error">
        <legend className="text-sm font-medium text-ink">Events</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {choices.map((e) => (
            <label key={e} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-1"
                value={e}
                {...form.register("events")}
                data-testid={`webhook-event-${e}`}
              />
              <span>
                {WEBHOOK_EVENTS[e].label}{" "}
                {WEBHOOK_EVENTS[e].highVolume ? <Badge tone="amber">High volume</Badge> : null}
                <span className="block text-xs text-zinc-500">
                  <code>{e}</code>: {WEBHOOK_EVENTS[e].description}
                </span>
              </span>
            </label>
          ))}
        </div>
        {errors.events?.message ? (
          <p id="webhook-events-error" role="alert" className="text-sm text-red-600">
            {errors.events.message}
          </p>
        ) : null}
      </fieldset>
      <Field
        id="webhook-description"
        label="Description (optional)"
        error={errors.description?.message}
      >
        <Input
          id="webhook-description"
          {...form.register("description")}
          invalid={!!errors.description}
        />
      </Field>
      <Button type="submit" pending={form.formState.isSubmitting} disabled={full}>
        Add endpoint
      </Button>
      {full ? (
        <p className="text-sm text-zinc-600">
          You have {WEBHOOK_ENDPOINTS_MAX} endpoints, the most allowed: delete one to add another.
        </p>
      ) : null}
      <Alert>{failure}</Alert>
    </form>
  );
}

/** The signing secret: revealed on request, copyable; rotation keeps the old one 24 hours. */
function SecretPanel({
  endpoint,
  onMessage,
}: {
  endpoint: Endpoint;
  onMessage: (m: string) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [secret, setSecret] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const reveal = useMutation(trpc.webhook.revealSecret.mutationOptions());
  const rotate = useMutation(trpc.webhook.rotateSecret.mutationOptions());
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {secret ? (
          <>
            <code
              className="max-w-full break-all rounded bg-zinc-100 px-2 py-1 text-xs"
              data-testid="webhook-secret"
            >
              {secret}
            </code>
            <CopyButton text={secret} label="Copy secret" />
            <Button variant="ghost" size="sm" onClick={() => setSecret(null)}>
              Hide
            </Button>
          </>
        ) : (
          <Button
            variant="secondary"
            size="sm"
            pending={reveal.isPending}
            onClick={async () => {
              setFailure(null);
              try {
                setSecret((await reveal.mutateAsync({ endpointId: endpoint.id })).secret);
              } catch (e) {
                setFailure((e as Error).message);
              }
            }}
          >
            Reveal signing secret
          </Button>
        )}
        <ConfirmDialog
          trigger={
            <Button variant="secondary" size="sm" pending={rotate.isPending}>
              Rotate secret
            </Button>
          }
          title="Rotate the signing secret?"
          description="A new secret signs every delivery from now on. The current one keeps signing beside it for 24 hours, so switch your receiver to the new one within a day."
          confirmLabel="Rotate"
          onConfirm={async () => {
            setFailure(null);
            try {
              const r = await rotate.mutateAsync({ endpointId: endpoint.id });
              setSecret(r.secret);
              await qc.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
              onMessage(
                `Secret rotated: the old one keeps signing until ${formatUtc(r.previousSecretExpiresAt)} UTC.`,
              );
            } catch (e) {
              setFailure((e as Error).message);
            }
          }}
        />
      </div>
      {endpoint.previousSecretExpiresAt ? (
        <p className="text-xs text-zinc-500">
          The previous secret also signs deliveries until{" "}
          {formatUtc(endpoint.previousSecretExpiresAt)} UTC.
        </p>
      ) : null}
      <Alert>{failure}</Alert>
    </div>
  );
}

/** The attempts of one delivery, under its row. */
function Attempts({ delivery }: { delivery: Delivery }) {
  if (!delivery.log.length) return <p className="text-sm text-zinc-600">Not attempted yet.</p>;
  return (
    <ol className="space-y-2 text-sm" aria-label="Attempts">
      {delivery.log.map((a) => (
        <li key={a.attempt} className="space-y-1">
          <p>
            Attempt {a.attempt} at {formatUtc(a.at)} UTC:{" "}
            <strong>{a.status === null ? "no response" : `HTTP ${a.status}`}</strong> in{" "}
            {a.latencyMs} ms{a.error ? ` — ${a.error}` : ""}
          </p>
          {a.responseHead ? (
            <pre className="max-h-40 overflow-auto whitespace-pre-wrap break-all rounded bg-white p-2 text-xs ring-1 ring-zinc-200">
              {a.responseHead}
            </pre>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

/** An endpoint's delivery log: event, status, attempts, last HTTP status, latency, time; Replay. */
function DeliveryLog({
  endpoint,
  onMessage,
}: {
  endpoint: Endpoint;
  onMessage: (m: string) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const list = useInfiniteQuery(
    trpc.webhook.deliveries.infiniteQueryOptions(
      { endpointId: endpoint.id, limit: 20 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const replay = useMutation(trpc.webhook.replay.mutationOptions());
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = useMemo<DataTableColumn<Delivery>[]>(
    () => [
      {
        id: "event",
        header: "Event",
        accessorFn: (d) => d.eventType,
        cell: ({ row }) => (
          <span>
            <code className="text-xs">{row.original.eventType}</code>{" "}
            {row.original.test ? <Badge tone="brand">Test</Badge> : null}{" "}
            {row.original.manual && !row.original.test ? <Badge>Replay</Badge> : null}
          </span>
        ),
      },
      {
        id: "status",
        header: "Status",
        accessorFn: (d) => d.status,
        cell: ({ row }) => (
          <Badge tone={DELIVERY_TONE[row.original.status]}>
            {row.original.status === "PENDING" && row.original.nextAttemptAt
              ? `Retrying ${formatUtc(row.original.nextAttemptAt)}`
              : row.original.status.toLowerCase()}
          </Badge>
        ),
      },
      {
        id: "attempts",
        header: "Attempts",
        accessorFn: (d) => d.attempts,
        meta: { align: "right" },
      },
      {
        id: "http",
        header: "HTTP",
        accessorFn: (d) => d.lastStatus ?? 0,
        cell: ({ row }) => row.original.lastStatus ?? (row.original.attempts ? "—" : ""),
        meta: { align: "right" },
      },
      {
        id: "latency",
        header: "Latency",
        accessorFn: (d) => d.log.at(-1)?.latencyMs ?? 0,
        cell: ({ row }) => {
          const last = row.original.log.at(-1);
          return last ? `${last.latencyMs} ms` : "";
        },
        meta: { align: "right" },
      },
      {
        id: "response",
        header: "Response",
        enableSorting: false,
        cell: ({ row }) => {
          const last = row.original.log.at(-1);
          const text = last?.error ?? last?.responseHead ?? "";
          return (
            <span className="block max-w-56 truncate text-xs text-zinc-600" title={text}>
              {text}
            </span>
          );
        },
      },
      {
        id: "time",
        header: "Time (UTC)",
        accessorFn: (d) => d.createdAt,
        cell: ({ row }) => formatUtc(row.original.createdAt),
        meta: { nowrap: true },
      },
      actionsColumn((d) => (
        <span className="inline-flex gap-1">
          <Button
            variant="ghost"
            size="sm"
            aria-expanded={open === d.id}
            aria-controls={`attempts-${d.id}`}
            onClick={() => setOpen(open === d.id ? null : d.id)}
          >
            {open === d.id ? "Hide attempts" : "Attempts"}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            pending={replay.isPending && replay.variables?.deliveryId === d.id}
            disabled={endpoint.state === "disabled" || endpoint.state === "paused"}
            onClick={async () => {
              setFailure(null);
              try {
                const r = await replay.mutateAsync({ deliveryId: d.id });
                await qc.invalidateQueries({ queryKey: trpc.webhook.deliveries.pathKey() });
                await qc.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
                onMessage(
                  r.status === "SUCCEEDED"
                    ? `Replayed ${r.eventType}: delivered (HTTP ${r.lastStatus}).`
                    : `Replayed ${r.eventType}: failed (${r.lastError ?? "no response"}).`,
                );
              } catch (e) {
                setFailure((e as Error).message);
              }
            }}
          >
            Replay
          </Button>
        </span>
      )),
    ],
    [endpoint.state, open, qc, replay, trpc, onMessage],
  );
  return (
    <section className="space-y-2" aria-label={`Deliveries to ${endpoint.url}`}>
      <h3 className="text-sm font-semibold">Delivery log</h3>
      {list.error ? (
        <Alert>{list.error.message}</Alert>
      ) : !list.data ? (
        <Loading label="Loading deliveries…" rows={2} />
      ) : (
        <DataTable
          columns={columns}
          data={rows}
          label={`Deliveries to ${endpoint.url}`}
          getRowId={(d) => d.id}
          testId="webhook-deliveries"
          rowTestId="webhook-delivery"
          sortable={false}
          empty="No deliveries yet: send a test event."
          expansion={(d) =>
            open === d.id ? { id: `attempts-${d.id}`, content: <Attempts delivery={d} /> } : null
          }
        />
      )}
      <LoadMore list={list} />
      <Alert>{failure}</Alert>
    </section>
  );
}

/** One endpoint: its URL and state, the switch, test events, secret, delete, and its log. */
function EndpointCard({ endpoint }: { endpoint: Endpoint }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [testType, setTestType] = useState<WebhookEventName>(endpoint.events[0]!);
  const [showLog, setShowLog] = useState(false);
  const update = useMutation(trpc.webhook.update.mutationOptions());
  const remove = useMutation(trpc.webhook.delete.mutationOptions());
  const sendTest = useMutation(trpc.webhook.sendTest.mutationOptions());
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
    await qc.invalidateQueries({ queryKey: trpc.webhook.deliveries.pathKey() });
  };
  const run = async (fn: () => Promise<string>) => {
    setFailure(null);
    setMessage(null);
    try {
      setMessage(await fn());
    } catch (e) {
      setFailure((e as Error).message);
    }
  };
  const state = STATE[endpoint.state];
  const line = stateLine(endpoint);
  const switchId = `webhook-enabled-${endpoint.id}`;
  return (
    <Card
      className="space-y-4"
      data-testid="webhook-endpoint"
      aria-labelledby={`${endpoint.id}-url`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <p id={`${endpoint.id}-url`} className="break-all font-mono text-sm">
            {endpoint.url}
          </p>
          <div className="flex flex-wrap items-center gap-2 text-xs">
            <Badge tone="brand">{endpoint.kind === "postback" ? "Postback" : "Webhook"}</Badge>
            <Badge tone={state.tone}>{state.label}</Badge>
            {endpoint.description ? (
              <span className="text-zinc-600">{endpoint.description}</span>
            ) : null}
          </div>
        </div>
        <div className="flex items-center gap-2">
          <span id={switchId} className="text-sm">
            Enabled
          </span>
          <Switch
            checked={endpoint.state !== "disabled"}
            aria-labelledby={switchId}
            disabled={update.isPending}
            data-testid="webhook-enabled"
            onCheckedChange={(on) =>
              void run(async () => {
                await update.mutateAsync({ endpointId: endpoint.id, enabled: on });
                await refresh();
                return on ? "Endpoint enabled." : "Endpoint disabled: nothing is sent to it.";
              })
            }
          />
        </div>
      </div>
      {line ? (
        <Alert tone={endpoint.state === "disabled" ? "error" : "warning"}>{line}</Alert>
      ) : null}
      <p className="text-sm text-zinc-600">
        Events: {endpoint.events.map(eventLabel).join(", ")}
        {endpoint.lastDelivery
          ? ` · last delivery ${endpoint.lastDelivery.status.toLowerCase()} ${formatUtc(endpoint.lastDelivery.at)} UTC`
          : ""}
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <Field id={`test-type-${endpoint.id}`} label="Test event">
          <Select
            id={`test-type-${endpoint.id}`}
            value={testType}
            onChange={(e) => setTestType(e.target.value as WebhookEventName)}
          >
            {endpoint.events.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </Select>
        </Field>
        <Button
          variant="secondary"
          pending={sendTest.isPending}
          disabled={endpoint.state === "disabled" || endpoint.state === "paused"}
          data-testid="webhook-send-test"
          onClick={() =>
            void run(async () => {
              const d = await sendTest.mutateAsync({ endpointId: endpoint.id, type: testType });
              setShowLog(true);
              await refresh();
              return d.status === "SUCCEEDED"
                ? `Test ${d.eventType} delivered: HTTP ${d.lastStatus}.`
                : `Test ${d.eventType} failed: ${d.lastError ?? "no response"}.`;
            })
          }
        >
          Send test event
        </Button>
      </div>
      {endpoint.kind === "webhook" ? (
        <SecretPanel endpoint={endpoint} onMessage={setMessage} />
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button
          variant="ghost"
          size="sm"
          aria-expanded={showLog}
          onClick={() => setShowLog((v) => !v)}
          data-testid="webhook-show-log"
        >
          {showLog ? "Hide delivery log" : "Show delivery log"}
        </Button>
        <ConfirmDialog
          trigger={
            <Button variant="ghost" size="sm" pending={remove.isPending}>
              Delete endpoint
            </Button>
          }
          title="Delete this endpoint?"
          description="It stops receiving events at once, and its delivery log is deleted with it."
          confirmLabel="Delete"
          onConfirm={() =>
            void run(async () => {
              await remove.mutateAsync({ endpointId: endpoint.id });
              await qc.invalidateQueries({ queryKey: trpc.webhook.list.queryKey() });
              return "Endpoint deleted.";
            })
          }
        />
      </div>
      <p role="status" className={message ? "text-sm text-green-700" : "sr-only"}>
        {message}
      </p>
      <Alert>{failure}</Alert>
      {showLog ? <DeliveryLog endpoint={endpoint} onMessage={setMessage} /> : null}
    </Card>
  );
}

/**
 * `/settings/webhooks` (issue 15 §3, §4): the user's endpoints with their state, the form to add
 * one (a signed webhook or a network postback), each one's switch, secret (reveal, rotate), test
 * event, delete, and delivery log with replay. How to verify signatures is shown beside the list.
 */
export function WebhookSettings({ canPromoterJoined }: { canPromoterJoined: boolean }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.webhook.list.queryOptions());
  const [created, setCreated] = useState<{ secret: string; url: string } | null>(null);
  const endpoints = list.data ?? [];
  return (
    <div className="mx-auto max-w-5xl space-y-6">
      <div className="space-y-1">
        <Link href="/settings" className="text-sm text-zinc-600 hover:text-ink">
          ← Settings
        </Link>
        <h1 className="text-2xl font-bold">Webhooks</h1>
        <p className="text-sm text-zinc-600">
          Fanfare sends your sales, commissions, payouts and clicks to your own tools as they
          happen: signed JSON POSTs (the{" "}
          <a className="underline" href="https://www.standardwebhooks.com/" rel="noreferrer">
            Standard Webhooks
          </a>{" "}
          scheme: verify <code>webhook-signature</code> with your endpoint&apos;s secret), or a
          partner network&apos;s postback URL. Failed deliveries are retried for 3 days.
        </p>
      </div>
      {created ? (
        <Alert tone="success" title="Endpoint added" data-testid="webhook-created">
          <p className="break-all">{created.url}</p>
          <p className="mt-1">
            Its signing secret: <code className="break-all">{created.secret}</code> (you can reveal
            it again below).
          </p>
        </Alert>
      ) : null}
      <Card>
        <NewEndpointForm
          canPromoterJoined={canPromoterJoined}
          full={endpoints.length >= WEBHOOK_ENDPOINTS_MAX}
          onCreated={(secret, url) => setCreated({ secret, url })}
        />
      </Card>
      <section aria-labelledby="endpoints-h" className="space-y-4">
        <h2 id="endpoints-h" className="font-semibold">
          Your endpoints
        </h2>
        {list.error ? (
          <Alert>{list.error.message}</Alert>
        ) : !list.data ? (
          <Loading label="Loading your endpoints…" rows={3} />
        ) : endpoints.length === 0 ? (
          <EmptyState title="No endpoints yet">Add one above to receive events.</EmptyState>
        ) : (
          endpoints.map((e) => <EndpointCard key={e.id} endpoint={e} />)
        )}
      </section>
      <p className="text-sm text-zinc-600">
        Looking for API keys?{" "}
        <Link
          href="/settings/api-keys"
          className={buttonVariants({ variant: "ghost", size: "sm" })}
        >
          API keys
        </Link>
      </p>
    </div>
  );
}
