"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import {
  Badge,
  Button,
  Card,
  EmptyState,
  Field,
  Input,
  Loading,
  pillVariants,
  Select,
} from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import type { PromoterStatusName } from "@fanfare/validators";
import { PROMOTER_STATUSES, PROMOTER_STATUS_TRANSITIONS } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { ActionResult, LoadMore } from "./admin-list";
import { ReasonForm } from "./reason-form";
import { formatUtc, humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type PromoterRow = RouterOutputs["admin"]["promoters"]["list"]["items"][number];
type Target = Exclude<PromoterStatusName, "PENDING">;
/**
 * A row's action: a new status, holding the pending commissions for review, or deciding an
 * application (approve: PENDING → ACTIVE; reject: stays PENDING and may apply again).
 */
type Action = Target | "HOLD" | "APPROVE" | "REJECT";

const tone = { PENDING: "amber", ACTIVE: "green", SUSPENDED: "red", TERMINATED: "zinc" } as const;

/** The button that leads to each status, by where the promoter stands now. */
function actionLabel(to: Action): string {
  switch (to) {
    case "HOLD":
      return "Hold commissions";
    case "APPROVE":
      return "Approve";
    case "REJECT":
      return "Reject";
    case "ACTIVE":
      return "Reinstate";
    case "SUSPENDED":
      return "Suspend";
    case "TERMINATED":
      return "Terminate";
  }
}

/**
 * What an admin may do to a promoter, from the one transition table: a PENDING promoter's move
 * to ACTIVE is the approval, a waiting application can be rejected, an ACTIVE one held.
 */
function actionsFor(p: PromoterRow): Action[] {
  const moves = PROMOTER_STATUS_TRANSITIONS[p.status].map((to): Action =>
    p.status === "PENDING" && to === "ACTIVE" ? "APPROVE" : (to as Target),
  );
  if (p.status === "PENDING" && p.appliedAt) moves.splice(1, 0, "REJECT");
  if (p.status === "ACTIVE") moves.push("HOLD");
  return moves;
}

/** What each change does, said before the admin confirms it. */
const CONSEQUENCES: Record<Action, string> = {
  APPROVE:
    "They get links at once: their clicks count and their sales earn commission. They read your note by email.",
  REJECT:
    "They stay awaiting approval, with no links. They read your reason by email and on their dashboard and may send a new application; to shut them out for good, terminate instead.",
  HOLD: "Every pending commission stays pending past its holding period until you release or reject it in the fraud review. Links keep counting and attributing.",
  ACTIVE:
    "Their links count and attribute again; commissions held by the suspension continue their holding period (those already past it become payable now).",
  SUSPENDED:
    "Their links keep showing the music but count nothing and attribute nothing; pending commissions are held; payouts and new links are blocked. Reversible.",
  TERMINATED:
    "As a suspension, but final: the account cannot be reinstated. Held commissions stay held.",
};

/** One promoter's change of standing (or review hold), with the reason the promoter reads. */
function StatusForm({
  promoter,
  to,
  onDone,
  onCancel,
}: {
  promoter: PromoterRow;
  to: Action;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setStatus = useMutation(trpc.admin.promoters.setStatus.mutationOptions());
  const hold = useMutation(trpc.admin.fraud.holdPromoter.mutationOptions());
  const approve = useMutation(trpc.admin.promoters.approve.mutationOptions());
  const reject = useMutation(trpc.admin.promoters.reject.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.admin.promoters.pathKey() });
  return (
    <ReasonForm
      id={`status-${promoter.id}`}
      label={`${actionLabel(to)} ${promoter.user.email}`}
      consequence={CONSEQUENCES[to]}
      danger={to !== "ACTIVE" && to !== "HOLD" && to !== "APPROVE"}
      readerNote={
        to === "APPROVE"
          ? "the applicant reads it by email"
          : "the promoter reads it by email and on their dashboard"
      }
      run={async (reason) => {
        if (to === "APPROVE") {
          await approve.mutateAsync({ promoterId: promoter.id, reason });
          await refresh();
          return `${promoter.user.email} is approved: they can get links now.`;
        }
        if (to === "REJECT") {
          await reject.mutateAsync({ promoterId: promoter.id, reason });
          await refresh();
          return `The application of ${promoter.user.email} is rejected; they were emailed your reason and may apply again.`;
        }
        if (to === "HOLD") {
          const h = await hold.mutateAsync({ promoterId: promoter.id, reason });
          await refresh();
          return `${h.heldCommissions} pending commission(s) of ${promoter.user.email} held for review.`;
        }
        const r = await setStatus.mutateAsync({ promoterId: promoter.id, status: to, reason });
        await refresh();
        return (
          `${promoter.user.email} is now ${humanize(r.to).toLowerCase()}.` +
          (r.heldCommissions ? ` ${r.heldCommissions} pending commission(s) held.` : "") +
          (r.releasedCommissions
            ? ` ${r.releasedCommissions} held commission(s) released, ${r.settledSales} now payable.`
            : "")
        );
      }}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

function promoterColumns(
  open: { id: string; to: Action } | null,
  setOpen: (o: { id: string; to: Action } | null) => void,
): DataTableColumn<PromoterRow>[] {
  return [
    {
      id: "promoter",
      accessorFn: (p) => p.user.email,
      header: "Promoter",
      cell: ({ row: { original: p } }) => (
        <>
          <div className="font-medium">{p.displayName ?? p.user.name ?? p.user.email}</div>
          <div className="text-xs text-zinc-500">{p.user.email}</div>
        </>
      ),
    },
    {
      id: "status",
      accessorFn: (p) => p.status,
      header: "Status",
      cell: ({ row: { original: p } }) => (
        <div className="max-w-64 space-y-1" data-testid="promoter-status">
          <Badge tone={tone[p.status]}>{humanize(p.status)}</Badge>
          {p.statusReason ? <div className="text-xs text-zinc-600">{p.statusReason}</div> : null}
          {p.statusChangedAt ? (
            <div className="text-xs text-zinc-500">
              {formatUtc(p.statusChangedAt)}
              {p.statusChangedBy ? ` · ${p.statusChangedBy}` : ""}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      id: "application",
      header: "Application",
      enableSorting: false,
      cell: ({ row: { original: p } }) =>
        p.applicationPitch ? (
          <div className="max-w-80 space-y-1 text-xs" data-testid="promoter-application">
            <div className="text-zinc-500">
              {p.appliedAt
                ? `Sent ${formatUtc(p.appliedAt)}`
                : "Rejected (see the reason); not sent again yet"}
            </div>
            <p className="whitespace-pre-line text-zinc-800">
              <span className="font-medium">Why: </span>
              {p.applicationPitch}
            </p>
            <p className="whitespace-pre-line text-zinc-800">
              <span className="font-medium">Where: </span>
              {p.applicationChannels}
            </p>
          </div>
        ) : (
          "—"
        ),
    },
    {
      id: "fraudScore",
      accessorFn: (p) => p.fraudScore,
      header: "Fraud score",
      sortFn: "basic",
      meta: { align: "right" },
      cell: ({ row: { original: p } }) => (
        <span
          data-testid="promoter-score"
          className={p.fraudScore >= 40 ? "font-semibold text-red-700" : undefined}
        >
          {p.fraudScore}
        </span>
      ),
    },
    {
      id: "clickCount",
      accessorFn: (p) => p.clickCount,
      header: "Clicks",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "salesCount",
      accessorFn: (p) => p.salesCount,
      header: "Sales",
      sortFn: "basic",
      meta: { align: "right" },
    },
    {
      id: "earningsCents",
      accessorFn: (p) => p.earningsCents,
      header: "Earned",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row }) => formatCents(row.original.earningsCents),
    },
    {
      id: "heldCents",
      accessorFn: (p) => p.heldCents,
      header: "On hold",
      sortFn: "basic",
      meta: { align: "right", nowrap: true },
      cell: ({ row: { original: p } }) =>
        p.heldCommissions ? (
          <span className="text-amber-800">
            {formatCents(p.heldCents)}
            <span className="block text-xs">{p.heldCommissions} commission(s)</span>
          </span>
        ) : (
          "—"
        ),
    },
    {
      id: "createdAt",
      accessorFn: (p) => p.createdAt,
      header: "Joined (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row }) => formatUtc(row.original.createdAt),
    },
    actionsColumn((p) => (
      <div className="flex flex-wrap justify-end gap-1">
        {actionsFor(p).map((to) => {
          const current = open?.id === p.id && open.to === to;
          return (
            <Button
              key={to}
              size="sm"
              variant={to === "ACTIVE" || to === "APPROVE" ? "secondary" : "ghost"}
              aria-expanded={current}
              aria-controls={`status-row-${p.id}`}
              onClick={() => setOpen(current ? null : { id: p.id, to })}
            >
              {actionLabel(to)}
            </Button>
          );
        })}
      </div>
    )),
  ];
}

/**
 * The program's promoters (issue 11 §2, §6): filter by status, search by email or name, sort by
 * newest or earnings; approve, suspend, reinstate or terminate with a reason. The Applications
 * view lists the applications waiting for a decision (why, where, when) to approve or reject.
 */
export function AdminPromoters() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<PromoterStatusName | "">("");
  const [sort, setSort] = useState<"newest" | "earnings" | "score">("newest");
  const [minScore, setMinScore] = useState<number | null>(null);
  const [typed, setTyped] = useState("");
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState<{ id: string; to: Action } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // The applications waiting for a decision (issue 11 §2), oldest first, or everyone.
  const [applications, setApplications] = useState(false);
  const waiting = useQuery(trpc.admin.promoters.applicationCount.queryOptions());
  const list = useInfiniteQuery(
    trpc.admin.promoters.list.infiniteQueryOptions(
      {
        limit: 50,
        sort,
        ...(applications ? { applications: true } : status ? { status } : {}),
        ...(query ? { query } : {}),
        ...(minScore != null ? { minScore } : {}),
      },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = useMemo(() => promoterColumns(open, setOpen), [open]);
  return (
    <Card>
      <section aria-labelledby="promoters-h" className="space-y-4">
        <div>
          <h2 id="promoters-h" className="text-lg font-semibold">
            Promoters
          </h2>
          <p className="text-sm text-zinc-600">
            Everyone in the program, with their standing and what they earned. Suspending holds
            pending commissions and stops clicks, attribution and payouts at once.
          </p>
        </div>
        <div className="flex flex-wrap gap-2" role="group" aria-label="Show">
          <button
            type="button"
            aria-pressed={!applications}
            className={pillVariants({ selected: !applications })}
            onClick={() => setApplications(false)}
          >
            All promoters
          </button>
          <button
            type="button"
            aria-pressed={applications}
            className={pillVariants({ selected: applications })}
            onClick={() => setApplications(true)}
            data-testid="promoter-applications-tab"
          >
            Applications{waiting.data != null ? ` (${waiting.data})` : ""}
          </button>
        </div>
        {applications ? (
          <p className="text-sm text-zinc-600">
            People who asked to join while the program requires approval, oldest first: approve them
            (they get links at once) or reject with a reason they read by email (they may apply
            again).
          </p>
        ) : null}
        <form
          role="search"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery(typed.trim());
          }}
        >
          <div className="w-64">
            <Field id="promoter-query" label="Search email or name">
              <Input
                id="promoter-query"
                type="search"
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
              />
            </Field>
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
          {applications ? null : (
            <>
              <div className="w-44">
                <Field id="promoter-status-filter" label="Status">
                  <Select
                    id="promoter-status-filter"
                    value={status}
                    onChange={(e) => setStatus(e.target.value as PromoterStatusName | "")}
                  >
                    <option value="">All</option>
                    {PROMOTER_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {humanize(s)}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <div className="w-44">
                <Field id="promoter-sort" label="Sort by">
                  <Select
                    id="promoter-sort"
                    value={sort}
                    onChange={(e) => setSort(e.target.value as "newest" | "earnings" | "score")}
                  >
                    <option value="newest">Newest</option>
                    <option value="earnings">Earnings</option>
                    <option value="score">Fraud score</option>
                  </Select>
                </Field>
              </div>
            </>
          )}
          <div className="w-44">
            <Field id="promoter-min-score" label="Fraud score">
              <Select
                id="promoter-min-score"
                value={minScore ?? ""}
                onChange={(e) => setMinScore(e.target.value === "" ? null : Number(e.target.value))}
              >
                <option value="">Any</option>
                <option value="20">20 or more</option>
                <option value="40">40 or more (review)</option>
                <option value="60">60 or more (suspend)</option>
              </Select>
            </Field>
          </div>
        </form>
        <ActionResult message={message} testId="promoter-status-result" />
        {list.error ? <Alert>{list.error.message}</Alert> : null}
        {list.isPending ? (
          <Loading />
        ) : rows.length === 0 ? (
          <EmptyState
            title={applications ? "No applications wait for a decision" : "No promoters match"}
          />
        ) : (
          <DataTable
            label="Promoters"
            columns={columns}
            data={rows}
            getRowId={(p) => p.id}
            rowAttributes={(p) => ({
              "data-testid": `promoter-row-${p.id}`,
              "data-email": p.user.email,
            })}
            expansion={(p) =>
              open?.id === p.id
                ? {
                    id: `status-row-${p.id}`,
                    content: (
                      <StatusForm
                        key={open.to}
                        promoter={p}
                        to={open.to}
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
        <LoadMore list={list} />
      </section>
    </Card>
  );
}
