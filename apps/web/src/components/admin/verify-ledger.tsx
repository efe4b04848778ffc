"use client";

import { useQuery } from "@tanstack/react-query";

import { Button, Card } from "@fanfare/ui";

import { useTRPC } from "~/trpc/react";

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
        <p role="alert" className="text-red-600">
          {check.error.message}
        </p>
      ) : !check.data.length ? (
        <Card>
          <p className="font-medium text-green-700" data-testid="ledger-clean">
            Clean: every check passed.
          </p>
        </Card>
      ) : (
        <div className="space-y-2">
          <p role="alert" className="font-medium text-red-700" data-testid="ledger-discrepancies">
            {check.data.length} {check.data.length === 1 ? "discrepancy" : "discrepancies"}
          </p>
          <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-zinc-200">
            <table className="min-w-full text-sm">
              <thead className="bg-zinc-50 text-left text-zinc-600">
                <tr>
                  <th className="px-3 py-2">Check</th>
                  <th className="px-3 py-2">Subject</th>
                  <th className="px-3 py-2">Detail</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100">
                {check.data.map((d, i) => (
                  <tr key={`${d.check}:${d.subject}:${i}`}>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <code className="text-xs">{d.check}</code>
                    </td>
                    <td className="px-3 py-2">
                      <code className="text-xs">{d.subject}</code>
                    </td>
                    <td className="px-3 py-2 text-zinc-700">{d.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
