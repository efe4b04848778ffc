"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { Badge, Button, Card, EmptyState, Field, Select } from "@fanfare/ui";

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
          <p className="text-zinc-600">Loading queues…</p>
        ) : overview.error ? (
          <p role="alert" className="text-red-600">
            {overview.error.message}
          </p>
        ) : (
          <>
            {!overview.data.installed ? (
              <p role="status" className="text-sm text-amber-800">
                No job runner has started on this database yet: start the web app without
                WORKERS=off, or run <code>pnpm worker</code>.
              </p>
            ) : null}
            <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-zinc-200">
              <table className="min-w-full text-sm" data-testid="admin-queues">
                <thead className="bg-zinc-50 text-left text-zinc-600">
                  <tr>
                    <th className="px-3 py-2">Queue</th>
                    {JOB_STATES.map((s) => (
                      <th key={s} className="px-3 py-2 text-right">
                        {humanize(s)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-zinc-100">
                  {overview.data.queues.map((q) => (
                    <tr key={q.name} data-testid="admin-queue-row">
                      <td className="px-3 py-2">
                        <code className="text-xs font-semibold">{q.name}</code>
                        {q.description ? (
                          <p className="text-xs text-zinc-500">{q.description}</p>
                        ) : null}
                      </td>
                      {JOB_STATES.map((s) => (
                        <td
                          key={s}
                          className={`px-3 py-2 text-right tabular-nums ${s === "failed" && q.counts[s] ? "font-semibold text-red-700" : ""}`}
                        >
                          {q.counts[s]}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
      {retry.error ? (
        <p role="alert" className="text-sm text-red-600">
          {retry.error.message}
        </p>
      ) : null}
      {failed.isPending ? (
        <p className="text-zinc-600">Loading failed jobs…</p>
      ) : failed.error ? (
        <p role="alert" className="text-red-600">
          {failed.error.message}
        </p>
      ) : !items.length ? (
        <EmptyState title="No failed jobs">
          Jobs that fail after their retries are listed here with their error.
        </EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-zinc-200">
          <table className="min-w-full text-sm" data-testid="admin-failed-jobs">
            <thead className="bg-zinc-50 text-left text-zinc-600">
              <tr>
                <th className="px-3 py-2">Failed (UTC)</th>
                <th className="px-3 py-2">Queue</th>
                <th className="px-3 py-2">Error</th>
                <th className="px-3 py-2 text-right">Retries</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {items.map((j) => (
                <tr key={j.id} data-testid="admin-failed-job-row">
                  <td className="px-3 py-2 whitespace-nowrap">
                    {j.completedOn ? formatUtc(j.completedOn) : "—"}
                  </td>
                  <td className="px-3 py-2">
                    <code className="text-xs">{j.queue}</code>
                    <br />
                    <code className="text-xs text-zinc-500">{j.id}</code>
                  </td>
                  <td className="max-w-xl px-3 py-2 break-words text-red-700">{j.error}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{j.retryCount}</td>
                  <td className="px-3 py-2 text-right">
                    <Button
                      variant="secondary"
                      onClick={() => retry.mutate({ queue: j.queue, id: j.id })}
                      pending={retry.isPending && retry.variables.id === j.id}
                    >
                      Retry
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {failed.hasNextPage ? (
        <Button
          variant="secondary"
          onClick={() => void failed.fetchNextPage()}
          pending={failed.isFetchingNextPage}
        >
          Load more
        </Button>
      ) : null}
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
      {retry.error ? (
        <p role="alert" className="px-5 text-sm text-red-600">
          {retry.error.message}
        </p>
      ) : null}
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm" data-testid="admin-dead-emails">
          <thead className="bg-zinc-50 text-left text-zinc-600">
            <tr>
              <th className="px-3 py-2">Queued (UTC)</th>
              <th className="px-3 py-2">To</th>
              <th className="px-3 py-2">Subject</th>
              <th className="px-3 py-2 text-right">Attempts</th>
              <th className="px-3 py-2">Error</th>
              <th className="px-3 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {emails.map((e) => (
              <tr key={e.id} data-testid="admin-dead-email-row">
                <td className="px-3 py-2 whitespace-nowrap">{formatUtc(e.createdAt)}</td>
                <td className="px-3 py-2">{e.to}</td>
                <td className="px-3 py-2">
                  {e.subject}
                  <br />
                  <code className="text-xs text-zinc-500">{e.template}</code>
                </td>
                <td className="px-3 py-2 text-right tabular-nums">{e.attempts}</td>
                <td className="max-w-md px-3 py-2 break-words text-red-700">{e.error ?? "—"}</td>
                <td className="px-3 py-2 text-right">
                  <Button
                    variant="secondary"
                    onClick={() => retry.mutate({ id: e.id })}
                    pending={retry.isPending && retry.variables.id === e.id}
                  >
                    Retry
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
