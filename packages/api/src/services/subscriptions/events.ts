/**
 * The processor's catalog-subscription events applied to our `CatalogSubscription` (issue 16 §3).
 * `handleProviderEvent` (services/checkout/handle-stripe-event.ts) calls these inside its
 * transaction, after it recorded the event id (a duplicate never reaches here):
 * - `checkout.session.completed` with `mode: "subscription"` → `applySubscriptionCheckoutCompleted`
 * - `checkout.session.expired` with `mode: "subscription"` → `applySubscriptionCheckoutExpired`
 * - `customer.subscription.created|updated|deleted` → `applySubscriptionState`
 * - `invoice.payment_failed` → `applyInvoicePaymentFailed`
 * (`invoice.paid` is the money path: the lead's Sale and recurring commission.) Each finds our row
 * by the processor's subscription id, else by our id in the metadata, locks it, and is idempotent:
 * applying the same event twice leaves the row as once.
 */
import type { Prisma } from "@fanfare/db";
import type { InvoiceLike, SubscriptionLike } from "@fanfare/payments";
import { toSubscriptionInvoice, toSubscriptionState } from "@fanfare/payments";
import { formatCents } from "@fanfare/validators";

import type { HandleEventResult, ProviderEvent } from "../money/types";
import { notify } from "../notifications/notify";
import type { MirroredState } from "./state";
import { laterOf, mergeReportedState } from "./state";

type Tx = Prisma.TransactionClient;

/** The fields of a subscription-mode Checkout Session we read (docs.stripe.com/api/checkout/sessions/object). */
export type SubscriptionCheckoutSessionObject = {
  id: string;
  mode?: string | null;
  client_reference_id?: string | null;
  metadata?: Record<string, string> | null;
  customer?: string | { id: string } | null;
  subscription?: string | { id: string } | null;
};

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v == null ? null : typeof v === "string" ? v : v.id;

/** What the handlers read of our row, locked. */
type LockedSubscription = MirroredState & {
  id: string;
  userId: string;
  stripeSubscriptionId: string | null;
  stripeCustomerId: string | null;
  stripeCheckoutSessionId: string | null;
  priceCents: number;
  currency: string;
  artistName: string;
  artistSlug: string;
};

/**
 * Our subscription named by the processor's subscription id, else by our id (the session's
 * `client_reference_id` / the metadata's `catalogSubscriptionId`), locked FOR UPDATE until the
 * transaction ends (two events of one subscription apply one after the other); null when neither
 * names one of ours (another product's session, a subscription made in the Dashboard).
 */
async function lockSubscription(
  tx: Tx,
  by: { stripeSubscriptionId?: string | null; id?: string | null },
): Promise<LockedSubscription | null> {
  const stripeId = by.stripeSubscriptionId ?? null;
  const ourId = by.id ?? null;
  if (!stripeId && !ourId) return null;
  const rows = await tx.$queryRaw<LockedSubscription[]>`
    SELECT s."id", s."userId", s."status", s."currentPeriodStart", s."currentPeriodEnd",
      s."cancelAtPeriodEnd", s."endedAt", s."lastEventAt", s."stripeSubscriptionId",
      s."stripeCustomerId", s."stripeCheckoutSessionId", s."priceCents", s."currency",
      a."name" AS "artistName", a."slug" AS "artistSlug"
    FROM "CatalogSubscription" s JOIN "ArtistProfile" a ON a."id" = s."artistId"
    WHERE s."stripeSubscriptionId" = ${stripeId} OR s."id" = ${ourId}
    ORDER BY (s."stripeSubscriptionId" = ${stripeId}) DESC NULLS LAST
    LIMIT 1
    FOR UPDATE OF s`;
  return rows[0] ?? null;
}

/** The processor ids an event carries, refused when our row is already linked to others. */
function linkProblem(
  row: LockedSubscription,
  ids: { subscriptionId: string | null; customerId: string | null },
): string | null {
  if (
    row.stripeSubscriptionId &&
    ids.subscriptionId &&
    row.stripeSubscriptionId !== ids.subscriptionId
  )
    return `subscription ${row.id} is linked to ${row.stripeSubscriptionId}, not ${ids.subscriptionId}`;
  return null;
}

/**
 * `checkout.session.completed` of a subscription-mode session: links our subscription (found by
 * `client_reference_id`, else `metadata.catalogSubscriptionId`) to the processor's subscription,
 * customer and session. The status comes from `customer.subscription.*` (either may arrive
 * first: each links what it knows).
 * @returns `applied` when something was linked; `ignored` for another mode, an unknown id, a row
 *   already linked to another subscription, or nothing new (a replay).
 */
