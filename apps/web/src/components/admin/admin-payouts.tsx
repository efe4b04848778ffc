"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Loading, Select } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { DataTable } from "@fanfare/ui/data-table";
import { formatCents } from "@fanfare/validators/money";

import { formatUtc, humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

const STATUSES = ["REQUESTED", "PROCESSING", "PAID", "FAILED"] as const;
type Status = (typeof STATUSES)[number];
const tone = { PAID: "green", PROCESSING: "amber", REQUESTED: "amber", FAILED: "red" } as const;

type PayoutRow = RouterOutputs["admin"]["payouts"]["items"][number];

/** The payouts table's columns; each sorts the page loaded (requested time by default order). */
const columns: DataTableColumn<PayoutRow>[] = [
  {
    id: "requestedAt",
    accessorFn: (p) => p.requestedAt,
    header: "Requested (UTC)",
    sortFn: "datetime",
    cell: ({ row }) => formatUtc(row.original.requestedAt),
    meta: { nowrap: true },
  },
  {
    id: "payee",
    accessorFn: (p) => p.payeeName ?? p.payeeEmail ?? p.payeeId,
    header: "Payee",
    cell: ({ row: { original: p } }) => (
      <span data-testid="admin-payout-payee">
        <span className="font-medium">{p.payeeName ?? p.payeeEmail ?? p.payeeId}</span>{" "}
        <span className="text-xs text-zinc-500">({humanize(p.payeeType)})</span>
        {p.payeeEmail && p.payeeName ? (
          <span className="block text-xs text-zinc-500">{p.payeeEmail}</span>
        ) : null}
      </span>
    ),
  },
  {
    id: "connectAccountId",
    accessorFn: (p) => p.connectAccountId,
    header: "Connect account",
    enableSorting: false,
    cell: ({ row }) => <code className="text-xs">{row.original.connectAccountId}</code>,
  },
  {
    id: "amountCents",
    accessorFn: (p) => p.amountCents,
    header: "Amount",
    sortFn: "basic",
    cell: ({ row }) => formatCents(row.original.amountCents, row.original.currency),
    meta: { align: "right" },
  },
  {
    id: "status",
    accessorFn: (p) => p.status,
    header: "Status",
    cell: ({ row }) => (
      <Badge tone={tone[row.original.status]}>{humanize(row.original.status)}</Badge>
    ),
  },
  {
    id: "attempts",
    accessorFn: (p) => p.attempts,
    header: "Attempts",
    sortFn: "basic",
    meta: { align: "right" },
  },
  {
    id: "transfer",
    header: "Transfer / reason",
    enableSorting: false,
    cell: ({ row: { original: p } }) =>
      p.failureReason ? (
        <span className="text-red-700">{p.failureReason}</span>
      ) : p.stripeTransferId ? (
        <code className="text-xs">{p.stripeTransferId}</code>
      ) : (
        "—"
      ),
  },
];

/** Every payout with its state, and "Reconcile now": release due holds and finish stuck payouts. */
export function AdminPayouts() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [status, setStatus] = useState<Status | "">("");
  const payouts = useQuery(
    trpc.admin.payouts.queryOptions({ status: status || undefined, limit: 50 }),
  );
  const reconcile = useMutation(
    trpc.admin.reconcilePayouts.mutationOptions({
      onSuccess: () => qc.invalidateQueries({ queryKey: trpc.admin.payouts.pathKey() }),
    }),
  );
  const r = reconcile.data;
  return (
    <div className="space-y-6">
      <Card className="space-y-3">
        <section aria-labelledby="reconcile-h" className="space-y-3">
          <h2 id="reconcile-h" className="text-lg font-semibold">
            Reconciliation
          </h2>
          <p className="text-sm text-zinc-600">
            Moves sales whose holding period is over to payable, and completes every payout still
            processing (the transfer is re-sent with its idempotency key, so nothing is paid twice).
            It also runs on a schedule.
          </p>
          <Button
            onClick={() => reconcile.mutate({ olderThanSeconds: 0 })}
            pending={reconcile.isPending}
          >
            {reconcile.isPending ? "Reconciling…" : "Reconcile now"}
          </Button>
          {reconcile.error ? <Alert>{reconcile.error.message}</Alert> : null}
          {r ? (
            <p role="status" className="text-sm text-green-800" data-testid="reconcile-result">
              Released {r.released} {r.released === 1 ? "sale" : "sales"} from hold. Examined{" "}
              {r.examined} processing {r.examined === 1 ? "payout" : "payouts"}: {r.paid} paid,{" "}
              {r.failed} failed, {r.stillProcessing} still processing.
            </p>
          ) : null}
        </section>
      </Card>

      <section aria-labelledby="payouts-h" className="space-y-3">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="payouts-h" className="text-lg font-semibold">
            Payouts
          </h2>
          <div className="w-48">
            <Field id="payout-status" label="Status">
              <Select
                id="payout-status"
                value={status}
                onChange={(e) => setStatus(e.target.value as Status | "")}
              >
                <option value="">All</option>
                {STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {humanize(s)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        </div>
        {payouts.isPending ? (
          <Loading label="Loading payouts…" />
        ) : payouts.error ? (
          <Alert>{payouts.error.message}</Alert>
        ) : !payouts.data.items.length ? (
          <EmptyState
            title={status ? `No ${humanize(status).toLowerCase()} payouts` : "No payouts yet"}
          />
        ) : (
          <DataTable
            label="Payouts"
            columns={columns}
            data={payouts.data.items}
            getRowId={(p) => p.id}
            testId="admin-payouts"
            rowTestId="admin-payout-row"
          />
        )}
      </section>
    </div>
  );
}
