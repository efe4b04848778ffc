"use server";

import { redirect } from "next/navigation";

import { getDb } from "@fanfare/db";
import { completeSandboxCheckout } from "@fanfare/payments";

import { webEnv } from "~/lib/env";
import { assertSandboxMode } from "~/lib/sandbox";

/**
 * "Pay" in the offline sandbox: the sandbox posts a signed `checkout.session.completed` event to
 * our own webhook route, exactly as Stripe would, then the buyer goes to the success URL.
 */
export async function paySandboxCheckout(sessionId: string, form: FormData) {
  await assertSandboxMode();
  const buyerName = String(form.get("name") ?? "").slice(0, 80) || undefined;
  const result = await completeSandboxCheckout(await getDb(), {
    sessionId,
    buyerName,
    webhookUrl: new URL("/api/webhooks/stripe", webEnv().APP_URL).toString(),
  });
  if (result.status < 200 || result.status >= 300) {
    redirect(
      `/sandbox/checkout/${encodeURIComponent(sessionId)}?delivery=failed&status=${result.status}`,
    );
  }
  redirect(result.successUrl);
}
