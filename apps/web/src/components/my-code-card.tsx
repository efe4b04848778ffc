"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, Field, Input } from "@fanfare/ui";
import { promoterCodeFormSchema } from "@fanfare/validators";
import { formatBps, formatCents } from "@fanfare/validators/money";

import { CopyButton } from "./copy-button";
import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

/**
 * The promoter's "My code" card (issue 12 §4): their personal discount code with copy and its
 * uses, or a form to claim one. A buyer who types the code gets the discount and the sale is the
 * promoter's with no link; the discount comes out of the promoter's commission.
 */
export function MyCodeCard() {
  const trpc = useTRPC();
  const mine = useQuery(trpc.promoter.myCode.queryOptions());
  if (mine.error) return <Alert>{mine.error.message}</Alert>;
  const d = mine.data;
  // Codes turned off by the admin and none claimed: nothing to show.
  if (!d || (!d.code && d.maxPercentBps === 0)) return null;
  return (
    <Card className="space-y-3">
      <section aria-labelledby="my-code-h" className="space-y-3" data-testid="my-code">
        <div>
          <h2 id="my-code-h" className="text-lg font-semibold">
            My code
          </h2>
          <p className="text-sm text-zinc-600">
            Buyers who type your code at checkout get a discount on any track with promoter links,
            and the sale is yours with no link needed. The discount comes out of your commission.
          </p>
        </div>
        {d.code ? (
          <HeldCode code={d.code} />
        ) : (
          <ClaimForm suggestion={d.suggestion} maxBps={d.maxPercentBps} />
        )}
      </section>
    </Card>
  );
}

type Held = NonNullable<RouterOutputs["promoter"]["myCode"]["code"]>;

function HeldCode({ code }: { code: Held }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const setStatus = useMutation(
    trpc.promoter.setCodeStatus.mutationOptions({
      onSuccess: (data) => queryClient.setQueryData(trpc.promoter.myCode.queryKey(), data),
    }),
  );
  const active = code.status === "ACTIVE";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <code className="rounded-lg bg-zinc-50 px-3 py-2 font-mono text-xl font-bold tracking-wide ring-1 ring-zinc-200">
          {code.code}
        </code>
        <CopyButton text={code.code} label="Copy code" />
        <Badge tone={active ? "green" : "amber"}>{active ? "Active" : "Paused"}</Badge>
      </div>
      <p className="text-sm text-zinc-700">
        {formatBps(code.percentBps)} off for your buyers · used {code.usesCount}{" "}
        {code.usesCount === 1 ? "time" : "times"} · {formatCents(code.discountGivenCents)} given
      </p>
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          variant="secondary"
          pending={setStatus.isPending}
          onClick={() => setStatus.mutate({ status: active ? "PAUSED" : "ACTIVE" })}
        >
          {active ? "Pause code" : "Resume code"}
        </Button>
      </div>
      {setStatus.error ? <Alert>{setStatus.error.message}</Alert> : null}
    </div>
  );
}

function ClaimForm({ suggestion, maxBps }: { suggestion: string; maxBps: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const schema = useMemo(() => promoterCodeFormSchema(maxBps), [maxBps]);
  const form = useZodForm(schema, {
    defaultValues: { code: suggestion, percent: String(maxBps / 100) },
  });
  const { failure, save } = useSave(form, { percentBps: "percent" });
  const claim = useMutation(trpc.promoter.claimCode.mutationOptions());
  const errors = form.formState.errors;
  return (
    <form
      noValidate
      aria-label="Claim your code"
      className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
      onSubmit={form.handleSubmit(async (input) => {
        await save(async () => {
          const data = await claim.mutateAsync(input);
          queryClient.setQueryData(trpc.promoter.myCode.queryKey(), data);
        });
      })}
    >
      <Field id="my-code-code" label="Your code" error={errors.code?.message}>
        <Input id="my-code-code" autoCapitalize="characters" {...form.register("code")} />
      </Field>
      <Field
        id="my-code-percent"
        label={`Discount (up to ${formatBps(maxBps)})`}
        error={errors.percent?.message}
      >
        <Input id="my-code-percent" inputMode="decimal" {...form.register("percent")} />
      </Field>
      <Button type="submit" pending={claim.isPending}>
        Claim code
      </Button>
      {failure ? (
        <div className="sm:col-span-3">
          <Alert>{failure}</Alert>
        </div>
      ) : null}
    </form>
  );
}
