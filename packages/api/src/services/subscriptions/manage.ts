import type { PrismaClient, SubscriptionInterval, SubscriptionState } from "@fanfare/db";
import type { PaymentsProvider } from "@fanfare/payments";
import type { MySubscriptionsOutput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { apiEnv } from "../env";

/** How long a checkout that never completed stays on the manage page (the return from Checkout). */
const UNFINISHED_SHOWN_MS = 24 * 3_600_000;

/**
 * The user's catalog subscriptions, newest first (issue 16 §3, the manage page): artist,
 * interval, price (cents per interval), status, period end, whether it ends then, when it
 * ended. A checkout never completed (no processor subscription) shows for a day, then not.
 */
export async function listMySubscriptions(
  input: { userId: string; now?: Date },
  db: PrismaClient,
): Promise<MySubscriptionsOutput> {
  const now = input.now ?? new Date();
  const rows = await db.catalogSubscription.findMany({
    where: {
      userId: input.userId,
      OR: [
        { stripeSubscriptionId: { not: null } },
        { status: "incomplete", createdAt: { gte: new Date(now.getTime() - UNFINISHED_SHOWN_MS) } },
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: {
      id: true,
      interval: true,
      priceCents: true,
      currency: true,
      status: true,
      currentPeriodEnd: true,
      cancelAtPeriodEnd: true,
      endedAt: true,
      createdAt: true,
      stripeCustomerId: true,
      artist: { select: { id: true, name: true, slug: true } },
    },
  });
  return rows.map(({ stripeCustomerId, ...r }) => ({
    ...r,
    interval: r.interval as SubscriptionInterval,
    status: r.status as SubscriptionState,
    canOpenPortal: stripeCustomerId != null,
  }));
}

/** The user's own subscription, or NOT_FOUND (another user's is not found either). */
async function ownSubscriptionOrThrow(
  input: { userId: string; subscriptionId: string },
  db: PrismaClient,
) {
  const row = await db.catalogSubscription.findFirst({
    where: { id: input.subscriptionId, userId: input.userId },
    select: {
      id: true,
      status: true,
      stripeSubscriptionId: true,
      stripeCustomerId: true,
      cancelAtPeriodEnd: true,
      currentPeriodEnd: true,
    },
  });
  if (!row)
    throw new AppError(
      "NOT_FOUND",
      `Subscription ${input.subscriptionId} was not found among your subscriptions.`,
    );
  return row;
}

/**
 * Cancels the user's own subscription at the end of its period (`cancelSubscription`,
 * `atPeriodEnd: true`): downloads go on until then and nothing more is charged. The processor's
 * `customer.subscription.updated` (then `.deleted` at the period's end) carries the state; the
 * row's `cancelAtPeriodEnd` is set at once from the processor's answer, so the page shows it
 * before the event arrives. Cancelling again changes nothing.
 * @returns `{ subscriptionId, cancelAtPeriodEnd, currentPeriodEnd }`.
 * @throws AppError NOT_FOUND (not the user's), CONFLICT (never started, or already ended),
 *   PAYMENT_PROVIDER (the processor refused or could not be reached).
 */
export async function cancelMySubscription(
  input: { userId: string; subscriptionId: string },
  deps: { db: PrismaClient; payments: Pick<PaymentsProvider, "cancelSubscription"> },
): Promise<{ subscriptionId: string; cancelAtPeriodEnd: boolean; currentPeriodEnd: Date | null }> {
  const row = await ownSubscriptionOrThrow(input, deps.db);
  if (row.status === "canceled")
    throw new AppError("CONFLICT", `Subscription ${row.id} has already ended.`);
  if (!row.stripeSubscriptionId)
    throw new AppError(
      "CONFLICT",
      `Subscription ${row.id} has not started (its checkout was not completed): there is nothing to cancel.`,
    );
  let state;
  try {
    state = await deps.payments.cancelSubscription({
      subscriptionId: row.stripeSubscriptionId,
      atPeriodEnd: true,
    });
  } catch (e) {
    throw new AppError(
      "PAYMENT_PROVIDER",
      `Could not cancel subscription ${row.id}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  // Only the flag, and only while it runs: the event brings the rest in its order.
  await deps.db.catalogSubscription.updateMany({
    where: { id: row.id, status: { not: "canceled" } },
    data: { cancelAtPeriodEnd: state.cancelAtPeriodEnd },
  });
  return {
    subscriptionId: row.id,
    cancelAtPeriodEnd: state.cancelAtPeriodEnd,
    currentPeriodEnd: state.currentPeriodEnd,
  };
}

/**
 * A customer portal page for the user's own subscription (`createPortalSession`): the payment
 * method and cancelling, nothing else; back to `${APP_URL}/subscriptions`.
 * @returns `{ url }` to send the user to.
 * @throws AppError NOT_FOUND (not the user's), CONFLICT (the checkout never completed: the
 *   processor has no customer yet), PAYMENT_PROVIDER.
 */
export async function openSubscriptionPortal(
  input: { userId: string; subscriptionId: string },
  deps: { db: PrismaClient; payments: Pick<PaymentsProvider, "createPortalSession"> },
): Promise<{ url: string }> {
  const row = await ownSubscriptionOrThrow(input, deps.db);
  if (!row.stripeCustomerId)
    throw new AppError(
      "CONFLICT",
      `Subscription ${row.id} has no payment account yet: complete its checkout first.`,
    );
  try {
    const session = await deps.payments.createPortalSession({
      customerId: row.stripeCustomerId,
      returnUrl: new URL("/subscriptions", apiEnv().APP_URL).toString(),
    });
    return { url: session.url };
  } catch (e) {
    throw new AppError(
      "PAYMENT_PROVIDER",
      `Could not open the payment page of subscription ${row.id}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
