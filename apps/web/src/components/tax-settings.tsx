"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, Field, Input, Loading, Select } from "@fanfare/ui";
import type { TaxFormKindName } from "@fanfare/validators";
import {
  formatCents,
  TAX_ID_TYPE_LABELS,
  TAX_ID_TYPES_BY_FORM,
  ZTaxFormInput,
} from "@fanfare/validators";

import { useSave, useZodForm } from "~/lib/form";
import { useTRPC } from "~/trpc/react";

type TaxStatus = RouterOutputs["promoter"]["taxStatus"];
type Form = NonNullable<TaxStatus["form"]>;

const FORM_NAMES: Record<TaxFormKindName, string> = {
  W9: "W-9 (US persons)",
  W8BEN: "W-8BEN (everyone else)",
};

/** The certification each form asks the signer to make (IRS Form W-9 Part II; W-8BEN Part III). */
const CERTIFICATIONS: Record<TaxFormKindName, string> = {
  W9: "Under penalties of perjury, I certify that the number shown is my correct taxpayer identification number, that I am not subject to backup withholding, and that I am a U.S. citizen or other U.S. person.",
  W8BEN:
    "Under penalties of perjury, I certify that I am the beneficial owner of the income this form relates to, that I am not a U.S. person, and that the information on this form is true, correct and complete.",
};

function StatusBadge({ form }: { form: Form }) {
  const tone = form.status === "VERIFIED" ? "green" : form.status === "REJECTED" ? "red" : "zinc";
  const label =
    form.status === "VERIFIED"
      ? "Verified"
      : form.status === "REJECTED"
        ? "Not accepted"
        : "Submitted";
  return <Badge tone={tone}>{label}</Badge>;
}

/** The form on file and this year's paid total against the reporting threshold. */
function OnFile({ status }: { status: TaxStatus }) {
  const f = status.form;
  return (
    <section aria-labelledby="tax-on-file" className="space-y-3">
      <h2 id="tax-on-file" className="font-semibold">
        On file
      </h2>
      {f ? (
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-zinc-500">Form</dt>
          <dd className="flex flex-wrap items-center gap-2">
            {f.kind === "W9" ? "W-9" : "W-8BEN"} <StatusBadge form={f} />
          </dd>
          <dt className="text-zinc-500">Legal name</dt>
          <dd>{f.legalName}</dd>
          <dt className="text-zinc-500">Tax id</dt>
          <dd>{f.taxIdLast4 ? `•••• ${f.taxIdLast4}` : "None given"}</dd>
          <dt className="text-zinc-500">Signed</dt>
          <dd>{new Date(f.signedAt).toISOString().slice(0, 10)}</dd>
        </dl>
      ) : (
        <p className="text-sm text-zinc-600">No tax form yet.</p>
      )}
      {f?.status === "REJECTED" ? (
        <Alert>
          Your {f.kind === "W9" ? "W-9" : "W-8BEN"} was not accepted
          {f.rejectReason ? `: ${f.rejectReason}` : "."} Submit a corrected one below.
        </Alert>
      ) : null}
      <p className="text-sm text-zinc-600">
        Paid to you in {status.year}: <strong>{formatCents(status.paidThisYearCents)}</strong>. US
        promoters need a W-9 on file before payouts reach {formatCents(status.thresholdCents)} in a
        year, the amount the IRS requires us to report on Form 1099-NEC.
        {status.payoutCountry
          ? ` Your payout account is in ${status.payoutCountry}.`
          : " Set up payouts to tell us your country."}
      </p>
      {status.w9Needed ? (
        <Alert>Your next payout waits for a W-9: submit it below and we will pay you.</Alert>
      ) : null}
    </section>
  );
}

