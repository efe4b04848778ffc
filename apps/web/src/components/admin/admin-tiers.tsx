"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useFieldArray } from "react-hook-form";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Button, Card, EmptyState, Field, Input, Loading, Select } from "@fanfare/ui";
import { ConfirmDialog } from "@fanfare/ui/confirm-dialog";
import type { DataTableColumn } from "@fanfare/ui/data-table";
import { actionsColumn, DataTable } from "@fanfare/ui/data-table";
import {
  describeTierRule,
  emptyTierFormValues,
  MAX_TIER_PERKS,
  tierFormSchema,
  tierFormValues,
} from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { ActionResult } from "./admin-list";
import { FormSheet } from "./form-sheet";
import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

type TierRow = RouterOutputs["admin"]["tiers"]["list"][number];

const schema = tierFormSchema();

/** Where the server's field names land on the form (it types percent and dollars). */
const FIELD_OF = { bonusBps: "bonusPercent", payoutMinimumCents: "payoutMinimum" };

/**
 * The tier form (new or edit): name, rank, the rule (sales or commission over a window), the bonus
 * in percent, the payout minimum in dollars (empty: the program's), the REST API requests per hour
 * of its promoters' keys (empty: the program's) and the perks as rows.
 */
function TierForm({
  tier,
  nextRank,
  onDone,
}: {
  tier: TierRow | null;
  nextRank: number;
  onDone: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(schema, {
    defaultValues: tier ? tierFormValues(tier) : emptyTierFormValues(nextRank),
  });
  const perks = useFieldArray({ control: form.control, name: "perks" });
  const { failure, save } = useSave(form, FIELD_OF);
  const upsert = useMutation(trpc.admin.tiers.upsert.mutationOptions());
  const errors = form.formState.errors;
  const metric = form.watch("metric");
  const id = tier?.id ?? "new";
  return (
    <form
      noValidate
      aria-label={tier ? `Edit tier ${tier.name}` : "New tier"}
      className="space-y-4"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const t = await upsert.mutateAsync({ ...input, id: tier?.id });
          await queryClient.invalidateQueries({ queryKey: trpc.admin.tiers.list.pathKey() });
          onDone(`Tier ${t.name} saved: ${describeTierRule(t)}.`);
        });
      })}
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id={`tier-${id}-name`} label="Name" error={errors.name?.message}>
          <Input id={`tier-${id}-name`} {...form.register("name")} invalid={!!errors.name} />
        </Field>
        <Field
          id={`tier-${id}-rank`}
          label="Rank"
          error={errors.rank?.message}
          hint="0 is the lowest; each rank once."
        >
          <Input
            id={`tier-${id}-rank`}
            inputMode="numeric"
            {...form.register("rank")}
            invalid={!!errors.rank}
          />
        </Field>
        <Field id={`tier-${id}-metric`} label="Qualifies by" error={errors.metric?.message}>
          <Select id={`tier-${id}-metric`} {...form.register("metric")}>
            <option value="SALES">Counted sales</option>
            <option value="COMMISSION">Commission earned (USD)</option>
          </Select>
        </Field>
        <Field
          id={`tier-${id}-threshold`}
          label={metric === "SALES" ? "Sales needed" : "Commission needed (USD)"}
          error={errors.threshold?.message}
        >
          <Input
            id={`tier-${id}-threshold`}
            inputMode={metric === "SALES" ? "numeric" : "decimal"}
            {...form.register("threshold")}
            invalid={!!errors.threshold}
          />
        </Field>
        <Field
          id={`tier-${id}-window`}
          label="Over the last (days)"
          error={errors.windowDays?.message}
        >
          <Input
            id={`tier-${id}-window`}
            inputMode="numeric"
            {...form.register("windowDays")}
            invalid={!!errors.windowDays}
          />
        </Field>
        <Field
          id={`tier-${id}-bonus`}
          label="Bonus (percent)"
          error={errors.bonusPercent?.message}
          hint="Paid by the platform on top of the artist's rate."
        >
          <Input
            id={`tier-${id}-bonus`}
            inputMode="decimal"
            {...form.register("bonusPercent")}
            invalid={!!errors.bonusPercent}
          />
        </Field>
        <Field
          id={`tier-${id}-minimum`}
          label="Payout minimum (USD)"
          error={errors.payoutMinimum?.message}
          hint="Empty: the program's minimum."
        >
          <Input
            id={`tier-${id}-minimum`}
            inputMode="decimal"
            {...form.register("payoutMinimum")}
            invalid={!!errors.payoutMinimum}
          />
        </Field>
        <Field
          id={`tier-${id}-api`}
          label="API requests per hour"
          error={errors.apiRequestsPerHour?.message}
          hint="Per API key of this tier's promoters. Empty: the program's default."
        >
          <Input
            id={`tier-${id}-api`}
            inputMode="numeric"
            {...form.register("apiRequestsPerHour")}
            invalid={!!errors.apiRequestsPerHour}
          />
        </Field>
      </div>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-ink">Perks</legend>
        {perks.fields.length === 0 ? <p className="text-sm text-zinc-500">No perks.</p> : null}
        {perks.fields.map((row, i) => {
          const e = errors.perks?.[i];
          const pid = `tier-${id}-perk-${i}`;
          return (
            <div
              key={row.id}
              className="grid gap-2 rounded-lg border border-zinc-200 p-3 sm:grid-cols-[5rem_1fr]"
              data-testid={`perk-row-${i}`}
            >
              <Field id={`${pid}-icon`} label="Icon" error={e?.icon?.message}>
                <Input
                  id={`${pid}-icon`}
                  {...form.register(`perks.${i}.icon`)}
                  invalid={!!e?.icon}
                />
              </Field>
              <Field id={`${pid}-title`} label="Title" error={e?.title?.message}>
                <Input
                  id={`${pid}-title`}
                  {...form.register(`perks.${i}.title`)}
                  invalid={!!e?.title}
                />
              </Field>
              <div className="sm:col-span-2">
                <Field
                  id={`${pid}-description`}
                  label="Description"
                  error={e?.description?.message}
                >
                  <Input
                    id={`${pid}-description`}
                    {...form.register(`perks.${i}.description`)}
                    invalid={!!e?.description}
                  />
                </Field>
              </div>
              <div className="sm:col-span-2">
                <Field
                  id={`${pid}-link`}
                  label="Link (optional)"
                  error={e?.link?.message}
                  hint="https://…"
                >
                  <Input
                    id={`${pid}-link`}
                    type="url"
                    {...form.register(`perks.${i}.link`)}
                    invalid={!!e?.link}
                  />
                </Field>
              </div>
              <div className="sm:col-span-2">
                <Button type="button" size="sm" variant="ghost" onClick={() => perks.remove(i)}>
                  Remove perk {i + 1}
                </Button>
              </div>
            </div>
          );
        })}
        {errors.perks?.message ? <Alert>{errors.perks.message}</Alert> : null}
        {perks.fields.length < MAX_TIER_PERKS ? (
          <Button
            type="button"
            size="sm"
            variant="secondary"
            onClick={() => perks.append({ icon: "", title: "", description: "", link: "" })}
          >
            Add a perk
          </Button>
        ) : null}
      </fieldset>
      <div className="space-y-2">
        <Button type="submit" pending={form.formState.isSubmitting}>
          {tier ? "Save tier" : "Create tier"}
        </Button>
        {failure ? <Alert>{failure}</Alert> : null}
      </div>
    </form>
  );
}

