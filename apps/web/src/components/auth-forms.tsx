"use client";

import Link from "next/link";

import { Alert } from "@fanfare/ui/alert";
import { Button, Field, Input } from "@fanfare/ui";
import { ZEmailForm, ZResetPasswordForm, ZSignInInput, ZSignUpForm } from "@fanfare/validators";

import { useActionForm } from "~/lib/form";
import {
  forgotPasswordAction,
  magicLinkAction,
  resetPasswordAction,
  signInAction,
  signUpAction,
} from "~/app/(site)/(auth)/actions";

/** The form-level error of an auth form (field errors show beside their fields). */
function FormError({ message }: { message?: string }) {
  return message ? <Alert>{message}</Alert> : null;
}

/**
 * `/sign-in` or `/sign-up` carrying the page to return to, so switching between the two keeps it
 * (a promoter sent to sign in from "Get your link" comes back to the track after signing up).
 */
export function authHref(page: "/sign-in" | "/sign-up", next?: string): string {
  return next ? `${page}?next=${encodeURIComponent(next)}` : page;
}

export function SignUpForm({ next, recruitCode }: { next?: string; recruitCode?: string }) {
  const { form, state, action, pending, onSubmit, errorOf } = useActionForm(
    ZSignUpForm,
    signUpAction,
    { name: "", email: "", password: "", artistName: "" },
  );
  const { register } = form;
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next ?? "/dashboard"} />
      {recruitCode ? <input type="hidden" name="recruitCode" value={recruitCode} /> : null}
      <Field id="name" label="Your name" error={errorOf("name")}>
        <Input
          id="name"
          {...register("name")}
          autoComplete="name"
          defaultValue={state.values?.name}
          invalid={!!errorOf("name")}
          required
        />
      </Field>
      <Field id="email" label="Email" error={errorOf("email")}>
        <Input
          id="email"
          {...register("email")}
          type="email"
          autoComplete="email"
          defaultValue={state.values?.email}
          invalid={!!errorOf("email")}
          required
        />
      </Field>
      <Field
        id="password"
        label="Password"
        error={errorOf("password")}
        hint="At least 8 characters."
      >
        <Input
          id="password"
          {...register("password")}
          type="password"
          autoComplete="new-password"
          invalid={!!errorOf("password")}
          required
          minLength={8}
        />
      </Field>
      <Field
        id="artistName"
        label="Artist name (optional)"
        error={errorOf("artistName")}
        hint="Fill this in to sell your own music. Everyone can promote."
      >
        <Input
          id="artistName"
          {...register("artistName")}
          defaultValue={state.values?.artistName}
          invalid={!!errorOf("artistName")}
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
  const { form, state, action, pending, onSubmit, errorOf } = useActionForm(
    ZSignInInput,
    signInAction,
    { email: email ?? "", password: "" },
  );
  const { register } = form;
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next ?? "/dashboard"} />
      <Field id="email" label="Email" error={errorOf("email")}>
        <Input
          id="email"
          {...register("email")}
          type="email"
          autoComplete="email"
          defaultValue={state.values?.email ?? email}
          invalid={!!errorOf("email")}
          required
        />
      </Field>
      <Field id="password" label="Password" error={errorOf("password")}>
        <Input
          id="password"
          {...register("password")}
          type="password"
          autoComplete="current-password"
          invalid={!!errorOf("password")}
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
  const { form, state, action, pending, onSubmit, errorOf } = useActionForm(
    ZEmailForm,
    magicLinkAction,
    { email: "" },
  );
  const error = errorOf("email") ?? state.error;
  return (
    <form
      action={action}
      onSubmit={onSubmit}
      className="space-y-3 border-t border-zinc-200 pt-4"
      noValidate
    >
      <input type="hidden" name="next" value={next ?? "/dashboard"} />
      <Field id="magic-email" label="Or get a sign-in link by email" error={error}>
        <Input
          id="magic-email"
          {...form.register("email")}
          type="email"
          autoComplete="email"
          defaultValue={state.values?.email}
          invalid={!!error}
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
  const { form, state, action, pending, onSubmit, errorOf } = useActionForm(
    ZEmailForm,
    forgotPasswordAction,
    { email: "" },
  );
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
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field
        id="email"
        label="Email"
        error={errorOf("email")}
        hint="We email a link to choose a new password."
      >
        <Input
          id="email"
          {...form.register("email")}
          type="email"
          autoComplete="email"
          defaultValue={state.values?.email}
          invalid={!!errorOf("email")}
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
  const { form, state, action, pending, onSubmit, errorOf } = useActionForm(
    ZResetPasswordForm,
    resetPasswordAction,
    { password: "", confirm: "" },
  );
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-4" noValidate>
      <input type="hidden" name="token" value={token} />
      <Field
        id="password"
        label="New password"
        error={errorOf("password")}
        hint="At least 8 characters. Signs you out on every device."
      >
        <Input
          id="password"
          {...form.register("password")}
          type="password"
          autoComplete="new-password"
          invalid={!!errorOf("password")}
          required
          minLength={8}
        />
      </Field>
      <Field id="confirm" label="New password again" error={errorOf("confirm")}>
        <Input
          id="confirm"
          {...form.register("confirm")}
          type="password"
          autoComplete="new-password"
          invalid={!!errorOf("confirm")}
          required
          minLength={8}
        />
      </Field>
      {state.error ? (
        <Alert>
          {state.error}{" "}
          <Link href="/forgot-password" className="font-medium text-brand-600">
            Ask for a new link
          </Link>
        </Alert>
      ) : null}
      <Button type="submit" pending={pending} className="w-full">
        {pending ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
