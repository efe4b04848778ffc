"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Loading } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { formatCents } from "@fanfare/validators/money";

import { ActionResult, LoadMore } from "./admin-list";
import { ReasonForm } from "./reason-form";
import { formatUtc, humanize, plural } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type HeldRow = RouterOutputs["admin"]["fraud"]["queue"]["items"][number];
type Decision = "release" | "reject";

const HOLD_REASON: Record<HeldRow["holdReason"], string> = {
  PROMOTER_SUSPENDED: "Promoter suspended",
  REVIEW: "Held for review",
};

/** Evidence kinds in words (FraudSignal.kind). */
const SIGNAL: Record<string, string> = {
  SELF_REFERRAL_BLOCKED: "Self-referral blocked",
  PROMOTER_VISITOR_HASH_ON_PURCHASE: "Bought from the promoter's browser and network",
  PROMOTER_SESSION_ON_PURCHASE: "Bought in the promoter's browser session",
};

/** Release or reject one held commission, with the reason the promoter reads. */
function DecisionForm({
  row,
  decision,
  onDone,
  onCancel,
}: {
  row: HeldRow;
  decision: Decision;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const release = useMutation(trpc.admin.fraud.release.mutationOptions());
  const reject = useMutation(trpc.admin.fraud.reject.mutationOptions());
  const amount = formatCents(row.amountCents - row.reversedCents, row.sale.currency);
  return (
    <ReasonForm
      id={`decision-${row.id}`}
      label={`${decision === "release" ? "Release" : "Reject"} ${amount}`}
      danger={decision === "reject"}
      readerNote="the promoter reads it by email"
      consequence={
        decision === "release"
          ? "The hold is lifted: the commission is payable at once if its sale is past the holding period, otherwise when it ends."
          : "Final: the commission's share goes to the artist, as if the sale had not come through a promoter. If it was paid out, it is taken from the promoter's balance."
      }
      run={async (reason) => {
        const input = { commissionId: row.id, reason };
        const r =
          decision === "release"
            ? await release.mutateAsync(input)
            : await reject.mutateAsync(input);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.fraud.queue.pathKey() });
        return decision === "release"
          ? `Released ${amount} to ${row.promoter.email}: now ${r.status.toLowerCase()}.`
          : `Rejected ${amount} from ${row.promoter.email}: it goes to the artist.`;
      }}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

function queueColumns(
  open: { id: string; decision: Decision } | null,
  setOpen: (o: { id: string; decision: Decision } | null) => void,
): DataTableColumn<HeldRow>[] {
  return [
    {
      id: "heldAt",
      accessorFn: (c) => c.heldAt,
      header: "Held since (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row: { original: c } }) => (
        <>
          <div>{formatUtc(c.heldAt)}</div>
          <Badge tone={c.holdReason === "REVIEW" ? "amber" : "red"}>
            {HOLD_REASON[c.holdReason]}
          </Badge>
        </>
      ),
    },
    {
      id: "promoter",
      accessorFn: (c) => c.promoter.email,
      header: "Promoter",
      cell: ({ row: { original: c } }) => (
        <>
          <div className="font-medium">{c.promoter.label}</div>
          <div className="text-xs text-zinc-500">{c.promoter.email}</div>
          <div className="text-xs text-zinc-500">
            {humanize(c.promoter.status)} · score {c.promoter.fraudScore} · {c.promoter.signalCount}{" "}
            signal(s) on record
          </div>
          {c.promoter.openReports ? (
            <Link href="/admin/reports" className="text-xs text-red-700 underline">
              {plural(c.promoter.openReports, "open report")} from visitors
            </Link>
          ) : null}
        </>
      ),
    },
    {
      id: "sale",
      accessorFn: (c) => c.track.title,
      header: "Sale",
      cell: ({ row: { original: c } }) => (
        <>
          <div className="font-medium">{c.track.title}</div>
          <div className="text-xs text-zinc-500">
            {formatCents(c.sale.amountCents, c.sale.currency)} by {c.sale.buyerEmail}
          </div>
        </>
      ),
    },
    {
      id: "amountCents",
      accessorFn: (c) => c.amountCents - c.reversedCents,
      header: "Commission",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: c } }) =>
        formatCents(c.amountCents - c.reversedCents, c.sale.currency),
    },
    {
      id: "evidence",
      header: "Evidence",
      enableSorting: false,
      cell: ({ row: { original: c } }) =>
        c.evidence.length ? (
          <ul className="space-y-1 text-xs">
            {c.evidence.map((e) => (
              <li key={e.kind}>{SIGNAL[e.kind] ?? e.kind}</li>
            ))}
          </ul>
        ) : (
          <span className="text-xs text-zinc-500">None on this sale</span>
        ),
    },
    actionsColumn((c) => (
      <div className="flex flex-wrap justify-end gap-1">
        {(["release", "reject"] as const).map((d) => {
          const current = open?.id === c.id && open.decision === d;
          return (
            <Button
              key={d}
              size="sm"
              variant={d === "release" ? "secondary" : "ghost"}
              aria-expanded={current}
              aria-controls={`decision-row-${c.id}`}
              onClick={() => setOpen(current ? null : { id: c.id, decision: d })}
            >
              {d === "release" ? "Release" : "Reject"}
            </Button>
          );
        })}
      </div>
    )),
  ];
}

/**
 * The fraud review queue (issue 11 §3): every held commission with its promoter, sale and
 * evidence; release it (its normal life continues) or reject it (it goes to the artist).
 */
export function AdminFraud() {
  const trpc = useTRPC();
  const [open, setOpen] = useState<{ id: string; decision: Decision } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const queue = useInfiniteQuery(
    trpc.admin.fraud.queue.infiniteQueryOptions(
      { limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = queue.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = useMemo(() => queueColumns(open, setOpen), [open]);
  return (
    <Card>
      <section aria-labelledby="fraud-h" className="space-y-4">
        <div>
          <h2 id="fraud-h" className="text-lg font-semibold">
            Fraud review
          </h2>
          <p className="text-sm text-zinc-600">
            Commissions on hold: they stay pending past their holding period until you release or
            reject them. A suspended promoter&apos;s commissions are released by reinstating them on
            the Promoters page.
          </p>
        </div>
        <ActionResult message={message} testId="review-result" />
        {queue.error ? <Alert>{queue.error.message}</Alert> : null}
        {queue.isPending ? (
          <Loading />
        ) : rows.length === 0 ? (
          <EmptyState title="Nothing on hold" />
        ) : (
          <DataTable
            label="Held commissions"
            columns={columns}
            data={rows}
            getRowId={(c) => c.id}
            rowAttributes={(c) => ({
              "data-testid": `held-row-${c.id}`,
              "data-promoter": c.promoter.email,
            })}
            expansion={(c) =>
              open?.id === c.id
                ? {
                    id: `decision-row-${c.id}`,
                    content: (
                      <DecisionForm
                        key={open.decision}
                        row={c}
                        decision={open.decision}
                        onCancel={() => setOpen(null)}
                        onDone={(m) => {
                          setMessage(m);
                          setOpen(null);
                        }}
                      />
                    ),
                  }
                : null
            }
          />
        )}
        <LoadMore list={queue} />
      </section>
    </Card>
  );
}
