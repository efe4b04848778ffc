"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";

import type { RouterOutputs } from "@fanfare/api";
import { Badge, Button, Card, Loading } from "@fanfare/ui";
import { Alert } from "@fanfare/ui/alert";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import { formatBps } from "@fanfare/validators/money";

import { useTRPC } from "~/trpc/react";

type Contract = RouterOutputs["label"]["myContracts"]["invitations"][number];

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

/** "30% of your share of each sale, 2027-01-01 → open ended, may manage your catalog". */
function terms(c: Contract): string {
  const last = c.endsAt ? day(new Date(new Date(c.endsAt).getTime() - 1)) : "open ended";
  return `${formatBps(c.labelShareBps)} of your share of each sale, ${day(c.startsAt)} → ${last}${c.canManage ? "; the label may upload and edit your catalog" : ""}`;
}

/**
 * The artist's side of labels (issue 16 §5): open invitations with Accept and Decline, the
 * current contract (label, share, term) with End, and, with `showPast`, past contracts. On the
 * artist dashboard it shows only when there is an invitation or a contract (`compact`).
 */
export function ArtistLabelCard({
  showPast = false,
  compact = false,
}: {
  showPast?: boolean;
  compact?: boolean;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const contracts = useQuery(trpc.label.myContracts.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.label.myContracts.queryKey() });
  const accept = useMutation(trpc.label.accept.mutationOptions({ onSuccess: refresh }));
  const decline = useMutation(trpc.label.decline.mutationOptions({ onSuccess: refresh }));
  const end = useMutation(trpc.label.end.mutationOptions({ onSuccess: refresh }));
  const error = accept.error ?? decline.error ?? end.error;

  if (contracts.isPending) return compact ? null : <Loading label="Loading your contracts…" />;
  if (contracts.error) return compact ? null : <Alert>{contracts.error.message}</Alert>;
  const { invitations, current, past } = contracts.data;
  if (compact && !invitations.length && !current) return null;
  return (
    <Card className="space-y-4" data-testid="artist-label">
      <div className="flex items-center justify-between">
        <h2 className="text-lg font-semibold">Label</h2>
        {compact ? (
          <Link href="/dashboard/artist/label" className="text-sm text-brand-600">
            All contracts
          </Link>
        ) : null}
      </div>
      <Alert>{error?.message}</Alert>
      {current ? (
        <div className="space-y-2">
          <p>
            Signed to <strong>{current.label.name}</strong>: {terms(current)}.
          </p>
          <ConfirmDialog
            trigger={
              <Button variant="secondary" size="sm">
                End contract
              </Button>
            }
            title={`End your contract with ${current.label.name}?`}
            description="From now on your sales no longer pay the label a share and it can no longer manage your catalog. Sales already made keep the label's share."
            confirmLabel="End contract"
            onConfirm={() => end.mutate({ contractId: current.id })}
          />
        </div>
      ) : (
        <p className="text-sm text-zinc-600">You are not signed to a label.</p>
      )}
      {invitations.length ? (
        <ul className="space-y-3" aria-label="Invitations">
          {invitations.map((c) => (
            <li key={c.id} className="space-y-2 rounded-lg p-3 ring-1 ring-zinc-200">
              <p>
                <strong>{c.label.name}</strong> invites you: {terms(c)}.
              </p>
              <div className="flex gap-2">
                <Button
                  size="sm"
                  pending={accept.isPending}
                  onClick={() => accept.mutate({ contractId: c.id })}
                >
                  Accept
                </Button>
                <Button
                  variant="secondary"
                  size="sm"
                  pending={decline.isPending}
                  onClick={() => decline.mutate({ contractId: c.id })}
                >
                  Decline
                </Button>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {showPast && past.length ? (
        <div className="space-y-2">
          <h3 className="font-medium">Past contracts</h3>
          <ul className="space-y-1 text-sm text-zinc-600">
            {past.map((c) => (
              <li key={c.id}>
                <Badge>{c.status}</Badge> {c.label.name}: {terms(c)}
                {c.endedAt
                  ? ` (ended ${day(c.endedAt)}${c.endedByTerm ? ", end of term" : ""})`
                  : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
