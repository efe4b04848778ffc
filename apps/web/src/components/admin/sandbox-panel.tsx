"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";

import type { SandboxEventSummary } from "@fanfare/payments";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Input, Select, cn } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { disputeFormSchema } from "@fanfare/validators";

import type { RedeliverResult } from "~/app/(site)/admin/sandbox/actions";
import { redeliverEventAction } from "~/app/(site)/admin/sandbox/actions";
import { useSave, useZodForm } from "~/lib/form";
import { formatUtc } from "~/lib/format";
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
