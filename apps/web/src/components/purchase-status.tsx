"use client";

import { useMutation, useQuery } from "@tanstack/react-query";

import { Badge, Card } from "@fanfare/ui";
import { formatCents } from "@fanfare/validators/money";

import { useTRPC } from "~/trpc/react";

/** Polls the purchase until the payment is confirmed, then shows the download link. */
export function PurchaseStatus({ token }: { token: string }) {
  const trpc = useTRPC();
  const resend = useMutation(trpc.buyer.resendReceipt.mutationOptions());
  const q = useQuery({
    ...trpc.buyer.purchaseStatus.queryOptions({ token }),
    refetchInterval: (query) => (query.state.data?.status === "PENDING" ? 1500 : false),
  });
  if (q.isPending) return <p className="text-zinc-600">Loading your purchase…</p>;
  if (q.error)
    return (
      <p role="alert" className="text-red-600">
        {q.error.message}
      </p>
    );
  const p = q.data;
  return (
    <Card className="max-w-xl space-y-4">
      <div className="flex items-center justify-between">
        <div>
          <p className="font-semibold">{p.track.title}</p>
          <p className="text-sm text-zinc-600">by {p.track.artist.name}</p>
        </div>
        <p className="font-semibold">{formatCents(p.amountCents, p.currency)}</p>
      </div>
      {p.status === "PENDING" ? (
        <p aria-live="polite" className="text-zinc-700">
          Confirming your payment… this page updates by itself.
        </p>
      ) : p.status === "COMPLETED" ? (
        <div className="space-y-3" aria-live="polite">
          <Badge tone="green">Paid</Badge>
          {p.canDownload ? (
            <a
              href={p.downloadPath}
              className="block rounded-lg bg-brand-600 px-4 py-3 text-center font-semibold text-white hover:bg-brand-700"
              data-testid="download-link"
            >
              Download the master
            </a>
          ) : (
            <p className="text-zinc-700">This link has no downloads left or has expired.</p>
          )}
          <p className="text-sm text-zinc-600">
            {p.downloadsRemaining} of {p.downloadLimit} downloads left
            {p.expiresAt ? `, until ${new Date(p.expiresAt).toUTCString()}` : ""}. Keep this page's
            address: it is your receipt ({p.buyerEmail}).
          </p>
          <div className="flex items-center gap-3 text-sm">
            <button
              type="button"
              className="font-medium text-brand-600 disabled:opacity-60"
              disabled={resend.isPending}
              onClick={() => resend.mutate({ token })}
            >
              Email me the link again
            </button>
            <span aria-live="polite" className={resend.error ? "text-red-600" : "text-zinc-600"}>
              {resend.isSuccess
                ? `Sent to ${resend.data.sentTo}.`
                : resend.error
                  ? resend.error.message
                  : ""}
            </span>
          </div>
        </div>
      ) : (
        <p className="text-zinc-700">This purchase is {p.status.toLowerCase()}.</p>
      )}
    </Card>
  );
}
