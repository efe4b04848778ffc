"use server";

import { redirect } from "next/navigation";

import { getDb } from "@fanfare/db";
import { completeSandboxOnboarding, getPayments } from "@fanfare/payments";

import { webEnv } from "~/lib/env";
import { sameOriginUrl } from "~/lib/safe-url";
import { assertSandboxMode } from "~/lib/sandbox";

export type OnboardingFormState = {
  fieldErrors?: Record<string, string | undefined>;
  error?: string;
};

/**
 * "Complete onboarding" on the sandbox's stand-in for Stripe's hosted onboarding: the sandbox
 * marks the account onboarded and posts the signed `account.updated` webhook, exactly as Stripe
 * would, then the user goes back to the `return` URL (where the page asks for a refresh).
 */
export async function completeOnboardingAction(
  accountId: string,
  _prev: OnboardingFormState,
  form: FormData,
): Promise<OnboardingFormState> {
  await assertSandboxMode();
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const fieldErrors: Record<string, string | undefined> = {};
  if (!text("firstName")) fieldErrors.firstName = "Enter your first name.";
  if (!text("lastName")) fieldErrors.lastName = "Enter your last name.";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text("dob"))) fieldErrors.dob = "Enter your date of birth.";
  if (!/^\d{4}$/.test(text("ssnLast4")))
    fieldErrors.ssnLast4 = "Enter the last 4 digits (sandbox: 0000 works).";
  if (!/^\d{9}$/.test(text("routing")))
    fieldErrors.routing = "A routing number has 9 digits (sandbox: 110000000).";
  if (!/^\d{4,17}$/.test(text("account")))
    fieldErrors.account = "Enter 4 to 17 digits (sandbox: 000123456789).";
  if (!form.get("tos")) fieldErrors.tos = "Accept the services agreement to continue.";
  if (Object.values(fieldErrors).some(Boolean)) return { fieldErrors };

  const db = await getDb();
  if (getPayments(db).mode !== "sandbox")
    return { error: "The payments sandbox is off: real Stripe keys are configured." };
  let delivery;
  try {
    delivery = await completeSandboxOnboarding(db, {
      accountId,
      webhookUrl: new URL("/api/webhooks/stripe", webEnv().APP_URL).toString(),
      bankAccount: { routingNumber: text("routing"), accountNumber: text("account") },
    });
  } catch (e) {
    return { error: e instanceof Error ? e.message : "Onboarding failed." };
  }
  if (delivery.status < 200 || delivery.status >= 300) {
    // The account is onboarded; Fanfare has not heard yet. Submitting again redelivers the event.
    return {
      error: `Your details are saved, but telling Fanfare failed (webhook status ${delivery.status}${delivery.deliveryError ? `: ${delivery.deliveryError}` : ""}). Submit again to retry.`,
    };
  }
  redirect(sameOriginUrl(String(form.get("returnUrl") ?? "")));
}
