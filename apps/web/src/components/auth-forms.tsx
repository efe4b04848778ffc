"use client";

import Link from "next/link";
import { useActionState } from "react";

import { Button, Field, Input } from "@fanfare/ui";

import type { FormState } from "~/app/(auth)/actions";
import {
  forgotPasswordAction,
  magicLinkAction,
  resetPasswordAction,
  signInAction,
  signUpAction,
} from "~/app/(auth)/actions";

/** The form-level error of an auth form (field errors show beside their fields). */
function FormError({ message }: { message?: string }) {
  return message ? (
    <p role="alert" className="text-sm text-red-600">
      {message}
    </p>
  ) : null;
}

/**
 * `/sign-in` or `/sign-up` carrying the page to return to, so switching between the two keeps it
 * (a promoter sent to sign in from "Get your link" comes back to the track after signing up).
 */
export function authHref(page: "/sign-in" | "/sign-up", next?: string): string {
  return next ? `${page}?next=${encodeURIComponent(next)}` : page;
}

export function SignUpForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signUpAction, {});
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next ?? "/dashboard"} />
      <Field id="name" label="Your name" error={fe.name}>
        <Input
          id="name"
          name="name"
          autoComplete="name"
          defaultValue={state.values?.name}
          invalid={!!fe.name}
          required
        />
      </Field>
      <Field id="email" label="Email" error={fe.email}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={state.values?.email}
          invalid={!!fe.email}
          required
        />
      </Field>
      <Field id="password" label="Password" error={fe.password} hint="At least 8 characters.">
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          invalid={!!fe.password}
          required
          minLength={8}
        />
      </Field>
      <Field
        id="artistName"
        label="Artist name (optional)"
        error={fe.artistName}
        hint="Fill this in to sell your own music. Everyone can promote."
      >
        <Input
          id="artistName"
          name="artistName"
          defaultValue={state.values?.artistName}
          invalid={!!fe.artistName}
        />
      </Field>
      <FormError message={state.error} />
      <Button type="submit" pending={pending} className="w-full">
        {pending ? "Creating your account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        Already have an account?{" "}
        <Link href={authHref("/sign-in", next)} className="font-medium text-brand-600">
          Sign in
        </Link>
      </p>
    </form>
  );
}

export function SignInForm({ next, email }: { next?: string; email?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(signInAction, {});
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next ?? "/dashboard"} />
      <Field id="email" label="Email" error={fe.email}>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={state.values?.email ?? email}
          invalid={!!fe.email}
          required
        />
      </Field>
      <Field id="password" label="Password" error={fe.password}>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          invalid={!!fe.password}
          required
        />
      </Field>
      <p className="-mt-2 text-right text-sm">
        <Link href="/forgot-password" className="font-medium text-brand-600">
          Forgot password?
        </Link>
      </p>
      <FormError message={state.error} />
      <Button type="submit" pending={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        New here?{" "}
        <Link href={authHref("/sign-up", next)} className="font-medium text-brand-600">
          Create an account
        </Link>
      </p>
    </form>
  );
}

export function MagicLinkForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(magicLinkAction, {});
  return (
    <form action={action} className="space-y-3 border-t border-zinc-200 pt-4">
      <input type="hidden" name="next" value={next ?? "/dashboard"} />
      <Field id="magic-email" label="Or get a sign-in link by email" error={state.error}>
        <Input
          id="magic-email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={state.values?.email}
        />
      </Field>
      <Button type="submit" variant="secondary" pending={pending} className="w-full">
        Email me a link
      </Button>
    </form>
  );
}

/** "Forgot password?": asks for the address and always answers the same (no enumeration). */
export function ForgotPasswordForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(forgotPasswordAction, {});
  const fe = state.fieldErrors ?? {};
  if (state.message) {
    return (
      <div className="space-y-4">
        <p role="status" className="rounded-lg bg-green-50 p-3 text-sm text-green-800">
          {state.message} The link works once and expires soon; check your spam folder if nothing
          arrives.
        </p>
        <p className="text-center text-sm text-zinc-600">
          <Link href="/sign-in" className="font-medium text-brand-600">
            Back to sign in
          </Link>
        </p>
      </div>
    );
  }
  return (
    <form action={action} className="space-y-4" noValidate>
      <Field
        id="email"
        label="Email"
        error={fe.email}
        hint="We email a link to choose a new password."
      >
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={state.values?.email}
          invalid={!!fe.email}
          required
        />
      </Field>
      <FormError message={state.error} />
      <Button type="submit" pending={pending} className="w-full">
        {pending ? "Sending…" : "Email me a reset link"}
      </Button>
      <p className="text-center text-sm text-zinc-600">
        Remembered it?{" "}
        <Link href="/sign-in" className="font-medium text-brand-600">
          Sign in
        </Link>
      </p>
    </form>
  );
}

/** The new password for a reset link (`token` from the URL). */
export function ResetPasswordForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<FormState, FormData>(resetPasswordAction, {});
  const fe = state.fieldErrors ?? {};
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <Field
        id="password"
        label="New password"
        error={fe.password}
        hint="At least 8 characters. Signs you out on every device."
      >
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          invalid={!!fe.password}
          required
          minLength={8}
        />
      </Field>
      <Field id="confirm" label="New password again" error={fe.confirm}>
        <Input
          id="confirm"
          name="confirm"
          type="password"
          autoComplete="new-password"
          invalid={!!fe.confirm}
          required
          minLength={8}
        />
      </Field>
      {state.error ? (
        <p role="alert" className="text-sm text-red-600">
          {state.error}{" "}
          <Link href="/forgot-password" className="font-medium text-brand-600">
            Ask for a new link
          </Link>
        </p>
      ) : null}
      <Button type="submit" pending={pending} className="w-full">
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
