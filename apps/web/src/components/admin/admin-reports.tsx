"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Loading } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import type { PromoterReportStatusName } from "@fanfare/validators";
import { PROMOTER_REPORT_REASON_LABELS } from "@fanfare/validators";

import { ActionResult, LoadMore, StatusTabs } from "./admin-list";
import { ReasonForm } from "./reason-form";
import { formatUtc, humanize, plural } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type ReportRow = RouterOutputs["admin"]["reports"]["list"]["items"][number];
type Outcome = "RESOLVED" | "DISMISSED";
type Filter = PromoterReportStatusName | "ALL";

const FILTERS: { value: Filter; label: string }[] = [
  { value: "OPEN", label: "Open" },
  { value: "RESOLVED", label: "Resolved" },
  { value: "DISMISSED", label: "Dismissed" },
  { value: "ALL", label: "All" },
];

const STATUS_TONE = { OPEN: "amber", RESOLVED: "green", DISMISSED: "zinc" } as const;

/** What closing a report does, said before the admin confirms. */
const CONSEQUENCES: Record<Outcome, string> = {
  RESOLVED:
    "Closes the report as acted on. Act on the promoter first if needed (suspend them on Promoters, disable the link on their person page): closing does neither.",
  DISMISSED: "Closes the report with nothing to act on. Final: a closed report cannot be reopened.",
};

