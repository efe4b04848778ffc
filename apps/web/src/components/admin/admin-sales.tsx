"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { Fragment, useState } from "react";

import { Badge, Button, EmptyState, Field, Input } from "@fanfare/ui";
import { formatCents, parseDollarsToCents } from "@fanfare/validators/money";

import { formatUtc } from "~/lib/format";
import { fieldErrorsOf } from "~/lib/trpc-errors";
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
  const [amount, setAmount] = useState("");
  const [localError, setLocalError] = useState<string | null>(null);
  const refund = useMutation(
    trpc.admin.refundSale.mutationOptions({
      onSuccess: (s) => {
        onDone(
          `Refunded sale ${s.id} (${sale.track.title}): ${formatCents(s.refundedCents, s.currency)} of ${formatCents(s.amountCents, s.currency)} refunded in total; status ${s.status.toLowerCase()}.`,
        );
        router.refresh();
      },
    }),
  );
  const fe = fieldErrorsOf(refund.error);
  const fieldError = localError ?? fe.amountCents;
  const id = `refund-amount-${sale.id}`;
  const typed = amount.trim() ? parseDollarsToCents(amount) : null;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setLocalError(null);
    if (!amount.trim()) return refund.mutate({ saleId: sale.id });
    const cents = parseDollarsToCents(amount);
    if (cents == null) return setLocalError("Enter an amount in dollars, like 1.50.");
    if (cents <= 0) return setLocalError("Enter an amount above $0.00.");
    if (cents > remaining)
      return setLocalError(`At most ${formatCents(remaining, sale.currency)} is left to refund.`);
    refund.mutate({ saleId: sale.id, amountCents: cents });
  };

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
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            invalid={!!fieldError}
          />
        </Field>
      </div>
      <Button type="submit" variant="danger" pending={refund.isPending}>
        {refund.isPending
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
      {refund.error && !fe.amountCents ? (
        <p role="alert" className="w-full text-sm text-red-600">
          {refund.error.message}
        </p>
      ) : null}
    </form>
  );
}

/** Every sale with its split, refunds and disputes; completed sales can be refunded in full or in part. */
export function AdminSales({ rows }: { rows: AdminSaleRow[] }) {
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  if (!rows.length) return <EmptyState title="No sales here" />;
  return (
    <div className="space-y-3">
      <p
        role="status"
        className={message ? "rounded-lg bg-green-50 p-3 text-sm text-green-800" : "sr-only"}
        data-testid="refund-result"
      >
        {message}
      </p>
      <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-zinc-200">
        <table className="min-w-full text-sm" data-testid="admin-sales">
          <thead className="bg-zinc-50 text-left text-zinc-600">
            <tr>
              <th className="px-3 py-2">Date (UTC)</th>
              <th className="px-3 py-2">Sale</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2 text-right">Amount</th>
              <th className="px-3 py-2 text-right">Refunded</th>
              <th className="px-3 py-2 text-right">Split</th>
              <th className="px-3 py-2">Promoter</th>
              <th className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {rows.map((s) => {
              const remaining = s.amountCents - s.refundedCents;
              const canRefund =
                s.status === "COMPLETED" && s.refundable && remaining > 0 && s.disputedCents === 0;
              const formId = `refund-row-${s.id}`;
              return (
                <Fragment key={s.id}>
                  <tr data-testid={`sale-row-${s.id}`} data-buyer={s.buyerEmail}>
                    <td className="px-3 py-2 whitespace-nowrap">{formatUtc(s.createdAt)}</td>
                    <td className="px-3 py-2">
                      <div className="font-medium">
                        {s.track.title}{" "}
                        <span className="font-normal text-zinc-500">· {s.track.artistName}</span>
                      </div>
                      <div className="text-xs text-zinc-500">{s.buyerEmail}</div>
                    </td>
                    <td className="px-3 py-2" data-testid="sale-status">
                      <div className="flex flex-col items-start gap-1">
                        <Badge tone={tone[s.status]}>
                          {s.status.charAt(0) + s.status.slice(1).toLowerCase()}
                        </Badge>
                        {s.status === "COMPLETED" && s.refundedCents > 0 ? (
                          <Badge tone="amber">Part refunded</Badge>
                        ) : null}
                        {s.disputedCents > 0 ? <Badge tone="red">Disputed</Badge> : null}
                      </div>
                    </td>
                    <td className="px-3 py-2 text-right whitespace-nowrap">
                      {formatCents(s.amountCents, s.currency)}
                    </td>
                    <td
                      className="px-3 py-2 text-right whitespace-nowrap"
                      data-testid="sale-refunded"
                    >
                      {s.refundedCents ? (
                        <span className="text-red-700">
                          {formatCents(s.refundedCents, s.currency)}
                        </span>
                      ) : (
                        "—"
                      )}
                      {s.disputedCents ? (
                        <div className="text-xs text-red-700">
                          {formatCents(s.disputedCents, s.currency)} disputed
                        </div>
                      ) : null}
                    </td>
                    <td className="px-3 py-2 text-right text-xs whitespace-nowrap text-zinc-600">
                      <div>Fee {formatCents(s.platformFeeCents, s.currency)}</div>
                      <div>Artist {formatCents(s.artistCents, s.currency)}</div>
                      <div>Commission {formatCents(s.commissionCents, s.currency)}</div>
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">{s.promoter ?? "—"}</td>
                    <td className="px-3 py-2 text-right">
                      {canRefund ? (
                        <Button
                          variant="secondary"
                          className="px-2 py-1"
                          aria-expanded={open === s.id}
                          aria-controls={formId}
                          onClick={() => setOpen(open === s.id ? null : s.id)}
                        >
                          Refund
                        </Button>
                      ) : s.status === "COMPLETED" && !s.refundable ? (
                        <span className="text-xs text-zinc-500">
                          No payment to refund (demo data)
                        </span>
                      ) : null}
                    </td>
                  </tr>
                  {open === s.id ? (
                    <tr id={formId} className="bg-zinc-50">
                      <td colSpan={8} className="px-3 py-3">
                        <RefundForm
                          sale={s}
                          onCancel={() => setOpen(null)}
                          onDone={(m) => {
                            setMessage(m);
                            setOpen(null);
                          }}
                        />
                      </td>
                    </tr>
                  ) : null}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
