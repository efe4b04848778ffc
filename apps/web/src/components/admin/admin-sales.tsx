"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, EmptyState, Field, Input } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import { refundFormSchema } from "@fanfare/validators";
import { formatCents, parseDollarsToCents } from "@fanfare/validators/money";

import { ActionResult } from "./admin-list";
import { useSave, useZodForm } from "~/lib/form";
import { formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

export type AdminSaleRow = {
  id: string;
  createdAt: Date;
  status: "PENDING" | "COMPLETED" | "REFUNDED" | "FAILED";
  buyerEmail: string;
  amountCents: number;
  platformFeeCents: number;
  artistCents: number;
  commissionCents: number;
  currency: string;
  /** The processor holds a payment to refund (false for demo-seeded sales in the sandbox). */
  refundable: boolean;
  refundedCents: number;
  disputedCents: number;
  track: { title: string; artistName: string };
  promoter: string | null;
};

const tone = { COMPLETED: "green", PENDING: "amber", REFUNDED: "red", FAILED: "zinc" } as const;

function RefundForm({
  sale,
  onDone,
  onCancel,
}: {
  sale: AdminSaleRow;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remaining = sale.amountCents - sale.refundedCents;
  const schema = useMemo(
    () => refundFormSchema({ remainingCents: remaining, currency: sale.currency }),
    [remaining, sale.currency],
  );
  const form = useZodForm(schema, { defaultValues: { amount: "" } });
  const { failure, save } = useSave(form, { amountCents: "amount" });
  const refund = useMutation(trpc.admin.refundSale.mutationOptions());
  const amount = form.watch("amount");
  const fieldError = form.formState.errors.amount?.message;
  const id = `refund-amount-${sale.id}`;
  const typed = amount.trim() ? parseDollarsToCents(amount) : null;
  const pending = form.formState.isSubmitting;

  const submit = form.handleSubmit(async ({ amountCents }) => {
    await save(async () => {
      const s = await refund.mutateAsync({ saleId: sale.id, amountCents });
      onDone(
        `Refunded sale ${s.id} (${sale.track.title}): ${formatCents(s.refundedCents, s.currency)} of ${formatCents(s.amountCents, s.currency)} refunded in total; status ${s.status.toLowerCase()}.`,
      );
      router.refresh();
    });
  });

  return (
    <form
      onSubmit={submit}
      noValidate
      className="flex flex-wrap items-end gap-3"
      aria-label={`Refund sale ${sale.id}`}
    >
      <div className="w-64">
        <Field
          id={id}
          label="Amount to refund (USD)"
          error={fieldError}
          hint={`Leave empty to refund the remaining ${formatCents(remaining, sale.currency)} in full.`}
        >
          <Input
            id={id}
            inputMode="decimal"
            placeholder={(remaining / 100).toFixed(2)}
            {...form.register("amount")}
            invalid={!!fieldError}
          />
        </Field>
      </div>
      <Button type="submit" variant="danger" pending={pending}>
        {pending
          ? "Refunding…"
          : !amount.trim()
            ? `Refund in full (${formatCents(remaining, sale.currency)})`
            : typed != null
              ? `Refund ${formatCents(typed, sale.currency)}`
              : "Refund"}
      </Button>
      <Button type="button" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
      <Alert className="w-full">{failure}</Alert>
    </form>
  );
}

/** Whether an admin can refund this sale here (completed, paid through the processor, not all refunded, not disputed). */
const canRefund = (s: AdminSaleRow) =>
  s.status === "COMPLETED" &&
  s.refundable &&
  s.amountCents > s.refundedCents &&
  s.disputedCents === 0;

/** The sales table's columns; the last one opens the row's refund form (`open` is that row's id). */
function salesColumns(
  open: string | null,
  setOpen: (id: string | null) => void,
): DataTableColumn<AdminSaleRow>[] {
  return [
    {
      id: "createdAt",
      accessorFn: (s) => s.createdAt,
      header: "Date (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row }) => formatUtc(row.original.createdAt),
    },
    {
      id: "sale",
      accessorFn: (s) => s.track.title,
      header: "Sale",
      cell: ({ row: { original: s } }) => (
        <>
          <div className="font-medium">
            {s.track.title}{" "}
            <span className="font-normal text-zinc-500">· {s.track.artistName}</span>
          </div>
          <div className="text-xs text-zinc-500">{s.buyerEmail}</div>
        </>
      ),
    },
    {
      id: "status",
      accessorFn: (s) => s.status,
      header: "Status",
      cell: ({ row: { original: s } }) => (
        <div className="flex flex-col items-start gap-1" data-testid="sale-status">
          <Badge tone={tone[s.status]}>
            {s.status.charAt(0) + s.status.slice(1).toLowerCase()}
          </Badge>
          {s.status === "COMPLETED" && s.refundedCents > 0 ? (
            <Badge tone="amber">Part refunded</Badge>
          ) : null}
          {s.disputedCents > 0 ? <Badge tone="red">Disputed</Badge> : null}
        </div>
      ),
    },
    {
      id: "amountCents",
      accessorFn: (s) => s.amountCents,
      header: "Amount",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: s } }) => formatCents(s.amountCents, s.currency),
    },
    {
      id: "refundedCents",
      accessorFn: (s) => s.refundedCents + s.disputedCents,
      header: "Refunded",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: s } }) => (
        <div data-testid="sale-refunded">
          {s.refundedCents ? (
            <span className="text-red-700">{formatCents(s.refundedCents, s.currency)}</span>
          ) : (
            "—"
          )}
          {s.disputedCents ? (
            <div className="text-xs text-red-700">
              {formatCents(s.disputedCents, s.currency)} disputed
            </div>
          ) : null}
        </div>
      ),
    },
    {
      id: "split",
      header: "Split",
      enableSorting: false,
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: s } }) => (
        <div className="text-xs text-zinc-600">
          <div>Fee {formatCents(s.platformFeeCents, s.currency)}</div>
          <div>Artist {formatCents(s.artistCents, s.currency)}</div>
          <div>Commission {formatCents(s.commissionCents, s.currency)}</div>
        </div>
      ),
    },
    {
      id: "promoter",
      accessorFn: (s) => s.promoter ?? "",
      header: "Promoter",
      meta: { nowrap: true },
      cell: ({ row }) => row.original.promoter ?? "—",
    },
    actionsColumn((s) =>
      canRefund(s) ? (
        <Button
          variant="secondary"
          size="sm"
          aria-expanded={open === s.id}
          aria-controls={`refund-row-${s.id}`}
          onClick={() => setOpen(open === s.id ? null : s.id)}
        >
          Refund
        </Button>
      ) : s.status === "COMPLETED" && !s.refundable ? (
        <span className="text-xs text-zinc-500">No payment to refund (demo data)</span>
      ) : null,
    ),
  ];
}

/** Every sale with its split, refunds and disputes; completed sales can be refunded in full or in part. */
export function AdminSales({ rows }: { rows: AdminSaleRow[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const columns = useMemo(() => salesColumns(open, setOpen), [open]);
  if (!rows.length) return <EmptyState title="No sales here" />;
  return (
    <div className="space-y-3">
      <ActionResult message={message} testId="refund-result" />
      <DataTable
        label="Sales"
        columns={columns}
        data={rows}
        getRowId={(s) => s.id}
        testId="admin-sales"
        rowAttributes={(s) => ({ "data-testid": `sale-row-${s.id}`, "data-buyer": s.buyerEmail })}
        expansion={(s) =>
          open === s.id
            ? {
                id: `refund-row-${s.id}`,
                content: (
                  <RefundForm
                    sale={s}
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
    </div>
  );
}
