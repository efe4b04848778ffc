import { zodResolver } from "@hookform/resolvers/zod";
import { useActionState, useState, useTransition } from "react";
import type { FormEvent } from "react";
import { useForm } from "react-hook-form";
import type { FieldValues, Path, UseFormProps, UseFormReturn } from "react-hook-form";
import type { z } from "zod";

import { fieldErrorsOf } from "./trpc-errors";

/**
 * The web's one way to run a form: react-hook-form with a zod schema from
 * `@fanfare/validators` as its resolver, so the browser refuses what the server would, with the
 * same messages, before sending. Fields are checked when left and again as they change after
 * that; the submit handler receives the schema's output (e.g. dollars already in cents).
 */
export function useZodForm<S extends z.ZodType<unknown, FieldValues>>(
  schema: S,
  options: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, "resolver"> = {},
): UseFormReturn<z.input<S>, unknown, z.output<S>> {
  return useForm<z.input<S>, unknown, z.output<S>>({
    // @hookform/resolvers' zod overloads infer the same three types from the schema.
    resolver: zodResolver(schema as never) as never,
    mode: "onTouched",
    ...options,
  });
}

/**
 * Shows a failed call's field errors (the server's zod or AppError `fieldErrors`) on the form's
 * fields, through `fieldOf` where the server names a field differently (`priceCents` → `price`).
 * @returns true when at least one error landed on a field; false when the error concerns no
 *   field of this form (show its message as the form's Alert then).
 */
export function showServerErrors<T extends FieldValues>(
  form: Pick<UseFormReturn<T, unknown, unknown>, "setError" | "getValues">,
  error: unknown,
  fieldOf: Record<string, string> = {},
): boolean {
  const fields = new Set(Object.keys(form.getValues()));
  let shown = false;
  for (const [serverField, message] of Object.entries(
    fieldErrorsOf(error as { data?: unknown } | null),
  )) {
    const field = fieldOf[serverField] ?? serverField;
    if (!message || !fields.has(field)) continue;
    form.setError(field as Path<T>, { type: "server", message }, { shouldFocus: !shown });
    shown = true;
  }
  return shown;
}

/**
 * A form's save with the kit's error handling: `save(fn)` runs the call; when it fails, the
 * server's field errors go on the form's fields (`showServerErrors`, through `fieldOf`) and any
 * other reason becomes `failure`, the form's Alert. Resolves true when the call succeeded.
 */
export function useSave<T extends FieldValues>(
  form: Pick<UseFormReturn<T, unknown, unknown>, "setError" | "getValues">,
  fieldOf: Record<string, string> = {},
) {
  const [failure, setFailure] = useState<string | null>(null);
  const save = async (fn: () => Promise<unknown>): Promise<boolean> => {
    setFailure(null);
    try {
      await fn();
      return true;
    } catch (e) {
      if (!showServerErrors(form, e, fieldOf)) setFailure((e as Error).message);
      return false;
    }
  };
  return { failure, save };
}

/** What an auth server action answers (`~/app/(site)/(auth)/actions.ts`'s FormState). */
type ActionState = {
  error?: string;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};

/**
 * A form posted to a server action (sign in, sign up, password reset) that keeps working
 * without JavaScript, checked in the browser first when there is: `onSubmit` runs the schema,
 * shows its errors and sends nothing, or hands the form's data to the action. `errorOf(field)`
 * is the browser's message for a field, else the server's (after a round trip).
 */
export function useActionForm<S extends z.ZodType<unknown, FieldValues>>(
  schema: S,
  serverAction: (state: ActionState, data: FormData) => Promise<ActionState>,
  defaultValues: UseFormProps<z.input<S>, unknown, z.output<S>>["defaultValues"],
) {
  const [state, action, actionPending] = useActionState(serverAction, {});
  const [transitionPending, startTransition] = useTransition();
  const form = useZodForm(schema, { defaultValues });
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    const element = e.currentTarget;
    e.preventDefault();
    void form.handleSubmit(() => {
      startTransition(() => action(new FormData(element)));
    })(e);
  };
  const errorOf = (field: string): string | undefined => {
    const mine = (form.formState.errors as Record<string, { message?: string } | undefined>)[field];
    return mine?.message ?? state.fieldErrors?.[field]?.[0];
  };
  return {
    form,
    state,
    action,
    pending: actionPending || transitionPending,
    onSubmit,
    errorOf,
  };
}