/** Resolve or dismiss one open report, with the admin's note. */
function CloseForm({
  row,
  outcome,
  onDone,
  onCancel,
}: {
  row: ReportRow;
  outcome: Outcome;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resolve = useMutation(trpc.admin.reports.resolve.mutationOptions());
  const verb = outcome === "RESOLVED" ? "Resolve" : "Dismiss";
  return (
    <ReasonForm
      id={`close-${row.id}`}
      label={`${verb} the report on ${row.promoter.label}`}
      consequence={CONSEQUENCES[outcome]}
      readerNote="kept on the report and in the audit log; neither the reporter nor the promoter sees it"
      run={async (note) => {
        await resolve.mutateAsync({ reportId: row.id, outcome, note });
        await queryClient.invalidateQueries({ queryKey: trpc.admin.reports.list.pathKey() });
        return `Report on ${row.promoter.label} ${outcome === "RESOLVED" ? "resolved" : "dismissed"}.`;
      }}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

function reportColumns(
  open: { id: string; outcome: Outcome } | null,
  setOpen: (o: { id: string; outcome: Outcome } | null) => void,
): DataTableColumn<ReportRow>[] {
  return [
    {
      id: "createdAt",
      accessorFn: (r) => r.createdAt,
      header: "Sent (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row: { original: r } }) => (
        <>
          <div>{formatUtc(r.createdAt)}</div>
          <Badge tone={STATUS_TONE[r.status]}>{humanize(r.status)}</Badge>{" "}
          <span className="text-xs text-zinc-500">
            from {r.source === "email" ? "an email" : "a track page"}
          </span>
        </>
      ),
    },
    {
      id: "report",
      accessorFn: (r) => r.reason,
      header: "Report",
      cell: ({ row: { original: r } }) => (
        <div className="max-w-md space-y-1">
          <div className="font-medium">{PROMOTER_REPORT_REASON_LABELS[r.reason]}</div>
          {r.details ? (
            <p className="text-sm break-words whitespace-pre-line text-zinc-700">{r.details}</p>
          ) : (
            <p className="text-xs text-zinc-500">No details given.</p>
          )}
          <div className="text-xs text-zinc-500">
            Contact:{" "}
            {r.contactEmail ? (
              <a href={`mailto:${r.contactEmail}`} className="text-brand-700 underline">
                {r.contactEmail}
              </a>
            ) : (
              "none given"
            )}
          </div>
          {r.status !== "OPEN" ? (
            <div className="text-xs text-zinc-600" data-testid={`report-resolution-${r.id}`}>
              {humanize(r.status)} {r.resolvedAt ? `${formatUtc(r.resolvedAt)} UTC` : ""}
              {r.resolvedBy ? ` by ${r.resolvedBy.email}` : ""}: {r.resolution}
            </div>
          ) : null}
        </div>
      ),
    },
    {
      id: "promoter",
      accessorFn: (r) => r.promoter.label,
      header: "Promoter",
      cell: ({ row: { original: r } }) => (
        <>
          <Link
            href={`/admin/people/${r.promoter.userId}`}
            className="font-medium text-brand-700 underline"
          >
            {r.promoter.label}
          </Link>
          <div className="text-xs text-zinc-500">{r.promoter.email}</div>
          <div className="text-xs text-zinc-500">
            {humanize(r.promoter.status)} · {plural(r.promoter.openReports, "open report")}
          </div>
        </>
      ),
    },
    {
      id: "link",
      accessorFn: (r) => r.track?.title ?? "",
      header: "Link and track",
      cell: ({ row: { original: r } }) =>
        r.link || r.track ? (
          <>
            {r.link ? (
              <code className="text-xs">
                ?ref={r.link.code}
                {r.link.disabled ? " (disabled)" : ""}
              </code>
            ) : null}
            {r.track ? (
              <div>
                <Link href={`/t/${r.track.slug}`} className="text-brand-700 underline">
                  {r.track.title}
                </Link>
              </div>
            ) : null}
          </>
        ) : (
          <span className="text-xs text-zinc-500">Named the promoter directly</span>
        ),
    },
    actionsColumn((r) =>
      r.status === "OPEN" ? (
        <div className="flex flex-wrap justify-end gap-1">
          {(["RESOLVED", "DISMISSED"] as const).map((o) => {
            const current = open?.id === r.id && open.outcome === o;
            return (
              <Button
                key={o}
                size="sm"
                variant={o === "RESOLVED" ? "secondary" : "ghost"}
                aria-expanded={current}
                aria-controls={`close-row-${r.id}`}
                onClick={() => setOpen(current ? null : { id: r.id, outcome: o })}
              >
                {o === "RESOLVED" ? "Resolve" : "Dismiss"}
              </Button>
            );
          })}
        </div>
      ) : null,
    ),
  ];
}

/** One status's reports, newest first, a page at a time. */
function ReportList({
  filter,
  onMessage,
}: {
  filter: Filter;
  onMessage: (message: string) => void;
}) {
  const trpc = useTRPC();
  const [open, setOpen] = useState<{ id: string; outcome: Outcome } | null>(null);
  const list = useInfiniteQuery(
    trpc.admin.reports.list.infiniteQueryOptions(
      { limit: 50, status: filter === "ALL" ? undefined : filter },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns = useMemo(() => reportColumns(open, setOpen), [open]);
  if (list.error) return <Alert>{list.error.message}</Alert>;
  if (list.isPending) return <Loading label="Loading reports…" />;
  if (rows.length === 0)
    return (
      <EmptyState title={filter === "OPEN" ? "No open reports" : "No reports here"}>
        {filter === "OPEN"
          ? "Reports from visitors appear here as they come in."
          : "Nothing has been closed this way yet."}
      </EmptyState>
    );
  return (
    <>
      <DataTable
        label="Promoter reports"
        testId="reports"
        columns={columns}
        data={rows}
        getRowId={(r) => r.id}
        rowAttributes={(r) => ({
          "data-testid": `report-row-${r.id}`,
          "data-promoter": r.promoter.email,
        })}
        expansion={(r) =>
          open?.id === r.id
            ? {
                id: `close-row-${r.id}`,
                content: (
                  <CloseForm
                    key={open.outcome}
                    row={r}
                    outcome={open.outcome}
                    onCancel={() => setOpen(null)}
                    onDone={(m) => {
                      onMessage(m);
                      setOpen(null);
                    }}
                  />
                ),
              }
            : null
        }
      />
      <LoadMore list={list} />
    </>
  );
}

/**
 * The reports queue (issue 11 §2, §6): what visitors reported about promoters, by status. Each
 * row links to the promoter's person page (where their links can be disabled) and closes with a
 * note: resolved when acted on, dismissed when there is nothing to do.
 */
export function AdminReports() {
  const [filter, setFilter] = useState<Filter>("OPEN");
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Card>
      <section aria-labelledby="reports-h" className="space-y-4">
        <div>
          <h2 id="reports-h" className="text-lg font-semibold">
            Promoter reports
          </h2>
          <p className="text-sm text-zinc-600">
            Sent by visitors from track pages reached through a promoter&apos;s link and from
            receipts. Act on the promoter from their person page or on Promoters, then resolve the
            report; dismiss it when there is nothing to act on.
          </p>
        </div>
        <ActionResult message={message} testId="report-result" />
        <StatusTabs
          label="Report status"
          filters={FILTERS}
          value={filter}
          onChange={setFilter}
          render={(value) => <ReportList filter={value} onMessage={setMessage} />}
        />
      </section>
    </Card>
  );
}
