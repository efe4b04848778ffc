"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, EmptyState, Field, Loading, Select } from "@fanfare/ui";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";

import { LoadMore } from "./admin-list";
import { formatUtc, humanize } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

const JOB_STATES = ["created", "retry", "active", "completed", "failed", "cancelled"] as const;
const EMAIL_STATUSES = ["QUEUED", "SENDING", "SENT", "FAILED", "DEAD"] as const;
const emailTone = {
  QUEUED: "amber",
  SENDING: "amber",
  SENT: "green",
  FAILED: "red",
  DEAD: "red",
} as const;

type QueueRow = RouterOutputs["jobs"]["overview"]["queues"][number];

/** A queue's name and purpose, then its jobs counted by state (failed ones in red). */
const queueColumns: DataTableColumn<QueueRow>[] = [
  {
    id: "queue",
    accessorFn: (q) => q.name,
    header: "Queue",
    cell: ({ row: { original: q } }) => (
      <>
        <code className="text-xs font-semibold">{q.name}</code>
        {q.description ? <p className="text-xs text-zinc-500">{q.description}</p> : null}
      </>
    ),
  },
  ...JOB_STATES.map((s): DataTableColumn<QueueRow> => ({
    id: s,
    accessorFn: (q) => q.counts[s],
    header: humanize(s),
    sortFn: "basic",
    meta: { align: "right" },
    cell: ({ row: { original: q } }) => (
      <span
        className={`tabular-nums ${s === "failed" && q.counts[s] ? "font-semibold text-red-700" : ""}`}
      >
        {q.counts[s]}
      </span>
    ),
  })),
];

/**
 * The background jobs: each queue with its jobs counted by state, failed jobs with their error
 * and a Retry, and the email outbox with its dead messages and a Retry for each.
 */
export function AdminJobs() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const overview = useQuery({ ...trpc.jobs.overview.queryOptions(), refetchInterval: 5000 });
  const refresh = () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: trpc.jobs.overview.queryKey() }),
      qc.invalidateQueries({ queryKey: trpc.jobs.failed.pathKey() }),
    ]);

  return (
    <div className="space-y-8">
      <section aria-labelledby="queues-h" className="space-y-3">
        <h2 id="queues-h" className="text-lg font-semibold">
          Queues
        </h2>
        {overview.isPending ? (
          <Loading label="Loading queues…" />
        ) : overview.error ? (
          <Alert>{overview.error.message}</Alert>
        ) : (
          <>
            {!overview.data.installed ? (
              <p role="status" className="text-sm text-amber-800">
                No job runner has started on this database yet: start the web app without
                WORKERS=off, or run <code>pnpm worker</code>.
              </p>
            ) : null}
            <DataTable
              label="Queues"
              columns={queueColumns}
              data={overview.data.queues}
              getRowId={(q) => q.name}
              testId="admin-queues"
              rowTestId="admin-queue-row"
            />
          </>
        )}
      </section>

      <FailedJobs queues={overview.data?.queues.map((q) => q.name) ?? []} onRetried={refresh} />

      <section aria-labelledby="outbox-h" className="space-y-3">
        <h2 id="outbox-h" className="text-lg font-semibold">
          Email outbox
        </h2>
        {overview.data ? (
          <>
            <dl className="flex flex-wrap gap-2" data-testid="email-counts">
              {EMAIL_STATUSES.map((s) => (
                <div key={s} className="flex items-center gap-1">
                  <dt>
                    <Badge tone={emailTone[s]}>{humanize(s)}</Badge>
                  </dt>
                  <dd className="text-sm tabular-nums">{overview.data.emails.counts[s]}</dd>
                </div>
              ))}
            </dl>
            <DeadEmails emails={overview.data.emails.dead} onRetried={refresh} />
          </>
        ) : null}
      </section>
    </div>
  );
}

type FailedJob = RouterOutputs["jobs"]["failed"]["items"][number];

/** Failed jobs: when, which queue and job, the error, retries, and a Retry button. */
function failedJobColumns(
  onRetry: (j: FailedJob) => void,
  retrying: (j: FailedJob) => boolean,
): DataTableColumn<FailedJob>[] {
  return [
    {
      id: "failed",
      accessorFn: (j) => (j.completedOn ? new Date(j.completedOn) : new Date(0)),
      header: "Failed (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row: { original: j } }) => (j.completedOn ? formatUtc(j.completedOn) : "—"),
    },
    {
      id: "queue",
      accessorFn: (j) => j.queue,
      header: "Queue",
      cell: ({ row: { original: j } }) => (
        <>
          <code className="text-xs">{j.queue}</code>
          <br />
          <code className="text-xs text-zinc-500">{j.id}</code>
        </>
      ),
    },
    {
      id: "error",
      header: "Error",
      enableSorting: false,
      cell: ({ row: { original: j } }) => (
        <span className="block max-w-xl break-words text-red-700">{j.error}</span>
      ),
    },
    {
      id: "retries",
      accessorFn: (j) => j.retryCount,
      header: "Retries",
      sortFn: "basic",
      meta: { align: "right" },
      cell: ({ row: { original: j } }) => <span className="tabular-nums">{j.retryCount}</span>,
    },
    actionsColumn((j) => (
      <Button variant="secondary" onClick={() => onRetry(j)} pending={retrying(j)}>
        Retry
      </Button>
    )),
  ];
}

