"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import {
  Button,
  buttonVariants,
  Card,
  EmptyState,
  Field,
  Input,
  Loading,
  Select,
  Textarea,
} from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import {
  CONTEST_METRIC_LABEL,
  CONTEST_METRICS,
  contestFormSchema,
  contestFormValues,
} from "@fanfare/validators";

import {
  ContestStandings,
  ContestStatusBadge,
  contestPrizeText,
  contestRuleText,
} from "../contest-board";
import { ActionResult } from "./admin-list";
import { FormSheet } from "./form-sheet";
import { formatUtc } from "~/lib/format";
import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

type ContestRow = RouterOutputs["admin"]["contests"]["list"][number];

const schema = contestFormSchema();

/**
 * The contest form (new or edit): name, description, metric, window (UTC), prizes in dollars by
 * place, the prize in words, and an optional scope (an artist's or a track's id). While a
 * contest runs its metric, start and scope are fixed (the server says so).
 */
function ContestForm({
  contest,
  onDone,
}: {
  contest: ContestRow | null;
  onDone: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(schema, {
    defaultValues: contestFormValues(
      contest && { ...contest, artistId: contest.scope.artistId, trackId: contest.scope.trackId },
    ),
  });
  const { failure, save } = useSave(form, { prizeCents: "prizes" });
  const upsert = useMutation(trpc.admin.contests.upsert.mutationOptions());
  const errors = form.formState.errors;
  const id = contest?.id ?? "new";
  const running = contest?.status === "ACTIVE";
  return (
    <form
      noValidate
      aria-label={contest ? `Edit contest ${contest.name}` : "New contest"}
      className="space-y-4"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const c = await upsert.mutateAsync({ ...input, id: contest?.id });
          await queryClient.invalidateQueries({ queryKey: trpc.admin.contests.list.pathKey() });
          onDone(
            `Contest ${c.name} saved (${formatUtc(c.startsAt)} → ${formatUtc(c.endsAt)} UTC).`,
          );
        });
      })}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <Field id={`ct-${id}-name`} label="Name" error={errors.name?.message}>
            <Input id={`ct-${id}-name`} {...form.register("name")} invalid={!!errors.name} />
          </Field>
        </div>
        <div className="sm:col-span-2">
          <Field
            id={`ct-${id}-description`}
            label="Description"
            error={errors.description?.message}
          >
            <Textarea
              id={`ct-${id}-description`}
              rows={2}
              {...form.register("description")}
              invalid={!!errors.description}
            />
          </Field>
        </div>
        <Field id={`ct-${id}-metric`} label="Ranked by" error={errors.metric?.message}>
          <Select id={`ct-${id}-metric`} disabled={running} {...form.register("metric")}>
            {CONTEST_METRICS.map((m) => (
              <option key={m} value={m}>
                {CONTEST_METRIC_LABEL[m]}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id={`ct-${id}-prizes`}
          label="Money prizes (USD, by place)"
          error={errors.prizes?.message}
          hint="e.g. 50, 25, 10; empty for none. Paid from the promotions account."
        >
          <Input id={`ct-${id}-prizes`} {...form.register("prizes")} invalid={!!errors.prizes} />
        </Field>
        <Field id={`ct-${id}-start`} label="Starts (UTC)" error={errors.startsAt?.message}>
          <Input
            id={`ct-${id}-start`}
            type="datetime-local"
            readOnly={running}
            {...form.register("startsAt")}
            invalid={!!errors.startsAt}
          />
        </Field>
        <Field id={`ct-${id}-end`} label="Ends (UTC)" error={errors.endsAt?.message}>
          <Input
            id={`ct-${id}-end`}
            type="datetime-local"
            {...form.register("endsAt")}
            invalid={!!errors.endsAt}
          />
        </Field>
        <div className="sm:col-span-2">
          <Field
            id={`ct-${id}-prize-text`}
            label="Prize in words (optional)"
            error={errors.prizeDescription?.message}
            hint="e.g. a signed vinyl for the winner"
          >
            <Input
              id={`ct-${id}-prize-text`}
              {...form.register("prizeDescription")}
              invalid={!!errors.prizeDescription}
            />
          </Field>
        </div>
        <Field
          id={`ct-${id}-artist`}
          label="Only this artist (id, optional)"
          error={errors.artistId?.message}
        >
          <Input
            id={`ct-${id}-artist`}
            readOnly={running}
            {...form.register("artistId")}
            invalid={!!errors.artistId}
          />
        </Field>
        <Field
          id={`ct-${id}-track`}
          label="Only this track (id, optional)"
          error={errors.trackId?.message}
        >
          <Input
            id={`ct-${id}-track`}
            readOnly={running}
            {...form.register("trackId")}
            invalid={!!errors.trackId}
          />
        </Field>
      </div>
      {running ? (
        <p className="text-xs text-zinc-500">
          Running: the metric, the start and the scope stay as they are.
        </p>
      ) : null}
      <div className="space-y-2">
        <Button type="submit" pending={form.formState.isSubmitting}>
          {contest ? "Save contest" : "Create contest"}
        </Button>
        {failure ? <Alert>{failure}</Alert> : null}
      </div>
    </form>
  );
}

/** A button and the sheet with the contest form (`FormSheet`). */
function ContestSheet({
  contest,
  onMessage,
}: {
  contest: ContestRow | null;
  onMessage: (m: string) => void;
}) {
  return (
    <FormSheet
      label={contest ? "Edit" : "New contest"}
      title={contest ? `Edit ${contest.name}` : "New contest"}
      editing={!!contest}
      onMessage={onMessage}
    >
      {(done) => <ContestForm contest={contest} onDone={done} />}
    </FormSheet>
  );
}

function ContestActions({
  contest,
  onMessage,
}: {
  contest: ContestRow;
  onMessage: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cancel = useMutation(trpc.admin.contests.cancel.mutationOptions());
  const open = contest.status === "SCHEDULED" || contest.status === "ACTIVE";
  return (
    <div className="flex flex-wrap justify-end gap-1">
      {open ? <ContestSheet contest={contest} onMessage={onMessage} /> : null}
      {open ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="ghost" pending={cancel.isPending}>
              Cancel
            </Button>
          }
          title={`Cancel ${contest.name}?`}
          description="Nobody wins and no prize is paid; it leaves the public pages. This cannot be undone."
          confirmLabel="Cancel contest"
          onConfirm={() =>
            void cancel.mutateAsync({ id: contest.id }).then(async () => {
              await queryClient.invalidateQueries({ queryKey: trpc.admin.contests.list.pathKey() });
              onMessage(`Contest ${contest.name} cancelled.`);
            })
          }
        />
      ) : contest.status === "CLOSED" ? (
        <Link
          href={`/contests/${contest.id}`}
          className={buttonVariants({ size: "sm", variant: "ghost" })}
        >
          Results
        </Link>
      ) : null}
      {cancel.error ? <Alert>{cancel.error.message}</Alert> : null}
    </div>
  );
}