export async function applySubscriptionCheckoutCompleted(
  tx: Tx,
  session: SubscriptionCheckoutSessionObject,
): Promise<HandleEventResult> {
  if (session.mode !== "subscription")
    return { status: "ignored", detail: `session ${session.id} is not a subscription checkout` };
  const ourId = session.client_reference_id ?? session.metadata?.catalogSubscriptionId ?? null;
  const subscriptionId = idOf(session.subscription);
  const customerId = idOf(session.customer);
  const row = await lockSubscription(tx, { id: ourId });
  if (!row)
    return {
      status: "ignored",
      detail: `session ${session.id} names no catalog subscription of ours`,
    };
  const problem = linkProblem(row, { subscriptionId, customerId });
  if (problem) return { status: "ignored", detail: problem };
  const data = {
    ...(subscriptionId && !row.stripeSubscriptionId
      ? { stripeSubscriptionId: subscriptionId }
      : {}),
    ...(customerId && row.stripeCustomerId !== customerId ? { stripeCustomerId: customerId } : {}),
    ...(row.stripeCheckoutSessionId !== session.id ? { stripeCheckoutSessionId: session.id } : {}),
  };
  if (Object.keys(data).length === 0)
    return { status: "ignored", detail: `subscription ${row.id} was already linked` };
  await tx.catalogSubscription.update({ where: { id: row.id }, data });
  return { status: "applied", detail: `subscription ${row.id} linked to ${subscriptionId ?? "?"}` };
}

/**
 * `checkout.session.expired` of a subscription-mode session: the checkout was abandoned, so our
 * subscription that never started (`incomplete`, no processor subscription) ends (`canceled`,
 * `endedAt` = the session's expiry, else now); it leaves the manage page and frees nothing else.
 * @returns `applied`, or `ignored` (another mode, not ours, or it started meanwhile: a replay).
 */
export async function applySubscriptionCheckoutExpired(
  tx: Tx,
  session: SubscriptionCheckoutSessionObject & { expires_at?: number | null },
): Promise<HandleEventResult> {
  if (session.mode !== "subscription")
    return { status: "ignored", detail: `session ${session.id} is not a subscription checkout` };
  const ourId = session.client_reference_id ?? session.metadata?.catalogSubscriptionId ?? null;
  const row = await lockSubscription(tx, { id: ourId });
  if (!row)
    return {
      status: "ignored",
      detail: `session ${session.id} names no catalog subscription of ours`,
    };
  if (row.status !== "incomplete" || row.stripeSubscriptionId)
    return { status: "ignored", detail: `subscription ${row.id} is ${row.status}` };
  await tx.catalogSubscription.update({
    where: { id: row.id },
    data: {
      status: "canceled",
      endedAt: session.expires_at ? new Date(session.expires_at * 1000) : new Date(),
    },
  });
  return { status: "applied", detail: `subscription ${row.id}: checkout expired` };
}

/**
 * `customer.subscription.created|updated|deleted`: the processor's state of the subscription
 * (`toSubscriptionState(event.data.object)`) becomes ours under `mergeReportedState` (ended
 * stays ended; older events and older periods change nothing; the event's `created` orders the
 * rest, so any delivery order converges), linking the processor's ids when not yet linked.
 * Notifies the subscriber (type `subscription`, once per fact by its dedupe key) when the
 * subscription is set to end at its period's end and when it ends.
 * @returns `applied`, or `ignored` (not ours, linked to another subscription, or not newer).
 */
