"use client";

import { useActionState } from "react";

import { Alert } from "@fanfare/ui/alert";
import { Button, Field, Input } from "@fanfare/ui";

import type { OnboardingFormState } from "./actions";
import { completeOnboardingAction } from "./actions";

/**
 * The short form of the sandbox onboarding page; prefilled with test values Stripe accepts and
 * an account number of this account's own (another account's number shares its bank account,
 * which the fraud score notices).
 */
export function OnboardingForm({
  accountId,
  returnUrl,
  email,
  defaultAccountNumber,
}: {
  accountId: string;
  returnUrl: string;
  email: string;
  /** `sandboxDefaultAccountNumber(accountId)`, computed on the server. */
  defaultAccountNumber: string;
}) {
  const [state, action, pending] = useActionState<OnboardingFormState, FormData>(
    completeOnboardingAction.bind(null, accountId),
    {},
  );
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="returnUrl" value={returnUrl} />
      <p className="text-sm">
        Email: <span className="font-medium">{email}</span>
      </p>
      <div className="grid grid-cols-2 gap-3">
        <Field id="firstName" label="First name" error={fe.firstName}>
          <Input
            id="firstName"
            name="firstName"
            autoComplete="given-name"
            defaultValue="Jenny"
            invalid={!!fe.firstName}
            required
          />
        </Field>
        <Field id="lastName" label="Last name" error={fe.lastName}>
          <Input
            id="lastName"
            name="lastName"
            autoComplete="family-name"
            defaultValue="Rosen"
            invalid={!!fe.lastName}
            required
          />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field id="dob" label="Date of birth" error={fe.dob}>
          <Input
            id="dob"
            name="dob"
            type="date"
            autoComplete="bday"
            defaultValue="1990-01-01"
            invalid={!!fe.dob}
            required
          />
        </Field>
        <Field id="ssnLast4" label="SSN, last 4 digits" error={fe.ssnLast4}>
          <Input
            id="ssnLast4"
            name="ssnLast4"
            inputMode="numeric"
            maxLength={4}
            defaultValue="0000"
            invalid={!!fe.ssnLast4}
            required
          />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field id="routing" label="Routing number" error={fe.routing}>
          <Input
            id="routing"
            name="routing"
            inputMode="numeric"
            defaultValue="110000000"
            invalid={!!fe.routing}
            required
          />
        </Field>
        <Field id="account" label="Account number" error={fe.account}>
          <Input
            id="account"
            name="account"
            inputMode="numeric"
            defaultValue={defaultAccountNumber}
            invalid={!!fe.account}
            required
          />
        </Field>
      </div>
      <div className="space-y-1">
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            name="tos"
            id="tos"
            defaultChecked
            className="mt-1"
            aria-invalid={fe.tos ? true : undefined}
            aria-describedby={fe.tos ? "tos-error" : undefined}
          />
          <span>
            I agree to the Stripe Connected Account Agreement (sandbox: nothing is signed).
          </span>
        </label>
        {fe.tos ? <Alert id="tos-error">{fe.tos}</Alert> : null}
      </div>
      {state.error ? <Alert>{state.error}</Alert> : null}
      <Button type="submit" className="w-full" pending={pending}>
        {pending ? "Submitting…" : "Complete onboarding"}
      </Button>
    </form>
  );
}