function contestColumns(onMessage: (m: string) => void): DataTableColumn<ContestRow>[] {
  return [
    {
      id: "name",
      accessorFn: (c) => c.name,
      header: "Contest",
      cell: ({ row: { original: c } }) => (
        <div className="space-y-0.5">
          <span className="font-semibold">{c.name}</span>
          <p className="text-xs text-zinc-600">{contestRuleText(c)}</p>
        </div>
      ),
    },
    {
      id: "status",
      accessorFn: (c) => c.status,
      header: "Status",
      cell: ({ row: { original: c } }) => <ContestStatusBadge status={c.status} />,
    },
    {
      id: "window",
      accessorFn: (c) => c.startsAt.getTime(),
      header: "Window (UTC)",
      cell: ({ row: { original: c } }) => (
        <span className="text-xs">
          {formatUtc(c.startsAt)} → {formatUtc(c.endsAt)}
        </span>
      ),
    },
    {
      id: "prizes",
      accessorFn: (c) => c.prizeCents.reduce((a, b) => a + b, 0),
      header: "Prizes",
      cell: ({ row: { original: c } }) => (
        <span className="text-xs">{contestPrizeText(c) || "—"}</span>
      ),
    },
    {
      id: "standings",
      accessorFn: (c) => c.rows.length,
      header: "Top / winners",
      cell: ({ row: { original: c } }) => <ContestStandings contest={c} compact />,
    },
    actionsColumn((c) => <ContestActions contest={c} onMessage={onMessage} />),
  ];
}

/**
 * Contests (issue 13 §5): every contest with its status, window, prizes and top 3 or winners;
 * create, edit (in full while scheduled; words, prizes and end while running) and cancel. The
 * `contests.tick` job starts and closes them each minute.
 */
export function AdminContests() {
  const trpc = useTRPC();
  const [message, setMessage] = useState<string | null>(null);
  const list = useQuery(trpc.admin.contests.list.queryOptions());
  const rows = useMemo(() => list.data ?? [], [list.data]);
  const columns = useMemo(() => contestColumns(setMessage), []);
  return (
    <Card>
      <section aria-labelledby="contests-h" className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id="contests-h" className="text-lg font-semibold">
              Contests
            </h2>
            <p className="text-sm text-zinc-600">
              Every active promoter takes part. At the end the job ranks them (refunded sales do not
              count; a tie goes to whoever got there first), pays the money prizes from the
              promotions account, and emails everyone who took part.
            </p>
          </div>
          <ContestSheet contest={null} onMessage={setMessage} />
        </div>
        <ActionResult message={message} testId="contest-result" />
        {list.error ? <Alert>{list.error.message}</Alert> : null}
        {list.isPending ? (
          <Loading label="Loading contests…" />
        ) : rows.length === 0 ? (
          <EmptyState title="No contests yet">
            Create one to give promoters a goal this month.
          </EmptyState>
        ) : (
          <DataTable
            label="Contests"
            testId="contests"
            columns={columns}
            data={rows}
            getRowId={(c) => c.id}
            rowAttributes={(c) => ({ "data-testid": `contest-row-${c.name}` })}
          />
        )}
      </section>
    </Card>
  );
}
