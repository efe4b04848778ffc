"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, Card, Field, Input, Select } from "@fanfare/ui";
import { adjustFormSchema } from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

/**
 * A manual correction of a payee's payable balance (issue 11 §5): posted through the ledger
 * against PLATFORM_ADJUSTMENTS, shown to the payee with the reason, audited. Each adjustment
 * carries an idempotency key made when the form is shown, so a double submit or a retried
 * request posts once; a new key is made after each success.
 */
export function AdminAdjustments() {
  const trpc = useTRPC();
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [done, setDone] = useState<string | null>(null);
  const form = useZodForm(adjustFormSchema, {
    defaultValues: { payeeEmail: "", payeeType: "PROMOTER", amount: "", reason: "" },
  });
  const { failure, save } = useSave(form, { amountCents: "amount" });
  const adjust = useMutation(trpc.admin.adjustBalance.mutationOptions());
  const errors = form.formState.errors;
  const pending = form.formState.isSubmitting;
  return (
    <Card>
      <section aria-labelledby="adjust-h" className="space-y-4">
        <div>
          <h2 id="adjust-h" className="text-lg font-semibold">
            Adjust a balance
          </h2>
          <p className="text-sm text-zinc-600">
            Credits (+) or debits (−) a payee&apos;s payable balance. The payee sees the reason in
            their ledger; a debit may take the balance below zero, and the next payout nets it.
            Every adjustment is in the <Link href="/admin/audit">audit log</Link>.
          </p>
        </div>
        {done ? (
          <p role="status" className="rounded-lg bg-green-50 p-3 text-sm text-green-800">
            {done}
          </p>
        ) : null}
        <form
          noValidate
          aria-label="Adjust a balance"
          className="grid gap-4 md:grid-cols-2"
          onSubmit={form.handleSubmit(async (input) => {
            setDone(null);
            await save(async () => {
              const r = await adjust.mutateAsync({ ...input, idempotencyKey: key });
              setDone(
                `Adjusted ${input.payeeEmail}'s ${input.payeeType.toLowerCase()} balance by ${formatCents(r.amountCents, "usd")} (${r.transactionId}).`,
              );
              setKey(crypto.randomUUID());
              form.reset({ ...input, amount: "", reason: "" });
            });
          })}
        >
          <Field id="adjust-email" label="Payee's account email" error={errors.payeeEmail?.message}>
            <Input
              id="adjust-email"
              type="email"
              autoComplete="off"
              {...form.register("payeeEmail")}
              invalid={!!errors.payeeEmail}
            />
          </Field>
          <Field id="adjust-type" label="Balance" error={errors.payeeType?.message}>
            <Select id="adjust-type" {...form.register("payeeType")}>
              <option value="PROMOTER">Promoter (commissions)</option>
              <option value="ARTIST">Artist (sales)</option>
              <option value="LABEL">Label (roster sales)</option>
            </Select>
          </Field>
          <Field
            id="adjust-amount"
            label="Amount (USD, with its sign)"
            error={errors.amount?.message}
            hint="+12.50 credits, -3 debits."
          >
            <Input
              id="adjust-amount"
              inputMode="decimal"
              {...form.register("amount")}
              invalid={!!errors.amount}
            />
          </Field>
          <Field
            id="adjust-reason"
            label="Reason (the payee reads it)"
            error={errors.reason?.message}
          >
            <Input id="adjust-reason" {...form.register("reason")} invalid={!!errors.reason} />
          </Field>
          <div className="md:col-span-2">
            <Button type="submit" pending={pending}>
              {pending ? "Posting…" : "Post adjustment"}
            </Button>
          </div>
          <Alert className="md:col-span-2">{failure}</Alert>
        </form>
      </section>
    </Card>
  );
}
