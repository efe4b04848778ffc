"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card, EmptyState, Field, Input, Loading, Select } from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import {
  describeMilestoneRule,
  milestoneFormSchema,
  milestoneFormValues,
} from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { ActionResult } from "./admin-list";
import { FormSheet } from "./form-sheet";
import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

type MilestoneRow = RouterOutputs["admin"]["milestones"]["list"][number];

const schema = milestoneFormSchema();

/** The milestone form (new or edit): name, description, rule, bonus in dollars, active. */
function MilestoneForm({
  milestone,
  onDone,
}: {
  milestone: MilestoneRow | null;
  onDone: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(schema, { defaultValues: milestoneFormValues(milestone) });
  const { failure, save } = useSave(form, { bonusCents: "bonus" });
  const upsert = useMutation(trpc.admin.milestones.upsert.mutationOptions());
  const errors = form.formState.errors;
  const metric = form.watch("metric");
  const id = milestone?.id ?? "new";
  return (
    <form
      noValidate
      aria-label={milestone ? `Edit milestone ${milestone.name}` : "New milestone"}
      className="space-y-4"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const m = await upsert.mutateAsync({ ...input, id: milestone?.id });
          await queryClient.invalidateQueries({
            queryKey: trpc.admin.milestones.list.pathKey(),
          });
          onDone(
            `Milestone ${m.name} saved: ${formatCents(m.bonusCents)} at ${describeMilestoneRule(m)}${m.active ? "" : " (inactive)"}.`,
          );
        });
      })}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`ms-${id}-name`} label="Name" error={errors.name?.message}>
          <Input id={`ms-${id}-name`} {...form.register("name")} invalid={!!errors.name} />
        </Field>
        <Field id={`ms-${id}-metric`} label="Counts" error={errors.metric?.message}>
          <Select id={`ms-${id}-metric`} {...form.register("metric")}>
            <option value="SALES">Released sales</option>
            <option value="COMMISSION">Released commission (USD)</option>
          </Select>
        </Field>
        <Field
          id={`ms-${id}-threshold`}
          label={metric === "SALES" ? "Sales needed" : "Commission needed (USD)"}
          error={errors.threshold?.message}
          hint="Only sales past their holding period count."
        >
          <Input
            id={`ms-${id}-threshold`}
            inputMode={metric === "SALES" ? "numeric" : "decimal"}
            {...form.register("threshold")}
            invalid={!!errors.threshold}
          />
        </Field>
        <Field
          id={`ms-${id}-bonus`}
          label="Bonus (USD)"
          error={errors.bonus?.message}
          hint="Paid once from the promotions budget, payable at once."
        >
          <Input
            id={`ms-${id}-bonus`}
            inputMode="decimal"
            {...form.register("bonus")}
            invalid={!!errors.bonus}
          />
        </Field>
        <div className="sm:col-span-2">
          <Field
            id={`ms-${id}-description`}
            label="Description (optional)"
            error={errors.description?.message}
          >
            <Input
              id={`ms-${id}-description`}
              {...form.register("description")}
              invalid={!!errors.description}
            />
          </Field>
        </div>
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" {...form.register("active")} /> Active (promoters who reach it are
        paid)
      </label>
      <div className="space-y-2">
        <Button type="submit" pending={form.formState.isSubmitting}>
          {milestone ? "Save milestone" : "Create milestone"}
        </Button>
        {failure ? <Alert>{failure}</Alert> : null}
      </div>
    </form>
  );
}

/** A button and the sheet with the milestone form (`FormSheet`). */
function MilestoneSheet({
  milestone,
  onMessage,
}: {
  milestone: MilestoneRow | null;
  onMessage: (m: string) => void;
}) {
  return (
    <FormSheet
      label={milestone ? "Edit" : "New milestone"}
      title={milestone ? `Edit ${milestone.name}` : "New milestone"}
      editing={!!milestone}
      onMessage={onMessage}
    >
      {(done) => <MilestoneForm milestone={milestone} onDone={done} />}
    </FormSheet>
  );
}

