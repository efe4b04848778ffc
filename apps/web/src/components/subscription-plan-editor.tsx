"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Controller } from "react-hook-form";

import type { SubscriptionPlanOutput } from "@fanfare/validators";
import { Alert } from "@fanfare/ui/alert";
import { Switch } from "@fanfare/ui/switch";
import { Badge, Button, Card, Field, Input, Loading } from "@fanfare/ui";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { useSave, useZodForm } from "~/lib/form";
import { formatUtcDate, plural } from "~/lib/format";
import {
  PLAN_FIELD_OF,
  subscriptionPlanFormSchema,
  subscriptionPlanFormValues,
} from "~/lib/subscription-plan-form";
import { useTRPC } from "~/trpc/react";

/** "20% for 3 months" / "20% forever": the recurring commission's terms in words. */
export function commissionTerms(bps: number, months: number | null): string {
  return months == null
    ? `${formatBps(bps)} of every payment, forever`
    : `${formatBps(bps)} of each payment for ${plural(months, "month")}`;
}

/** The saved plan in one card: prices, commission, subscribers, whether it takes new ones. */
function CurrentPlan({ plan }: { plan: NonNullable<SubscriptionPlanOutput> }) {
  return (
    <Card className="space-y-2" data-testid="current-plan">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="text-lg font-semibold">Current plan</h2>
        {plan.active ? <Badge tone="green">Open</Badge> : <Badge>Paused</Badge>}
      </div>
      <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-zinc-600">Price</dt>
          <dd className="font-medium">
            {formatCents(plan.monthlyPriceCents, plan.currency)} a month
            {plan.yearlyPriceCents != null
              ? ` or ${formatCents(plan.yearlyPriceCents, plan.currency)} a year`
              : ""}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-600">Promoter commission</dt>
          <dd className="font-medium">
            {commissionTerms(plan.commissionBps, plan.commissionMonths)}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-600">Subscribers</dt>
          <dd className="font-medium" data-testid="plan-subscribers">
            {plan.activeSubscribers}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-600">Last changed</dt>
          <dd className="font-medium">{formatUtcDate(plan.updatedAt)}</dd>
        </div>
      </dl>
    </Card>
  );
}

/**
 * The plan's form (`useZodForm(subscriptionPlanFormSchema)`): prices typed in dollars, the
 * commission in percent for a number of months or forever, and whether new fans can subscribe.
 * Saves with `artist.saveSubscriptionPlan`; the server's field errors land on the same fields.
 */
export function SubscriptionPlanForm({
  plan,
  onSaved,
}: {
  plan: SubscriptionPlanOutput;
  onSaved: (plan: SubscriptionPlanOutput) => void;
}) {
  const trpc = useTRPC();
  const form = useZodForm(subscriptionPlanFormSchema, {
    defaultValues: subscriptionPlanFormValues(plan),
  });
  const { failure, save } = useSave(form, PLAN_FIELD_OF);
  const m = useMutation(trpc.artist.saveSubscriptionPlan.mutationOptions());
  const errors = form.formState.errors;
  const forever = form.watch("forever");
  return (
    <form
      noValidate
      aria-label="Subscription plan"
      className="space-y-4"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const saved = await m.mutateAsync(input);
          form.reset(subscriptionPlanFormValues(saved));
          onSaved(saved);
        });
      })}
    >
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Field id="plan-monthly" label="Monthly price (USD)" error={errors.monthly?.message}>
          <Input
            id="plan-monthly"
            inputMode="decimal"
            placeholder="5"
            {...form.register("monthly")}
            invalid={!!errors.monthly}
          />
        </Field>
        <Field
          id="plan-yearly"
          label="Yearly price (USD, optional)"
          error={errors.yearly?.message}
          hint="Leave empty to offer monthly only. Less than twelve monthly payments."
        >
          <Input
            id="plan-yearly"
            inputMode="decimal"
            placeholder="50"
            {...form.register("yearly")}
            invalid={!!errors.yearly}
          />
        </Field>
        <Field
          id="plan-commission"
          label="Promoter commission (%)"
          error={errors.commission?.message}
          hint="Of each payment by a subscriber a promoter brought: 10% to 50%."
        >
          <Input
            id="plan-commission"
            inputMode="decimal"
            {...form.register("commission")}
            invalid={!!errors.commission}
          />
        </Field>
        <Field
          id="plan-months"
          label="Commission months"
          error={errors.months?.message}
          hint={forever ? "Paid on every payment while the subscription lasts." : "1 to 120."}
        >
          <Input
            id="plan-months"
            inputMode="numeric"
            disabled={forever}
            {...form.register("months")}
            invalid={!!errors.months}
          />
        </Field>
      </div>
      <div className="flex flex-col gap-3 sm:flex-row sm:gap-8">
        <Controller
          control={form.control}
          name="forever"
          render={({ field }) => (
            <div className="flex items-center gap-3">
              <Switch
                id="plan-forever"
                aria-labelledby="plan-forever-label"
                checked={field.value}
                onCheckedChange={(v) => {
                  field.onChange(v);
                  void form.trigger("months");
                }}
              />
              <span id="plan-forever-label" className="text-sm">
                Commission forever
              </span>
            </div>
          )}
        />
        <Controller
          control={form.control}
          name="active"
          render={({ field }) => (
            <div className="flex items-center gap-3">
              <Switch
                id="plan-active"
                aria-labelledby="plan-active-label"
                checked={field.value}
                onCheckedChange={field.onChange}
              />
              <span id="plan-active-label" className="text-sm">
                Open to new subscribers
              </span>
            </div>
          )}
        />
      </div>
      <Alert>{failure}</Alert>
      <Button type="submit" pending={form.formState.isSubmitting}>
        Save plan
      </Button>
    </form>
  );
}

/**
 * The artist's catalog subscription (issue 16 §3): the current plan and the form that sets it.
 * Fans pay monthly or yearly for the whole catalog; running subscriptions keep the price and
 * commission terms they signed up with.
 */
export function SubscriptionPlanEditor() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const plan = useQuery(trpc.artist.subscriptionPlan.queryOptions());
  const [notice, setNotice] = useState<string | null>(null);
  if (plan.isPending) return <Loading label="Loading your plan…" rows={3} />;
  if (plan.error) return <Alert>{plan.error.message}</Alert>;
  return (
    <div className="space-y-6">
      {plan.data ? (
        <CurrentPlan plan={plan.data} />
      ) : (
        <Card className="text-sm text-zinc-700" data-testid="no-plan">
          No plan yet: fans cannot subscribe to your catalog. Set a monthly price below to start.
        </Card>
      )}
      <Alert tone="success">{notice}</Alert>
      <Card className="space-y-4">
        <h2 className="text-lg font-semibold">{plan.data ? "Change the plan" : "Create a plan"}</h2>
        <p className="text-sm text-zinc-600">
          New prices apply to new subscribers; running subscriptions keep theirs and the commission
          terms they started with.
        </p>
        <SubscriptionPlanForm
          plan={plan.data}
          onSaved={(saved) => {
            queryClient.setQueryData(trpc.artist.subscriptionPlan.queryKey(), saved);
            setNotice(
              saved?.active
                ? `Plan saved: fans can subscribe on your page for ${formatCents(saved.monthlyPriceCents, saved.currency)} a month.`
                : "Plan saved. It is paused: no new subscribers until you open it.",
            );
          }}
        />
      </Card>
    </div>
  );
}
