"use client";

import { useQuery } from "@tanstack/react-query";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { DataTable } from "@fanfare/ui/data-table";

import { useTRPC } from "~/trpc/react";

type Discrepancy = RouterOutputs["admin"]["verifyLedger"][number];

/** Which check failed, on what (an account, sale, payout or transaction id), and how. */
const columns: DataTableColumn<Discrepancy>[] = [
  {
    id: "check",
    accessorFn: (d) => d.check,
    header: "Check",
    meta: { nowrap: true },
    cell: ({ row }) => <code className="text-xs">{row.original.check}</code>,
  },
  {
    id: "subject",
    accessorFn: (d) => d.subject,
    header: "Subject",
    cell: ({ row }) => <code className="text-xs">{row.original.subject}</code>,
  },
  {
    id: "detail",
    accessorFn: (d) => d.detail,
    header: "Detail",
    enableSorting: false,
    cell: ({ row }) => <span className="text-zinc-700">{row.original.detail}</span>,
  },
];

/** Runs every ledger invariant check (read-only) and lists what disagrees, or says the books are clean. */
export function VerifyLedger() {
  const trpc = useTRPC();
  const check = useQuery({ ...trpc.admin.verifyLedger.queryOptions(), staleTime: 0 });
  return (
    <section aria-labelledby="verify-h" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 id="verify-h" className="text-lg font-semibold">
            Verify ledger
          </h2>
          <p className="text-sm text-zinc-600">
            Transactions sum to zero, balances match their entries, sales and payouts match their
            postings, commissions match their sales.
          </p>
        </div>
        <Button variant="secondary" onClick={() => void check.refetch()} pending={check.isFetching}>
          {check.isFetching ? "Checking…" : "Check again"}
        </Button>
      </div>
      {check.isPending ? (
        <p role="status" className="text-zinc-600">
          Checking every account…
        </p>
      ) : check.error ? (
        <Alert>{check.error.message}</Alert>
      ) : !check.data.length ? (
        <Card>
          <p className="font-medium text-green-700" data-testid="ledger-clean">
            Clean: every check passed.
          </p>
        </Card>
      ) : (
        <div className="space-y-2">
          <Alert data-testid="ledger-discrepancies">
            {check.data.length} {check.data.length === 1 ? "discrepancy" : "discrepancies"}
          </Alert>
          <DataTable
            label="Ledger discrepancies"
            columns={columns}
            data={check.data}
            getRowId={(d, i) => `${d.check}:${d.subject}:${i}`}
          />
        </div>
      )}
    </section>
  );
}
