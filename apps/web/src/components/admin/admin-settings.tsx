"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";

import type { RouterOutputs } from "@fanfare/api";
import { Alert } from "@fanfare/ui/alert";
import { Badge, Button, Card, Field, Input, Loading, Select } from "@fanfare/ui";
import type { ProgramSettingKey } from "@fanfare/validators";
import {
  PROGRAM_SETTING_DEFS,
  PROGRAM_SETTING_KEYS,
  programSettingsFormSchema,
  settingChoice,
} from "@fanfare/validators";
import { formatCents } from "@fanfare/validators/money";

import { useSave, useZodForm } from "~/lib/form";
import { formatUtc } from "~/lib/format";
import { useTRPC } from "~/trpc/react";

type SettingState = RouterOutputs["admin"]["settings"]["get"][number];

/** A setting's value in words: "10 % (1,000 bps)", "$5.00", "14 days", "1 hour", "5 clicks". */
export function settingInWords(key: ProgramSettingKey, value: number): string {
  const unit = PROGRAM_SETTING_DEFS[key].unit;
  if (unit === "choice") return settingChoice(key, value) ?? String(value);
  if (unit === "points") return `${value} point${value === 1 ? "" : "s"}`;
  if (unit === "bps") return `${value / 100} % (${value.toLocaleString("en-US")} bps)`;
  if (unit === "cents") return formatCents(value, "usd");
  if (unit === "clicks") return `${value} click${value === 1 ? "" : "s"}`;
  if (unit === "months") return `${value} month${value === 1 ? "" : "s"}`;
  if (unit === "requests")
    return `${value.toLocaleString("en-US")} request${value === 1 ? "" : "s"} an hour`;
  if (unit === "seconds")
    return value % 3600 === 0
      ? `${value / 3600} hour${value === 3600 ? "" : "s"}`
      : `${value.toLocaleString("en-US")} seconds`;
  return `${value} day${value === 1 ? "" : "s"}`;
}

/** The form's starting values: what is saved (else the default), never an environment override. */
const formValues = (states: SettingState[]) =>
  Object.fromEntries(
    PROGRAM_SETTING_KEYS.map((k) => {
      const s = states.find((x) => x.key === k);
      return [k, String(s?.saved ?? s?.default ?? PROGRAM_SETTING_DEFS[k].default)];
    }),
  ) as Record<ProgramSettingKey, string>;

function SettingsForm({ states }: { states: SettingState[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState<string | null>(null);
  const form = useZodForm(programSettingsFormSchema, {
    defaultValues: { values: formValues(states), reason: "" },
  });
  const { failure, save } = useSave(form);
  const update = useMutation(trpc.admin.settings.update.mutationOptions());
  const errors = form.formState.errors;
  const pending = form.formState.isSubmitting;
  useEffect(() => {
    form.reset({ values: formValues(states), reason: "" });
  }, [states, form]);

  return (
    <form
      noValidate
      className="space-y-6"
      aria-label="Program settings"
      onSubmit={form.handleSubmit(async (input) => {
        setSaved(null);
        if (!(await save(() => update.mutateAsync(input)))) return;
        setSaved("Saved. New sales, clicks and payouts use these settings within 5 seconds.");
        await queryClient.invalidateQueries({ queryKey: trpc.admin.pathKey() });
      })}
    >
      <div className="grid gap-6 md:grid-cols-2">
        {PROGRAM_SETTING_KEYS.map((key) => {
          const def = PROGRAM_SETTING_DEFS[key];
          const state = states.find((s) => s.key === key);
          const id = `setting-${key}`;
          return (
            <div key={key} className="space-y-2" data-testid={`setting-${key}`}>
              <Field
                id={id}
                label={"choices" in def ? def.label : `${def.label} (${def.unit})`}
                error={errors.values?.[key]?.message}
                hint={`${def.help} Default: ${settingInWords(key, def.default)}.`}
              >
                {"choices" in def ? (
                  <Select
                    id={id}
                    {...form.register(`values.${key}`)}
                    invalid={!!errors.values?.[key]}
                  >
                    {def.choices.map((label, value) => (
                      <option key={label} value={String(value)}>
                        {label}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Input
                    id={id}
                    inputMode="numeric"
                    {...form.register(`values.${key}`)}
                    invalid={!!errors.values?.[key]}
                  />
                )}
              </Field>
              {state ? (
                <p className="flex flex-wrap items-center gap-2 text-sm text-zinc-600">
                  In force: <strong>{settingInWords(key, state.value)}</strong>
                  {state.source === "environment" ? (
                    <Badge tone="amber">Overridden by environment ({def.env})</Badge>
                  ) : state.source === "saved" ? (
                    <Badge tone="green">
                      Saved{state.updatedAt ? ` ${formatUtc(state.updatedAt)}` : ""}
                    </Badge>
                  ) : (
                    <Badge tone="zinc">Default</Badge>
                  )}
                </p>
              ) : null}
            </div>
          );
        })}
      </div>
      <Field
        id="settings-reason"
        label="Reason for the change"
        error={errors.reason?.message}
        hint="Kept in the audit log with the values before and after."
      >
        <Input id="settings-reason" {...form.register("reason")} invalid={!!errors.reason} />
      </Field>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={pending}>
          {pending ? "Saving…" : "Save settings"}
        </Button>
        {saved ? (
          <p role="status" className="text-sm text-green-800">
            {saved}
          </p>
        ) : null}
      </div>
      <Alert className="w-full">{failure}</Alert>
    </form>
  );
}

/**
 * The program settings (issue 11 §1): each setting with its value in force and where it comes
 * from; a change applies to what happens next (each sale keeps the fee and holding period it
 * completed under) and is audited.
 */
export function AdminSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.admin.settings.get.queryOptions());
  return (
    <Card>
      <section aria-labelledby="settings-h" className="space-y-4">
        <div>
          <h2 id="settings-h" className="text-lg font-semibold">
            Program settings
          </h2>
          <p className="text-sm text-zinc-600">
            A change applies from now on: past sales keep the fee, commission and holding period
            they were settled with. An environment variable, when set, wins over the saved value.
          </p>
        </div>
        {settings.error ? <Alert>{settings.error.message}</Alert> : null}
        {settings.data ? <SettingsForm states={settings.data} /> : <Loading />}
      </section>
    </Card>
  );
}
