"use server";

import { redirect } from "next/navigation";

import { getDb } from "@fanfare/db";
import {
  getPayments,
  getSandboxPortalSession,
  getSandboxSubscription,
  setSandboxPaymentFails,
} from "@fanfare/payments";

import { assertSandboxMode } from "~/lib/sandbox";

const back = (portalId: string, query: string) =>
  `/sandbox/portal/${encodeURIComponent(portalId)}?${query}`;

/**
 * "Cancel at period end" on the sandbox's stand-in for Stripe's customer portal: the provider's
 * `cancelSubscription` (which posts the signed `customer.subscription.updated` webhook, as Stripe
 * would), for a subscription of the portal session's customer only (the session id is the
 * capability, as a Stripe portal URL is).
 */
export async function cancelSandboxPortalSubscription(portalId: string, subscriptionId: string) {
  await assertSandboxMode();
  const db = await getDb();
  const session = await getSandboxPortalSession(db, portalId);
  const subscription = await getSandboxSubscription(db, subscriptionId);
  if (!session || subscription?.customer !== session.customer)
    redirect(back(portalId, "error=not-found"));
  try {
    await getPayments(db).cancelSubscription({ subscriptionId, atPeriodEnd: true });
  } catch {
    redirect(back(portalId, "error=cancel"));
  }
  redirect(back(portalId, "done=cancelled"));
}

/**
 * "Update card": the customer's card works again (`setSandboxPaymentFails(false)`); a past-due
 * renewal is retried on the subscription's clock, as Stripe retries with the new card.
 */
export async function updateSandboxPortalCard(portalId: string) {
  await assertSandboxMode();
  const db = await getDb();
  const session = await getSandboxPortalSession(db, portalId);
  if (!session) redirect(back(portalId, "error=not-found"));
  await setSandboxPaymentFails(db, { customerId: session.customer, fails: false });
  redirect(back(portalId, "done=card"));
}
