"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";

import type { RouterOutputs } from "@fanfare/api";
import type { SandboxEventSummary } from "@fanfare/payments";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Input, Loading, Select, cn } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { Switch } from "@fanfare/ui/switch";
import { disputeFormSchema, formatCents } from "@fanfare/validators";

import type { RedeliverResult } from "~/app/(site)/admin/sandbox/actions";
import { redeliverEventAction } from "~/app/(site)/admin/sandbox/actions";
import { useSave, useZodForm } from "~/lib/form";
import { formatUtc, formatUtcDate, plural } from "~/lib/format";
import { fieldErrorsOf } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const deliveryText = (status: number) =>
  status >= 200 && status < 300
    ? `webhook answered ${status}`
    : status
      ? `webhook answered ${status}: redeliver it below`
      : "webhook unreachable: redeliver it below";

/** Whether the sandbox's next transfers (payouts) succeed or are refused. */
export function TransferModeToggle() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const mode = useQuery(trpc.admin.sandboxTransferMode.queryOptions());
  const set = useMutation(
    trpc.admin.setSandboxTransferMode.mutationOptions({
      onSuccess: (m) => qc.setQueryData(trpc.admin.sandboxTransferMode.queryKey(), m),
    }),
  );
  return (
    <Card>
      <section aria-labelledby="mode-h" className="space-y-3">
        <h2 id="mode-h" className="text-lg font-semibold">
          Transfers
        </h2>
        <p className="text-sm text-zinc-600">
          In “fail” mode the sandbox refuses the next transfers as Stripe refuses one to a
          restricted account, so payouts fail and their money returns to the payee’s balance.
        </p>
        {mode.error ? <Alert>{mode.error.message}</Alert> : null}
        <div
          role="group"
          aria-label="Transfer mode"
          className="inline-flex rounded-lg bg-zinc-100 p-1"
        >
          {(["succeed", "fail"] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={mode.data === m}
              disabled={mode.isPending || set.isPending}
              onClick={() => set.mutate({ mode: m })}
              className={cn(
                "rounded-md px-4 py-1.5 text-sm font-medium disabled:opacity-60",
                mode.data === m
                  ? m === "fail"
                    ? "bg-red-600 text-white shadow-sm"
                    : "bg-white text-ink shadow-sm"
                  : "text-zinc-600 hover:text-ink",
              )}
            >
              {m === "succeed" ? "Transfers succeed" : "Transfers fail"}
            </button>
          ))}
        </div>
        {set.error ? <Alert>{set.error.message}</Alert> : null}
      </section>
    </Card>
  );
}

type Opened = { disputeId: string; saleLabel: string; closed?: "won" | "lost" };