export async function applySubscriptionState(
  tx: Tx,
  event: ProviderEvent,
): Promise<HandleEventResult> {
  const state = toSubscriptionState(event.data.object as SubscriptionLike);
  const at = event.created != null ? new Date(event.created * 1000) : new Date();
  const row = await lockSubscription(tx, {
    stripeSubscriptionId: state.subscriptionId,
    id: state.metadata.catalogSubscriptionId,
  });
  if (!row)
    return {
      status: "ignored",
      detail: `${event.type}: ${state.subscriptionId} is no catalog subscription of ours`,
    };
  const problem = linkProblem(row, {
    subscriptionId: state.subscriptionId,
    customerId: state.customerId,
  });
  if (problem) return { status: "ignored", detail: `${event.type}: ${problem}` };
  const merged = mergeReportedState(row, {
    status: state.status,
    currentPeriodStart: state.currentPeriodStart,
    currentPeriodEnd: state.currentPeriodEnd,
    cancelAtPeriodEnd: state.cancelAtPeriodEnd,
    endedAt: state.endedAt,
    at,
  });
  const link = {
    ...(!row.stripeSubscriptionId ? { stripeSubscriptionId: state.subscriptionId } : {}),
    ...(!row.stripeCustomerId && state.customerId ? { stripeCustomerId: state.customerId } : {}),
  };
  if (!merged.apply) {
    if (Object.keys(link).length > 0)
      await tx.catalogSubscription.update({ where: { id: row.id }, data: link });
    return {
      status: "ignored",
      detail: `${event.type} for subscription ${row.id}: ${merged.reason.replace("_", " ")}`,
    };
  }
  const next = merged.next;
  await tx.catalogSubscription.update({ where: { id: row.id }, data: { ...next, ...link } });
  if (next.status === "canceled" && row.status !== "canceled")
    await notify(tx, {
      userId: row.userId,
      type: "subscription",
      title: `Your subscription to ${row.artistName} has ended`,
      body: "Subscribe again on the artist's page to keep downloading their catalog.",
      href: `/a/${row.artistSlug}`,
      dedupeKey: `subscription-ended:${row.id}`,
    });
  else if (next.status === "active" && next.cancelAtPeriodEnd && next.currentPeriodEnd)
    await notify(tx, {
      userId: row.userId,
      type: "subscription",
      title: `Your subscription to ${row.artistName} is cancelled`,
      body: `You keep downloading until ${next.currentPeriodEnd.toISOString().slice(0, 10)} (UTC); nothing more will be charged.`,
      href: "/subscriptions",
      dedupeKey: `subscription-cancelled:${row.id}:${next.currentPeriodEnd.toISOString()}`,
    });
  return {
    status: "applied",
    detail: `subscription ${row.id} is ${next.status}${next.cancelAtPeriodEnd ? " (ends at period end)" : ""}`,
  };
}

/**
 * `invoice.payment_failed` of a subscription's invoice: the subscription becomes `past_due`
 * (downloads go on while the processor retries) when the event is newer than the last one applied
 * (`lastEventAt`; one of the same second leaves the status to `customer.subscription.updated`,
 * which reports it too), unless it ended or has not started (a first invoice: Checkout did not
 * complete). Unless older, the subscriber is notified once per attempt (type `subscription`),
 * with the next attempt's date or that none is left.
 * @returns `applied`, or `ignored` (not ours, ended, not started, older than the last event).
 */
export async function applyInvoicePaymentFailed(
  tx: Tx,
  event: ProviderEvent,
): Promise<HandleEventResult> {
  const invoice = toSubscriptionInvoice(event.data.object as InvoiceLike);
  const at = event.created != null ? new Date(event.created * 1000) : new Date();
  const row = await lockSubscription(tx, {
    stripeSubscriptionId: invoice.subscriptionId,
    id: invoice.metadata.catalogSubscriptionId,
  });
  if (!row)
    return {
      status: "ignored",
      detail: `invoice ${invoice.invoiceId} is of no catalog subscription of ours`,
    };
  const problem = linkProblem(row, {
    subscriptionId: invoice.subscriptionId,
    customerId: invoice.customerId,
  });
  if (problem) return { status: "ignored", detail: `invoice ${invoice.invoiceId}: ${problem}` };
  if (row.status === "canceled" || row.status === "incomplete")
    return {
      status: "ignored",
      detail: `invoice ${invoice.invoiceId}: subscription ${row.id} is ${row.status}`,
    };
  if (row.lastEventAt && at.getTime() < row.lastEventAt.getTime())
    return {
      status: "ignored",
      detail: `invoice ${invoice.invoiceId}: older than the last event of subscription ${row.id}`,
    };
  // The status moves only on a strictly newer event: `customer.subscription.updated` reports it
  // with every failure, and one of the same second may be the retry that paid (then `active`).
  const newer = !row.lastEventAt || at.getTime() > row.lastEventAt.getTime();
  if (newer)
    await tx.catalogSubscription.update({
      where: { id: row.id },
      data: { status: "past_due", lastEventAt: laterOf(row.lastEventAt, at) },
    });
  const amount = formatCents(invoice.totalCents, invoice.currency);
  await notify(tx, {
    userId: row.userId,
    type: "subscription",
    title: `Payment for your subscription to ${row.artistName} failed`,
    body: invoice.nextPaymentAttempt
      ? `We will try ${amount} again on ${invoice.nextPaymentAttempt.toISOString().slice(0, 10)} (UTC): update your payment method to keep your subscription.`
      : `No further attempt will be made for ${amount}: the subscription ends.`,
    href: "/subscriptions",
    dedupeKey: `subscription-payment-failed:${invoice.invoiceId}:${invoice.attemptCount}`,
  });
  return {
    status: "applied",
    detail: `invoice ${invoice.invoiceId} of subscription ${row.id} failed (attempt ${invoice.attemptCount})${newer ? ": past due" : ""}`,
  };
}