function FailedJobs({
  queues,
  onRetried,
}: {
  queues: string[];
  onRetried: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const [queue, setQueue] = useState("");
  const failed = useInfiniteQuery(
    trpc.jobs.failed.infiniteQueryOptions(
      { queue: queue || undefined, limit: 20 },
      { getNextPageParam: (last) => last.nextCursor ?? undefined },
    ),
  );
  const retry = useMutation(trpc.jobs.retry.mutationOptions({ onSuccess: onRetried }));
  const items = failed.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="failed-h" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="failed-h" className="text-lg font-semibold">
          Failed jobs
        </h2>
        <div className="w-56">
          <Field id="failed-queue" label="Queue">
            <Select id="failed-queue" value={queue} onChange={(e) => setQueue(e.target.value)}>
              <option value="">All queues</option>
              {queues.map((q) => (
                <option key={q} value={q}>
                  {q}
                </option>
              ))}
            </Select>
          </Field>
        </div>
      </div>
      {retry.error ? <Alert>{retry.error.message}</Alert> : null}
      {failed.isPending ? (
        <Loading label="Loading failed jobs…" />
      ) : failed.error ? (
        <Alert>{failed.error.message}</Alert>
      ) : !items.length ? (
        <EmptyState title="No failed jobs">
          Jobs that fail after their retries are listed here with their error.
        </EmptyState>
      ) : (
        <DataTable
          label="Failed jobs"
          testId="admin-failed-jobs"
          rowTestId="admin-failed-job-row"
          columns={failedJobColumns(
            (j) => retry.mutate({ queue: j.queue, id: j.id }),
            (j) => (retry.isPending ? retry.variables.id === j.id : false),
          )}
          data={items}
          getRowId={(j) => `${j.queue}:${j.id}`}
        />
      )}
      <LoadMore list={failed} />
    </section>
  );
}

type DeadEmail = {
  id: string;
  to: string;
  subject: string;
  template: string;
  attempts: number;
  error: string | null;
  createdAt: Date;
};

/** Emails that failed every attempt: when, to whom, what, the last error, and a Retry button. */
function deadEmailColumns(
  onRetry: (e: DeadEmail) => void,
  retrying: (e: DeadEmail) => boolean,
): DataTableColumn<DeadEmail>[] {
  return [
    {
      id: "queued",
      accessorFn: (e) => new Date(e.createdAt),
      header: "Queued (UTC)",
      sortFn: "datetime",
      meta: { nowrap: true },
      cell: ({ row: { original: e } }) => formatUtc(e.createdAt),
    },
    { id: "to", accessorFn: (e) => e.to, header: "To" },
    {
      id: "subject",
      accessorFn: (e) => e.subject,
      header: "Subject",
      cell: ({ row: { original: e } }) => (
        <>
          {e.subject}
          <br />
          <code className="text-xs text-zinc-500">{e.template}</code>
        </>
      ),
    },
    {
      id: "attempts",
      accessorFn: (e) => e.attempts,
      header: "Attempts",
      sortFn: "basic",
      meta: { align: "right" },
      cell: ({ row: { original: e } }) => <span className="tabular-nums">{e.attempts}</span>,
    },
    {
      id: "error",
      header: "Error",
      enableSorting: false,
      cell: ({ row: { original: e } }) => (
        <span className="block max-w-md break-words text-red-700">{e.error ?? "—"}</span>
      ),
    },
    actionsColumn((e) => (
      <Button variant="secondary" onClick={() => onRetry(e)} pending={retrying(e)}>
        Retry
      </Button>
    )),
  ];
}

function DeadEmails({
  emails,
  onRetried,
}: {
  emails: DeadEmail[];
  onRetried: () => Promise<unknown>;
}) {
  const trpc = useTRPC();
  const retry = useMutation(trpc.jobs.retryEmail.mutationOptions({ onSuccess: onRetried }));
  if (!emails.length)
    return (
      <EmptyState title="No dead emails">
        Messages that fail every delivery attempt are listed here.
      </EmptyState>
    );
  return (
    <Card className="space-y-3 p-0">
      <h3 className="px-5 pt-4 font-semibold">Dead emails</h3>
      {retry.error ? <Alert className="mx-5">{retry.error.message}</Alert> : null}
      <DataTable
        label="Dead emails"
        testId="admin-dead-emails"
        rowTestId="admin-dead-email-row"
        className="rounded-none ring-0"
        columns={deadEmailColumns(
          (e) => retry.mutate({ id: e.id }),
          (e) => (retry.isPending ? retry.variables.id === e.id : false),
        )}
        data={emails}
        getRowId={(e) => e.id}
      />
    </Card>
  );
}