/** Edit, and delete (only while nobody reached it: its awards are the record of bonuses paid). */
function MilestoneActions({
  milestone,
  onMessage,
}: {
  milestone: MilestoneRow;
  onMessage: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.admin.milestones.delete.mutationOptions());
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <MilestoneSheet milestone={milestone} onMessage={onMessage} />
      {milestone.awardCount === 0 ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="ghost" pending={remove.isPending}>
              Delete
            </Button>
          }
          title={`Delete ${milestone.name}?`}
          description="Nobody has reached it yet, so no bonus was paid for it."
          confirmLabel="Delete milestone"
          onConfirm={() =>
            void remove.mutateAsync({ id: milestone.id }).then(async () => {
              await queryClient.invalidateQueries({
                queryKey: trpc.admin.milestones.list.pathKey(),
              });
              onMessage(`Milestone ${milestone.name} deleted.`);
            })
          }
        />
      ) : null}
      {remove.error ? <Alert>{remove.error.message}</Alert> : null}
    </div>
  );
}

function milestoneColumns(onMessage: (m: string) => void): DataTableColumn<MilestoneRow>[] {
  return [
    {
      id: "name",
      accessorFn: (m) => m.name,
      header: "Milestone",
      cell: ({ row: { original: m } }) => (
        <div>
          <span className="font-semibold">{m.name}</span>
          {m.description ? <p className="text-xs text-zinc-600">{m.description}</p> : null}
        </div>
      ),
    },
    {
      id: "rule",
      accessorFn: (m) => m.threshold,
      header: "Reached at",
      cell: ({ row: { original: m } }) => describeMilestoneRule(m),
    },
    {
      id: "bonus",
      accessorFn: (m) => m.bonusCents,
      header: "Bonus",
      meta: { align: "right" },
      cell: ({ row: { original: m } }) => formatCents(m.bonusCents),
    },
    {
      id: "status",
      accessorFn: (m) => (m.active ? 1 : 0),
      header: "Status",
      cell: ({ row: { original: m } }) => (m.active ? "Active" : "Inactive"),
    },
    {
      id: "reached",
      accessorFn: (m) => m.awardCount,
      header: "Reached by",
      meta: { align: "right" },
    },
    {
      id: "paid",
      accessorFn: (m) => m.awardedCents,
      header: "Paid",
      meta: { align: "right" },
      cell: ({ row: { original: m } }) => formatCents(m.awardedCents),
    },
    actionsColumn((m) => <MilestoneActions milestone={m} onMessage={onMessage} />),
  ];
}

/**
 * Milestones (issue 13 §2): one-time bonuses at thresholds of released sales or commission, paid
 * from the promotions account once per promoter; create, edit, deactivate, delete unused ones,
 * and award now (the job runs after each release and daily at 03:27 UTC).
 */
export function AdminMilestones() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const list = useQuery(trpc.admin.milestones.list.queryOptions());
  const awardNow = useMutation(trpc.admin.milestones.awardNow.mutationOptions());
  const rows = useMemo(() => list.data ?? [], [list.data]);
  const columns = useMemo(() => milestoneColumns(setMessage), []);
  return (
    <Card>
      <section aria-labelledby="milestones-h" className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id="milestones-h" className="text-lg font-semibold">
              Milestones
            </h2>
            <p className="text-sm text-zinc-600">
              A one-time bonus when a promoter&apos;s released sales (past their holding period, so
              refunds cannot farm it) reach a threshold. Paid once from the promotions account to
              their payable balance, with an email and a notification; never reversed by a later
              refund (use an adjustment if needed).
            </p>
          </div>
          <div className="flex gap-2">
            <MilestoneSheet milestone={null} onMessage={setMessage} />
            <Button
              size="sm"
              variant="secondary"
              pending={awardNow.isPending}
              onClick={() =>
                void awardNow.mutateAsync().then(async (r) => {
                  await queryClient.invalidateQueries({
                    queryKey: trpc.admin.milestones.list.pathKey(),
                  });
                  setMessage(
                    `Checked ${r.checked} promoter(s): ${r.awarded} milestone(s) awarded, ${formatCents(r.bonusCents)} paid.`,
                  );
                })
              }
            >
              Award now
            </Button>
          </div>
        </div>
        <ActionResult message={message} testId="milestone-result" />
        {list.error ? <Alert>{list.error.message}</Alert> : null}
        {awardNow.error ? <Alert>{awardNow.error.message}</Alert> : null}
        {list.isPending ? (
          <Loading label="Loading milestones…" />
        ) : rows.length === 0 ? (
          <EmptyState title="No milestones yet">
            Create one, e.g. $5 at 10 released sales.
          </EmptyState>
        ) : (
          <DataTable
            label="Milestones"
            testId="milestones"
            columns={columns}
            data={rows}
            getRowId={(m) => m.id}
            rowAttributes={(m) => ({ "data-testid": `milestone-row-${m.name}` })}
          />
        )}
      </section>
    </Card>
  );
}