/** A button and the sheet with the tier form (`FormSheet`). */
function TierSheet({
  tier,
  nextRank,
  onMessage,
}: {
  tier: TierRow | null;
  nextRank: number;
  onMessage: (m: string) => void;
}) {
  return (
    <FormSheet
      label={tier ? "Edit" : "New tier"}
      title={tier ? `Edit ${tier.name}` : "New tier"}
      editing={!!tier}
      onMessage={onMessage}
    >
      {(done) => <TierForm tier={tier} nextRank={nextRank} onDone={done} />}
    </FormSheet>
  );
}

/** Edit, and delete after a confirmation that says what happens to its promoters. */
function TierActions({
  tier,
  nextRank,
  onMessage,
}: {
  tier: TierRow;
  nextRank: number;
  onMessage: (m: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.admin.tiers.delete.mutationOptions());
  return (
    <div className="flex flex-wrap justify-end gap-1">
      <TierSheet tier={tier} nextRank={nextRank} onMessage={onMessage} />
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="ghost" pending={remove.isPending}>
            Delete
          </Button>
        }
        title={`Delete ${tier.name}?`}
        description={
          tier.promoterCount > 0
            ? `${tier.promoterCount} promoter${tier.promoterCount === 1 ? " holds" : "s hold"} this tier. They will hold none until the next recompute places them in another; sales already made keep their bonus.`
            : "No promoter holds this tier. Sales already made keep their bonus."
        }
        confirmLabel="Delete tier"
        onConfirm={() =>
          void remove.mutateAsync({ id: tier.id }).then(async (r) => {
            await queryClient.invalidateQueries({ queryKey: trpc.admin.tiers.list.pathKey() });
            onMessage(
              `Tier ${tier.name} deleted${r.promotersCleared ? `; ${r.promotersCleared} promoter(s) await the next recompute` : ""}.`,
            );
          })
        }
      />
      {remove.error ? <Alert>{remove.error.message}</Alert> : null}
    </div>
  );
}

