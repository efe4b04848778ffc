"use client";

import { useInfiniteQuery } from "@tanstack/react-query";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Loading } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { DataTable } from "@fanfare/ui/data-table";

import { LoadMore } from "./admin-list";
import { formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type Row = RouterOutputs["webhook"]["adminList"]["items"][number];

const STATE_TONE = { active: "green", failing: "amber", disabled: "red", paused: "zinc" } as const;

/** "3 of 12 failed (25 %)", or "no attempts". */
function rate(w: { attempts: number; failed: number }): string {
  if (!w.attempts) return "no attempts";
  return `${w.failed} of ${w.attempts} failed (${Math.round((w.failed / w.attempts) * 100)} %)`;
}

const columns: DataTableColumn<Row>[] = [
  {
    id: "endpoint",
    header: "Endpoint",
    accessorFn: (r) => r.url,
    cell: ({ row: { original: r } }) => (
      <div className="min-w-0 space-y-1">
        <p className="max-w-md break-all font-mono text-xs">{r.url}</p>
        <p className="text-xs text-zinc-500">
          {r.kind === "postback" ? "Postback" : "Webhook"} · {r.events.join(", ")}
        </p>
      </div>
    ),
  },
  {
    id: "owner",
    header: "Owner",
    accessorFn: (r) => r.owner.email,
    cell: ({ row: { original: r } }) => (
      <span className="break-all text-sm">
        {r.owner.name ? `${r.owner.name} · ` : ""}
        {r.owner.email}
      </span>
    ),
  },
  {
    id: "state",
    header: "State",
    accessorFn: (r) => r.state,
    cell: ({ row: { original: r } }) => (
      <div className="space-y-1">
        <Badge tone={STATE_TONE[r.state]}>{r.state}</Badge>
        {r.state === "disabled" ? (
          <p className="text-xs text-zinc-600">
            {r.disabledAt ? `${formatUtc(r.disabledAt)} UTC: ` : ""}
            {r.disabledReason}
          </p>
        ) : r.failingSince ? (
          <p className="text-xs text-zinc-600">failing since {formatUtc(r.failingSince)} UTC</p>
        ) : null}
      </div>
    ),
  },
  {
    id: "day",
    header: "Last 24 h",
    accessorFn: (r) => (r.day.attempts ? r.day.failed / r.day.attempts : 0),
    cell: ({ row: { original: r } }) => rate(r.day),
  },
  {
    id: "week",
    header: "Last 7 days",
    accessorFn: (r) => (r.week.attempts ? r.week.failed / r.week.attempts : 0),
    cell: ({ row: { original: r } }) => rate(r.week),
  },
  {
    id: "created",
    header: "Created (UTC)",
    accessorFn: (r) => r.createdAt,
    cell: ({ row: { original: r } }) => formatUtc(r.createdAt),
    meta: { nowrap: true },
  },
];

/**
 * `/admin/webhooks` (issue 15 §4): every user's endpoints with their owner and failure rates
 * (failed attempts over attempts, last 24 hours and 7 days), disabled ones first, then failing.
 */
export function AdminWebhooks() {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.webhook.adminList.infiniteQueryOptions(
      { limit: 50 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="webhooks-h" className="space-y-3">
      <div>
        <h2 id="webhooks-h" className="text-lg font-semibold">
          Webhook endpoints
        </h2>
        <p className="text-sm text-zinc-600">
          Every user&apos;s webhooks and postbacks. Disabled endpoints (3 days of failures, or
          turned off by their owner) come first, then failing ones.
        </p>
      </div>
      {list.error ? (
        <Alert>{list.error.message}</Alert>
      ) : list.isPending ? (
        <Loading label="Loading endpoints…" />
      ) : (
        <DataTable
          columns={columns}
          data={rows}
          label="Webhook endpoints"
          getRowId={(r) => r.id}
          testId="admin-webhooks"
          rowTestId="admin-webhook"
          sortable={false}
          empty="No user has a webhook endpoint yet."
        />
      )}
      <LoadMore list={list} />
    </section>
  );
}