/** The W-9 / W-8BEN form, checked in the browser by the API's own schema. */
function TaxFormEditor({
  onSaved,
  defaultKind,
}: {
  onSaved: () => Promise<unknown>;
  defaultKind: TaxFormKindName;
}) {
  const trpc = useTRPC();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useZodForm(ZTaxFormInput, {
    defaultValues: {
      kind: defaultKind,
      country: defaultKind === "W9" ? "US" : "",
      taxIdType: defaultKind === "W9" ? "SSN" : "FOREIGN_TIN",
      taxId: "",
      legalName: "",
      addressLine1: "",
      city: "",
      signatureName: "",
      certify: false as unknown as true,
    },
  });
  const { failure, save } = useSave(form);
  const submit = useMutation(trpc.promoter.submitTaxForm.mutationOptions());
  const errors = form.formState.errors;
  const kind = form.watch("kind");
  const taxIdType = form.watch("taxIdType");
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={form.handleSubmit(async (input) => {
        setSaved(null);
        if (!(await save(() => submit.mutateAsync(input)))) return;
        setSaved("Saved: your form is on file.");
        form.reset({ ...form.getValues(), taxId: "", certify: false as unknown as true });
        await onSaved();
      })}
    >
      <h2 className="font-semibold">Submit a tax form</h2>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Form</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {(["W9", "W8BEN"] as const).map((k) => (
            <label key={k} className="flex items-center gap-2">
              <input
                type="radio"
                value={k}
                {...form.register("kind", {
                  onChange: () => {
                    form.setValue("taxIdType", k === "W9" ? "SSN" : "FOREIGN_TIN");
                    form.setValue("country", k === "W9" ? "US" : "");
                  },
                })}
              />
              {FORM_NAMES[k]}
            </label>
          ))}
        </div>
        {errors.kind ? <Alert>{errors.kind.message}</Alert> : null}
      </fieldset>
      <Field
        id="legalName"
        label="Legal name"
        error={errors.legalName?.message}
        hint="As shown on your tax return."
      >
        <Input
          id="legalName"
          autoComplete="name"
          {...form.register("legalName")}
          invalid={!!errors.legalName}
        />
      </Field>
      {kind === "W9" ? (
        <Field
          id="businessName"
          label="Business name (optional)"
          error={errors.businessName?.message}
        >
          <Input id="businessName" autoComplete="organization" {...form.register("businessName")} />
        </Field>
      ) : null}
      <Field id="addressLine1" label="Street address" error={errors.addressLine1?.message}>
        <Input
          id="addressLine1"
          autoComplete="address-line1"
          {...form.register("addressLine1")}
          invalid={!!errors.addressLine1}
        />
      </Field>
      <Field
        id="addressLine2"
        label="Apartment, suite (optional)"
        error={errors.addressLine2?.message}
      >
        <Input id="addressLine2" autoComplete="address-line2" {...form.register("addressLine2")} />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="city" label="City" error={errors.city?.message}>
          <Input
            id="city"
            autoComplete="address-level2"
            {...form.register("city")}
            invalid={!!errors.city}
          />
        </Field>
        <Field id="region" label="State or region" error={errors.region?.message}>
          <Input id="region" autoComplete="address-level1" {...form.register("region")} />
        </Field>
        <Field id="postalCode" label="Postal code" error={errors.postalCode?.message}>
          <Input id="postalCode" autoComplete="postal-code" {...form.register("postalCode")} />
        </Field>
        <Field id="country" label="Country (two letters)" error={errors.country?.message}>
          <Input
            id="country"
            autoComplete="country"
            maxLength={2}
            readOnly={kind === "W9"}
            {...form.register("country")}
            invalid={!!errors.country}
          />
        </Field>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="taxIdType" label="Tax id" error={errors.taxIdType?.message}>
          <Select id="taxIdType" {...form.register("taxIdType")} invalid={!!errors.taxIdType}>
            {TAX_ID_TYPES_BY_FORM[kind].map((t) => (
              <option key={t} value={t}>
                {TAX_ID_TYPE_LABELS[t]}
              </option>
            ))}
          </Select>
        </Field>
        {taxIdType !== "NONE" ? (
          <Field
            id="taxId"
            label="Number"
            error={errors.taxId?.message}
            hint="Stored encrypted; we only ever show its last 4."
          >
            <Input
              id="taxId"
              autoComplete="off"
              spellCheck={false}
              {...form.register("taxId")}
              invalid={!!errors.taxId}
            />
          </Field>
        ) : null}
      </div>
      <p className="rounded-md bg-zinc-50 p-3 text-sm text-zinc-700">{CERTIFICATIONS[kind]}</p>
      <Field
        id="signatureName"
        label="Signature: type your legal name"
        error={errors.signatureName?.message}
      >
        <Input
          id="signatureName"
          {...form.register("signatureName")}
          invalid={!!errors.signatureName}
        />
      </Field>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="checkbox"
          className="mt-1"
          {...form.register("certify")}
          aria-invalid={errors.certify ? true : undefined}
        />
        <span>I certify the statement above.</span>
      </label>
      {errors.certify ? <Alert>{errors.certify.message}</Alert> : null}
      <Button type="submit" pending={form.formState.isSubmitting}>
        Submit form
      </Button>
      {failure ? <Alert>{failure}</Alert> : null}
      <p role="status" className={saved ? "text-sm text-green-700" : "sr-only"}>
        {saved}
      </p>
    </form>
  );
}

/**
 * The promoter's tax page (`/settings/tax`, issue 11 §4): the form on file with its review
 * status, this year's paid total against the 1099-NEC threshold, and the W-9 / W-8BEN form.
 */
export function TaxSettings() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const status = useQuery(trpc.promoter.taxStatus.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.promoter.taxStatus.queryKey() });
  if (status.error) return <Alert>{status.error.message}</Alert>;
  if (!status.data) return <Loading label="Loading your tax form…" rows={4} />;
  const d = status.data;
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Tax form</h1>
        <p className="text-sm text-zinc-600">
          Commissions are reported to the IRS as nonemployee compensation. A new form replaces the
          one on file.
        </p>
      </div>
      <Card>
        <OnFile status={d} />
      </Card>
      <Card>
        <TaxFormEditor
          onSaved={refresh}
          defaultKind={
            d.form?.kind ?? (d.payoutCountry && d.payoutCountry !== "US" ? "W8BEN" : "W9")
          }
        />
      </Card>
    </div>
  );
}
