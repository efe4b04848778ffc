"use server";

import { AuthError } from "next-auth";
import { z } from "zod";

import { AppError } from "@fanfare/api/services/app-error";
import { signUp } from "@fanfare/api/services/users/sign-up";
import { signIn, signOut } from "~/auth";
import { getDb } from "@fanfare/db";
import { ZSignInInput, ZSignUpInput } from "@fanfare/validators";

export type FormState = { error?: string; fieldErrors?: Record<string, string[] | undefined>; values?: Record<string, string> };

/** Only same-site paths may be redirected to after signing in. */
const safeNext = (next: FormDataEntryValue | null) => (typeof next === "string" && next.startsWith("/") && !next.startsWith("//") ? next : "/dashboard");

export async function signUpAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), artistName: String(form.get("artistName") ?? "") };
  const parsed = ZSignUpInput.safeParse({ ...values, password: form.get("password"), artistName: values.artistName.trim() || undefined });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    await signUp(parsed.data, await getDb());
  } catch (e) {
    if (e instanceof AppError && e.field) return { fieldErrors: { [e.field]: [e.message] }, values };
    throw e;
  }
  await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: safeNext(form.get("next")) });
  return {};
}

export async function signInAction(_prev: FormState, form: FormData): Promise<FormState> {
  const values = { email: String(form.get("email") ?? "") };
  const parsed = ZSignInInput.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeNext(form.get("next")) });
  } catch (e) {
    if (e instanceof AuthError) return { error: "Wrong email or password.", values };
    throw e;
  }
  return {};
}

export async function magicLinkAction(_prev: FormState, form: FormData): Promise<FormState> {
  const email = String(form.get("email") ?? "");
  try {
    await signIn("nodemailer", { email, redirectTo: safeNext(form.get("next")) });
  } catch (e) {
    if (e instanceof AuthError) return { error: "Could not send the sign-in link; check the address.", values: { email } };
    throw e;
  }
  return {};
}

export async function signOutAction() {
  await signOut({ redirectTo: "/" });
}
