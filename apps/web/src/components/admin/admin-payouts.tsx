"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Button, Card, EmptyState, Field, Select } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators/money";

import { formatUtc, humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

const STATUSES = ["REQUESTED", "PROCESSING", "PAID", "FAILED"] as const;
type Status = (typeof STATUSES)[number];
const tone = { PAID: "green", PROCESSING: "amber", REQUESTED: "amber", FAILED: "red" } as const;

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
          {reconcile.error ? (
            <p role="alert" className="text-sm text-red-600">
              {reconcile.error.message}
            </p>
          ) : null}
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
          <p className="text-zinc-600">Loading payouts…</p>
        ) : payouts.error ? (
          <p role="alert" className="text-red-600">
            {payouts.error.message}
          </p>
        ) : !payouts.data.items.length ? (
          <EmptyState
            title={status ? `No ${humanize(status).toLowerCase()} payouts` : "No payouts yet"}
          />
        ) : (
          <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-zinc-200">
            <table className="min-w-full text-sm" data-testid="admin-payouts">
              <thead className="bg-zinc-50 text-left text-zinc-600">
                <tr>
                  <th className="px-3 py-2">Requested (UTC)</th>
                  <th className="px-3 py-2">Payee</th>
                  <th className="px-3 py-2">Connect account</th>
                  <th className="px-3 py-2 text-right">Amount</th>
                  <th className="px-3 py-2">Status</th>
                  <th className="px-3 py-2 text-right">Attempts</th>
                  <th className="px-3 py-2">Transfer / reason</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {payouts.data.items.map((p) => (
                  <tr key={p.id} data-testid="admin-payout-row">
                    <td className="px-3 py-2 whitespace-nowrap">{formatUtc(p.requestedAt)}</td>
                    <td className="px-3 py-2" data-testid="admin-payout-payee">
                      <span className="font-medium">
                        {p.payeeName ?? p.payeeEmail ?? p.payeeId}
                      </span>{" "}
                      <span className="text-xs text-zinc-500">({humanize(p.payeeType)})</span>
                      {p.payeeEmail && p.payeeName ? (
                        <span className="block text-xs text-zinc-500">{p.payeeEmail}</span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">
                      <code className="text-xs">{p.connectAccountId}</code>
                    </td>
                    <td className="px-3 py-2 text-right">
                      {formatCents(p.amountCents, p.currency)}
                    </td>
                    <td className="px-3 py-2">
                      <Badge tone={tone[p.status]}>{humanize(p.status)}</Badge>
                    </td>
                    <td className="px-3 py-2 text-right">{p.attempts}</td>
                    <td className="px-3 py-2">
                      {p.failureReason ? (
                        <span className="text-red-700">{p.failureReason}</span>
                      ) : p.stripeTransferId ? (
                        <code className="text-xs">{p.stripeTransferId}</code>
                      ) : (
                        "—"
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
