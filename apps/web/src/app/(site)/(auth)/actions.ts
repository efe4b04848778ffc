"use server";

import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";

import { AppError } from "@fanfare/api/services/app-error";
import { formatWait, RateLimitedError } from "@fanfare/api/services/rate-limit";
import { ipFromHeaders } from "@fanfare/api/services/rate-limit/request-ip";
import {
  SIGN_IN_BUSY_CODE,
  SIGN_IN_RATE_LIMITED_CODE,
} from "@fanfare/api/services/users/auth-hooks";
import { requestPasswordReset, resetPassword } from "@fanfare/api/services/users/password-reset";
import { signUp } from "@fanfare/api/services/users/sign-up";
import { assertSignUpAllowed } from "@fanfare/api/services/users/sign-up-limit";
import { getDb } from "@fanfare/db";
import {
  ACT_AS_COOKIE,
  safeRedirectPath,
  ZEmail,
  ZPassword,
  ZSignInInput,
  ZSignUpInput,
} from "@fanfare/validators";

import { signIn, signOut } from "~/auth";

export type FormState = {
  error?: string;
  /** A success message shown instead of the form's fields (e.g. "check your inbox"). */
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  values?: Record<string, string>;
};

/** Where to go after signing in: the form's `next`, when it is a path on this site. */
const nextPath = (form: FormData) => safeRedirectPath(form.get("next"));

/** The message of a sign-in refused for a reason other than the password (rate limit, busy). */
function signInRefusal(e: AuthError): string {
  const code = e instanceof CredentialsSignin ? e.code : undefined;
  const wait =
    "retryAfterSeconds" in e && typeof e.retryAfterSeconds === "number"
      ? formatWait(e.retryAfterSeconds)
      : null;
  if (code === SIGN_IN_RATE_LIMITED_CODE)
    return `Too many sign-in attempts; try again in ${wait ?? "a few minutes"}, or reset your password.`;
  if (code === SIGN_IN_BUSY_CODE) return `The server is busy; try again in ${wait ?? "a moment"}.`;
  return "Wrong email or password.";
}

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = {
    name: String(form.get("name") ?? ""),
    email: String(form.get("email") ?? ""),
    artistName: String(form.get("artistName") ?? ""),
  };
  const parsed = ZSignUpInput.safeParse({
    ...values,
    password: form.get("password"),
    artistName: values.artistName.trim() || undefined,
    // The recruit link's code (issue 14 §6); anything else is ignored by the schema.
    recruitCode: form.get("recruitCode") ?? undefined,
  });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    await assertSignUpAllowed({ ip: ipFromHeaders(await headers()) });
    await signUp(parsed.data, await getDb());
  } catch (e) {
    if (e instanceof RateLimitedError) return { error: e.message, values };
    if (e instanceof AppError && e.field)
      return { fieldErrors: { [e.field]: [e.message] }, values };
    throw e;
  }
  await signIn("credentials", {
    email: parsed.data.email,
    password: parsed.data.password,
    redirectTo: nextPath(form),
  });
  return {};
}

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { email: String(form.get("email") ?? "") };
  const parsed = ZSignInInput.safeParse({
    email: form.get("email"),
    password: form.get("password"),
  });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: nextPath(form) });
  } catch (e) {
    if (e instanceof AuthError) return { error: signInRefusal(e), values };
    throw e;
  }
  return {};
}

export async function magicLinkAction(_prev: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get("email") ?? "");
  const parsed = ZEmail.safeParse(email);
  if (!parsed.success)
    return { error: z.flattenError(parsed.error).formErrors.join(" "), values: { email } };
  try {
    await signIn("nodemailer", { email: parsed.data, redirectTo: nextPath(form) });
  } catch (e) {
    // Auth.js wraps what sendMagicLink threw (a rate limit among others) in its own error.
    if (e instanceof AuthError)
      return {
        error:
          "Could not send the sign-in link: check the address, or wait a while if you asked for several links.",
        values: { email },
      };
    throw e;
  }
  return {};
}

/**
 * "Forgot password?": queues a reset link when the address has an account. The answer is the
 * same either way (no account enumeration); only a rate limit answers differently, and it
 * counts unknown addresses too.
 */
export async function forgotPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { email: String(form.get("email") ?? "") };
  const email = ZEmail.safeParse(values.email);
  if (!email.success)
    return { fieldErrors: { email: z.flattenError(email.error).formErrors }, values };
  try {
    const answer = await requestPasswordReset(
      { email: email.data, ip: ipFromHeaders(await headers()) },
      await getDb(),
    );
    return { message: answer.message, values };
  } catch (e) {
    if (e instanceof RateLimitedError) return { error: e.message, values };
    throw e;
  }
}

/**
 * Sets the new password from a reset link, which signs the account out everywhere, then sends
 * the user to sign in with it.
 */
export async function resetPasswordAction(_prev: FormState, form: FormData): Promise<FormState> {
  const token = String(form.get("token") ?? "");
  const password = ZPassword.safeParse(form.get("password"));
  if (!password.success)
    return { fieldErrors: { password: z.flattenError(password.error).formErrors } };
  if (form.get("confirm") !== password.data)
    return { fieldErrors: { confirm: ["The two passwords differ."] } };
  let email: string;
  try {
    ({ email } = await resetPassword({ token, newPassword: password.data }, await getDb()));
  } catch (e) {
    if (e instanceof AppError) return { error: e.message };
    throw e;
  }
  redirect(`/sign-in?reset=1&email=${encodeURIComponent(email)}`);
}

export async function signOutAction() {
  // A label's "acting for an artist" ends with the session (issue 16 §5).
  (await cookies()).delete(ACT_AS_COOKIE);
  await signOut({ redirectTo: "/" });
}
