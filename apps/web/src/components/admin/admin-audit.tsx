"use client";

import { useInfiniteQuery } from "@tanstack/react-query";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Card, EmptyState, Loading } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { DataTable } from "@fanfare/ui/data-table";

import { LoadMore } from "./admin-list";
import { formatAuditState, formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type AuditRow = RouterOutputs["admin"]["audit"]["list"]["items"][number];

const columns: DataTableColumn<AuditRow>[] = [
  {
    id: "createdAt",
    accessorFn: (a) => a.createdAt,
    header: "When (UTC)",
    sortFn: "datetime",
    cell: ({ row }) => formatUtc(row.original.createdAt),
    meta: { nowrap: true },
  },
  {
    id: "actor",
    accessorFn: (a) => a.actor?.name ?? a.actor?.email ?? "system",
    header: "Who",
    cell: ({ row: { original: a } }) =>
      a.actor ? (
        <span>
          <span className="font-medium">{a.actor.name ?? a.actor.email}</span>
          {a.actor.name ? (
            <span className="block text-xs text-zinc-500">{a.actor.email}</span>
          ) : null}
        </span>
      ) : (
        "System"
      ),
  },
  { id: "action", accessorFn: (a) => a.action, header: "Action" },
  {
    id: "subject",
    accessorFn: (a) => `${a.subjectType} ${a.subjectId}`,
    header: "Subject",
    cell: ({ row: { original: a } }) => (
      <span>
        <span className="text-xs text-zinc-500">{a.subjectType}</span>{" "}
        <code className="text-xs">{a.subjectId}</code>
      </span>
    ),
  },
  {
    id: "before",
    accessorFn: (a) => formatAuditState(a.before),
    header: "Before",
    enableSorting: false,
  },
  {
    id: "after",
    accessorFn: (a) => formatAuditState(a.after),
    header: "After",
    enableSorting: false,
  },
];

/** The audit log of admin actions, newest first, 50 at a time. */
export function AdminAudit() {
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.admin.audit.list.infiniteQueryOptions(
      { limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card>
      <section aria-labelledby="audit-h" className="space-y-4">
        <div>
          <h2 id="audit-h" className="text-lg font-semibold">
            Audit log
          </h2>
          <p className="text-sm text-zinc-600">
            Every admin action, with who did it and the state before and after.
          </p>
        </div>
        {log.error ? <Alert>{log.error.message}</Alert> : null}
        {log.isPending ? (
          <Loading />
        ) : rows.length === 0 ? (
          <EmptyState title="No admin actions yet" />
        ) : (
          <DataTable
            label="Audit log"
            columns={columns}
            data={rows}
            getRowId={(a) => a.id}
            rowTestId="audit-row"
          />
        )}
        <LoadMore list={log} />
      </section>
    </Card>
  );
}