function tierColumns(nextRank: number, onMessage: (m: string) => void): DataTableColumn<TierRow>[] {
  return [
    { id: "rank", accessorFn: (t) => t.rank, header: "Rank", meta: { align: "right" } },
    {
      id: "name",
      accessorFn: (t) => t.name,
      header: "Tier",
      cell: ({ row: { original: t } }) => <span className="font-semibold">{t.name}</span>,
    },
    {
      id: "rule",
      accessorFn: (t) => t.threshold,
      header: "Qualifies with",
      cell: ({ row: { original: t } }) => (t.threshold === 0 ? "Everyone" : describeTierRule(t)),
    },
    {
      id: "bonus",
      accessorFn: (t) => t.bonusBps,
      header: "Bonus",
      meta: { align: "right" },
      cell: ({ row: { original: t } }) => (t.bonusBps > 0 ? `+${formatBps(t.bonusBps)}` : "—"),
    },
    {
      id: "minimum",
      accessorFn: (t) => t.payoutMinimumCents ?? -1,
      header: "Payout minimum",
      meta: { align: "right" },
      cell: ({ row: { original: t } }) =>
        t.payoutMinimumCents === null ? "Program's" : formatCents(t.payoutMinimumCents),
    },
    {
      id: "api",
      accessorFn: (t) => t.apiRequestsPerHour ?? -1,
      header: "API requests/hour",
      meta: { align: "right" },
      cell: ({ row: { original: t } }) =>
        t.apiRequestsPerHour === null ? "Program's" : t.apiRequestsPerHour.toLocaleString("en-US"),
    },
    {
      id: "perks",
      accessorFn: (t) => t.perks.length,
      header: "Perks",
      cell: ({ row: { original: t } }) =>
        t.perks.length === 0 ? (
          "—"
        ) : (
          <ul className="space-y-0.5 text-xs">
            {t.perks.map((p, i) => (
              <li key={i}>
                <span aria-hidden>{p.icon}</span> {p.title}
              </li>
            ))}
          </ul>
        ),
    },
    {
      id: "promoters",
      accessorFn: (t) => t.promoterCount,
      header: "Promoters",
      meta: { align: "right" },
    },
    actionsColumn((t) => <TierActions tier={t} nextRank={nextRank} onMessage={onMessage} />),
  ];
}

/**
 * Promoter tiers (issue 13 §1): the tiers with their rule, bonus, payout minimum, perks and how
 * many promoters hold each; create, edit and delete them; recompute every promoter's tier now
 * (the daily job does it at 03:17 UTC, and after each counted sale).
 */
export function AdminTiers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const list = useQuery(trpc.admin.tiers.list.queryOptions());
  const recompute = useMutation(trpc.admin.tiers.recompute.mutationOptions());
  const rows = useMemo(() => list.data ?? [], [list.data]);
  const nextRank = rows.length ? Math.min(100, Math.max(...rows.map((t) => t.rank)) + 1) : 0;
  const columns = useMemo(() => tierColumns(nextRank, setMessage), [nextRank]);
  return (
    <Card>
      <section aria-labelledby="tiers-h" className="space-y-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div>
            <h2 id="tiers-h" className="text-lg font-semibold">
              Promoter tiers
            </h2>
            <p className="text-sm text-zinc-600">
              A promoter holds the highest tier whose rule they meet over its window. The bonus is
              paid by the platform on top of the artist&apos;s rate, at the rate in force when
              checkout starts. Tiers are recomputed daily at 03:17 UTC and after each counted sale.
            </p>
          </div>
          <div className="flex gap-2">
            <TierSheet tier={null} nextRank={nextRank} onMessage={setMessage} />
            <Button
              size="sm"
              variant="secondary"
              pending={recompute.isPending}
              onClick={() =>
                void recompute.mutateAsync().then(async (r) => {
                  await queryClient.invalidateQueries({
                    queryKey: trpc.admin.tiers.list.pathKey(),
                  });
                  setMessage(
                    `Recomputed ${r.checked} promoter(s): ${r.moved} moved (${r.up} up, ${r.down} down).`,
                  );
                })
              }
            >
              Recompute now
            </Button>
          </div>
        </div>
        <ActionResult message={message} testId="tier-result" />
        {list.error ? <Alert>{list.error.message}</Alert> : null}
        {recompute.error ? <Alert>{recompute.error.message}</Alert> : null}
        {list.isPending ? (
          <Loading label="Loading tiers…" />
        ) : rows.length === 0 ? (
          <EmptyState title="No tiers yet">
            Create the first one; a tier needing 0 sales is where everyone starts.
          </EmptyState>
        ) : (
          <DataTable
            label="Promoter tiers"
            testId="tiers"
            columns={columns}
            data={rows}
            getRowId={(t) => t.id}
            rowAttributes={(t) => ({ "data-testid": `tier-row-${t.name}` })}
          />
        )}
      </section>
    </Card>
  );
}