/** Opens a dispute on a sale as the buyer's bank would, and closes it won or lost. */
export function SandboxDisputes({ sales }: { sales: { id: string; label: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const saleId = sales[0]?.id ?? "";
  const [opened, setOpened] = useState<Opened[]>([]);
  const [closeId, setCloseId] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const form = useZodForm(disputeFormSchema, { defaultValues: { saleId, amount: "" } });
  const { failure, save } = useSave(form, { amountCents: "amount" });
  // A sale that leaves the list (refunded, or lost a dispute) must not stay selected unseen.
  const formSale = form.watch("saleId");
  useEffect(() => {
    if (!sales.some((s) => s.id === formSale)) form.setValue("saleId", sales[0]?.id ?? "");
  }, [sales, formSale, form]);
  const open = useMutation(trpc.admin.sandboxOpenDispute.mutationOptions());
  const close = useMutation(
    trpc.admin.sandboxCloseDispute.mutationOptions({
      onSuccess: (r, input) => {
        setOpened((o) =>
          o.map((d) => (d.disputeId === input.disputeId ? { ...d, closed: input.outcome } : d)),
        );
        setMessage(
          `Closed dispute ${input.disputeId} as ${input.outcome} (event ${r.eventId}, ${deliveryText(r.status)}).`,
        );
        router.refresh();
      },
    }),
  );
  const closeFe = fieldErrorsOf(close.error);
  const errors = form.formState.errors;
  const pending = form.formState.isSubmitting;

  const submitOpen = form.handleSubmit(async (input) => {
    setMessage(null);
    await save(async () => {
      const r = await open.mutateAsync(input);
      setOpened((o) => [
        {
          disputeId: r.disputeId,
          saleLabel: sales.find((s) => s.id === input.saleId)?.label ?? input.saleId,
        },
        ...o,
      ]);
      setMessage(`Opened dispute ${r.disputeId} (event ${r.eventId}, ${deliveryText(r.status)}).`);
      form.setValue("amount", "");
      router.refresh();
    });
  });

  return (
    <Card>
      <section aria-labelledby="disputes-h" className="space-y-4">
        <div>
          <h2 id="disputes-h" className="text-lg font-semibold">
            Disputes
          </h2>
          <p className="text-sm text-zinc-600">
            A dispute takes the money back from the payees at once (a clawback if the commission was
            paid out); winning it returns it.
          </p>
        </div>
        {message ? (
          <p role="status" className="rounded-lg bg-green-50 p-3 text-sm text-green-800">
            {message}
          </p>
        ) : null}
        {!sales.length ? (
          <EmptyState title="No completed sales to dispute" />
        ) : (
          <form onSubmit={submitOpen} noValidate className="flex flex-wrap items-end gap-3">
            <div className="min-w-72 flex-1">
              <Field id="dispute-sale" label="Sale" error={errors.saleId?.message}>
                <Select id="dispute-sale" {...form.register("saleId")}>
                  {sales.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.label}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <div className="w-48">
              <Field
                id="dispute-amount"
                label="Amount (USD, optional)"
                error={errors.amount?.message}
                hint="Empty: the whole charge."
              >
                <Input
                  id="dispute-amount"
                  inputMode="decimal"
                  {...form.register("amount")}
                  invalid={!!errors.amount}
                />
              </Field>
            </div>
            <Button type="submit" variant="danger" pending={pending}>
              {pending ? "Opening…" : "Open dispute"}
            </Button>
            <Alert className="w-full">{failure}</Alert>
          </form>
        )}

        {opened.length ? (
          <ul
            className="divide-y divide-zinc-100 rounded-lg ring-1 ring-zinc-200"
            aria-label="Disputes opened here"
          >
            {opened.map((d) => (
              <li
                key={d.disputeId}
                className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm"
              >
                <span>
                  <code className="text-xs">{d.disputeId}</code>{" "}
                  <span className="text-zinc-600">· {d.saleLabel}</span>{" "}
                  {d.closed ? (
                    <Badge tone={d.closed === "won" ? "green" : "red"}>
                      {d.closed === "won" ? "Won" : "Lost"}
                    </Badge>
                  ) : (
                    <Badge tone="amber">Needs response</Badge>
                  )}
                </span>
                {!d.closed ? (
                  <span className="flex gap-2">
                    <Button
                      variant="secondary"
                      size="sm"
                      pending={close.isPending && close.variables.disputeId === d.disputeId}
                      onClick={() => close.mutate({ disputeId: d.disputeId, outcome: "won" })}
                    >
                      Close as won
                    </Button>
                    <Button
                      variant="secondary"
                      size="sm"
                      pending={close.isPending && close.variables.disputeId === d.disputeId}
                      onClick={() => close.mutate({ disputeId: d.disputeId, outcome: "lost" })}
                    >
                      Close as lost
                    </Button>
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}

        <form
          noValidate
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => e.preventDefault()}
          aria-label="Close a dispute by id"
        >
          <div className="min-w-72 flex-1">
            <Field
              id="close-dispute-id"
              label="Close another dispute by id"
              error={closeFe.disputeId}
              hint="dp_sandbox_…, from the dispute's event or an earlier session."
            >
              <Input
                id="close-dispute-id"
                value={closeId}
                onChange={(e) => setCloseId(e.target.value)}
                invalid={!!closeFe.disputeId}
              />
            </Field>
          </div>
          <Button
            type="button"
            variant="secondary"
            disabled={!closeId.trim()}
            pending={close.isPending && close.variables.disputeId === closeId.trim()}
            onClick={() => close.mutate({ disputeId: closeId.trim(), outcome: "won" })}
          >
            Won
          </Button>
          <Button
            type="button"
            variant="secondary"
            disabled={!closeId.trim()}
            pending={close.isPending && close.variables.disputeId === closeId.trim()}
            onClick={() => close.mutate({ disputeId: closeId.trim(), outcome: "lost" })}
          >
            Lost
          </Button>
          {close.error && !closeFe.disputeId ? (
            <Alert className="w-full">{close.error.message}</Alert>
          ) : null}
        </form>
      </section>
    </Card>
  );
}

type SandboxSubscriptionRow = RouterOutputs["admin"]["sandboxSubscriptions"][number];
type RenewResult = RouterOutputs["admin"]["sandboxRenewSubscription"];
type RowMessage = { ok: boolean; text: string };

const STATUS_TONE = {
  active: "green",
  past_due: "amber",
  canceled: "zinc",
  incomplete: "zinc",
} as const;

/** "delivered 200", or what went wrong with the webhook deliveries of a renewal. */
function deliveriesText(events: RenewResult["events"]): string {
  const statuses = [...new Set(events.map((e) => e.deliveryStatus ?? 0))];
  if (statuses.every((s) => s >= 200 && s < 300)) return `delivered ${statuses.join(", ")}`;
  return statuses.includes(0)
    ? "webhook unreachable: redeliver its events below"
    : `webhook answered ${statuses.join(", ")}: redeliver its events below`;
}

/** The short result of "Renew now" shown in its row, from the events it sent. */
export function describeRenewal(r: RenewResult): RowMessage {
  const types = r.events.map((e) => e.type);
  const ended = types.includes("customer.subscription.deleted");
  const delivered = deliveriesText(r.events);
  if (types.includes("invoice.paid")) return { ok: true, text: `Invoice paid, ${delivered}` };
  if (types.includes("invoice.payment_failed"))
    return {
      ok: false,
      text: ended
        ? `Payment failed again: subscription ended, ${delivered}`
        : `Payment failed: ${r.status === "past_due" ? "past due" : r.status}, ${delivered}`,
    };
  if (ended) return { ok: true, text: `Ended at its period's end, ${delivered}` };
  return { ok: true, text: "Nothing was due." };
}

/**
 * The test clock of catalog subscriptions (issue 16 §3): each subscription with its sandbox
 * state, "Renew now" (its clock to its period's end, like Stripe's test clocks) and the
 * customer's card switch. Refetches the list and the page's events after each action.
 */
export function SandboxSubscriptions() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const list = useQuery(trpc.admin.sandboxSubscriptions.queryOptions());
  const [messages, setMessages] = useState<Record<string, RowMessage>>({});
  const refresh = async () => {
    await qc.invalidateQueries({ queryKey: trpc.admin.sandboxSubscriptions.queryKey() });
    router.refresh();
  };
  const say = (id: string, m: RowMessage) => setMessages((all) => ({ ...all, [id]: m }));
  const renew = useMutation(
    trpc.admin.sandboxRenewSubscription.mutationOptions({
      onSuccess: (r) => say(r.subscriptionId, describeRenewal(r)),
      onError: (e, input) => say(input.subscriptionId, { ok: false, text: e.message }),
      onSettled: refresh,
    }),
  );
  const declines = useMutation(
    trpc.admin.sandboxSetCardDeclines.mutationOptions({
      onSuccess: (r) =>
        say(r.subscriptionId, {
          ok: true,
          text: r.cardDeclines
            ? "The card now declines: the next renewal fails."
            : "The card pays again.",
        }),
      onError: (e, input) => say(input.subscriptionId, { ok: false, text: e.message }),
      onSettled: refresh,
    }),
  );

  const columns: DataTableColumn<SandboxSubscriptionRow>[] = [
    {
      id: "subscriber",
      accessorFn: (s) => s.subscriber.email,
      header: "Subscriber",
      cell: ({ row: { original: s } }) => (
        <span className="block">
          {s.subscriber.email}
          {s.promoterName ? (
            <span className="block text-xs text-zinc-500">via {s.promoterName}</span>
          ) : null}
        </span>
      ),
    },
    {
      id: "artist",
      accessorFn: (s) => s.artist.name,
      header: "Artist",
    },
    {
      id: "plan",
      accessorFn: (s) => s.priceCents,
      header: "Plan",
      sortFn: "basic",
      meta: { nowrap: true },
      cell: ({ row: { original: s } }) =>
        `${formatCents(s.priceCents, s.currency)} a ${s.interval}`,
    },
    {
      id: "status",
      accessorFn: (s) => s.status,
      header: "Status",
      cell: ({ row: { original: s } }) => (
        <span
          className="flex flex-wrap items-center gap-1"
          data-testid="sandbox-subscription-status"
        >
          <Badge tone={STATUS_TONE[s.status]}>{s.status.replace("_", " ")}</Badge>
          {s.cancelAtPeriodEnd && s.status !== "canceled" ? (
            <span className="text-xs text-zinc-500">ends at period end</span>
          ) : null}
          {s.sandbox.status && s.sandbox.status !== s.status ? (
            <span className="text-xs text-zinc-500">
              sandbox: {s.sandbox.status.replace("_", " ")}
            </span>
          ) : null}
        </span>
      ),
    },
    {
      id: "periodEnd",
      accessorFn: (s) => s.currentPeriodEnd ?? s.sandbox.currentPeriodEnd ?? undefined,
      header: "Period end (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row: { original: s } }) => {
        const end = s.currentPeriodEnd ?? s.sandbox.currentPeriodEnd;
        return end ? formatUtcDate(end) : "—";
      },
    },
    {
      id: "invoices",
      accessorFn: (s) => s.invoicesPaid,
      header: "Invoices paid",
      sortFn: "basic",
      meta: { align: "right" },
      cell: ({ row: { original: s } }) => (
        <span data-testid="sandbox-subscription-invoices">{s.invoicesPaid}</span>
      ),
    },
    {
      id: "card",
      header: "Card",
      enableSorting: false,
      meta: { nowrap: true },
      cell: ({ row: { original: s } }) =>
        s.sandbox.cardDeclines == null ? (
          "—"
        ) : (
          <span className="inline-flex items-center gap-2">
            <Switch
              checked={s.sandbox.cardDeclines}
              disabled={
                s.status === "canceled" ||
                (declines.isPending && declines.variables.subscriptionId === s.id)
              }
              aria-label={`Card declines: ${s.subscriber.email}, ${s.artist.name}`}
              onCheckedChange={(on) => declines.mutate({ subscriptionId: s.id, declines: on })}
            />
            <span className="text-xs text-zinc-600" aria-hidden>
              {s.sandbox.cardDeclines ? "Declines" : "Pays"}
            </span>
          </span>
        ),
    },
    actionsColumn((s) => {
      const message = messages[s.id];
      const pending = renew.isPending && renew.variables.subscriptionId === s.id;
      return (
        <div className="flex flex-col items-end gap-1">
          <Button
            variant="secondary"
            size="sm"
            pending={pending}
            disabled={s.status === "canceled"}
            onClick={() => renew.mutate({ subscriptionId: s.id })}
          >
            {pending ? "Renewing…" : "Renew now"}
          </Button>
          {message ? (
            <span
              role={message.ok ? "status" : "alert"}
              data-testid="renew-result"
              className={cn(
                "max-w-56 text-right text-xs whitespace-normal",
                message.ok ? "text-green-700" : "text-red-600",
              )}
            >
              {message.text}
            </span>
          ) : null}
        </div>
      );
    }),
  ];

  const rows = list.data ?? [];
  return (
    <Card>
      <section aria-labelledby="subscriptions-h" className="space-y-3">
        <div>
          <h2 id="subscriptions-h" className="text-lg font-semibold">
            Catalog subscriptions (test clock)
          </h2>
          <p className="text-sm text-zinc-600">
            Renew now moves this subscription’s clock to its period’s end, as Stripe’s test clocks
            do: it charges the next invoice (or retries a past-due one), or ends it if it was
            cancelled.
          </p>
        </div>
        {list.isPending ? (
          <Loading label="Loading subscriptions…" rows={2} />
        ) : list.error ? (
          <Alert>{list.error.message}</Alert>
        ) : !rows.length ? (
          <EmptyState title="No catalog subscriptions yet" />
        ) : (
          <>
            <p className="text-xs text-zinc-500">
              {plural(rows.length, "subscription")}, newest first.
            </p>
            <DataTable
              label="Catalog subscriptions"
              testId="sandbox-subscriptions"
              rowAttributes={(s) => ({ "data-subscriber": s.subscriber.email })}
              columns={columns}
              data={rows}
              getRowId={(s) => s.id}
            />
          </>
        )}
      </section>
    </Card>
  );
}

function RedeliverButton({ eventId }: { eventId: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<RedeliverResult | null>(null);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        size="sm"
        pending={pending}
        onClick={() =>
          startTransition(async () => {
            setResult(await redeliverEventAction(eventId));
            router.refresh();
          })
        }
      >
        {pending ? "Sending…" : "Redeliver"}
      </Button>
      {result ? (
        <span
          role={result.ok ? "status" : "alert"}
          className={cn("text-xs", result.ok ? "text-green-700" : "text-red-600")}
        >
          {result.message}
        </span>
      ) : null}
    </div>
  );
}

const eventColumns: DataTableColumn<SandboxEventSummary>[] = [
  {
    id: "created",
    accessorFn: (e) => e.created,
    header: "Created (UTC)",
    sortFn: "basic",
    meta: { nowrap: true },
    cell: ({ row: { original: e } }) => formatUtc(e.created * 1000),
  },
  {
    id: "type",
    accessorFn: (e) => e.type,
    header: "Type",
    cell: ({ row: { original: e } }) => <code className="text-xs">{e.type}</code>,
  },
  {
    id: "event",
    header: "Event",
    enableSorting: false,
    cell: ({ row: { original: e } }) => <code className="text-xs">{e.id}</code>,
  },
  {
    id: "deliveries",
    accessorFn: (e) => e.deliveries,
    header: "Deliveries",
    sortFn: "basic",
    meta: { align: "right" },
  },
  {
    id: "last",
    accessorFn: (e) => e.lastDeliveryStatus ?? -1,
    header: "Last delivery",
    sortFn: "basic",
    cell: ({ row: { original: e } }) =>
      e.lastDeliveryStatus == null ? (
        <Badge>Never</Badge>
      ) : e.lastDeliveryStatus >= 200 && e.lastDeliveryStatus < 300 ? (
        <Badge tone="green">{e.lastDeliveryStatus}</Badge>
      ) : (
        <Badge tone="red">{e.lastDeliveryStatus || "unreachable"}</Badge>
      ),
  },
  actionsColumn((e) => <RedeliverButton eventId={e.id} />),
];

/** The sandbox's webhook events, newest first, with their last delivery and a redeliver button. */
export function SandboxEvents({ events }: { events: SandboxEventSummary[] }) {
  return (
    <section aria-labelledby="events-h" className="space-y-3">
      <div>
        <h2 id="events-h" className="text-lg font-semibold">
          Recent sandbox events
        </h2>
        <p className="text-sm text-zinc-600">
          What the sandbox sent to <code className="text-xs">/api/webhooks/stripe</code>.
          Redelivering sends the same event again, as Stripe’s retries do; the webhook applies each
          event once.
        </p>
      </div>
      {!events.length ? (
        <EmptyState title="No sandbox events yet" />
      ) : (
        <DataTable
          label="Sandbox events"
          testId="sandbox-events"
          columns={eventColumns}
          data={events}
          getRowId={(e) => e.id}
        />
      )}
    </section>
  );
}
