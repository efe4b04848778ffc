/**
 * Reading Stripe's `subscription` and `invoice` objects, in the pinned API version's shape, into
 * the provider's types. Used by both providers, and by webhook handlers on the objects of
 * `customer.subscription.*` and `invoice.*` events (no request needed).
 *
 * Where the pinned version puts things (changed in 2025-03-31.basil, docs.stripe.com/changelog/
 * basil): the billing period is on the subscription's items (`items.data[0].current_period_*`);
 * an invoice's subscription and the subscription's metadata are under
 * `parent.subscription_details`; its PaymentIntent is in `payments` (only when expanded); its
 * discounts are `discounts` (ids) with `total_discount_amounts`.
 */
import type { SubscriptionInvoice, SubscriptionState, SubscriptionStatus } from "./types";

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === "string" ? value : value.id;

const dateOf = (seconds: number) => new Date(seconds * 1000);

/** The fields of Stripe's `subscription` object that SubscriptionState reads. */
export type SubscriptionLike = {
  id: string;
  customer: string | { id: string };
  status: string;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  ended_at: number | null;
  metadata: Record<string, string> | null;
  latest_invoice: string | { id: string } | null;
  /** Unix seconds; Stripe's subscriptions always have it (the sandbox's and the mock's too). */
  start_date?: number | null;
  created?: number | null;
  items: {
    data: {
      current_period_start: number;
      current_period_end: number;
      price: { id: string };
    }[];
  };
};

/**
 * A subscription object (Stripe's or the sandbox's, e.g. an event's `data.object`) as
 * SubscriptionState: the period and price from its first item (catalog subscriptions have one).
 * @throws Error for a subscription without items (never so for Stripe's).
 */
export function toSubscriptionState(subscription: SubscriptionLike): SubscriptionState {
  const [item] = subscription.items.data;
  if (!item) throw new Error(`Subscription ${subscription.id} has no items.`);
  return {
    subscriptionId: subscription.id,
    customerId: idOf(subscription.customer) ?? "",
    status: subscription.status as SubscriptionStatus,
    priceId: item.price.id,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    currentPeriodStart: dateOf(item.current_period_start),
    currentPeriodEnd: dateOf(item.current_period_end),
    canceledAt: subscription.canceled_at === null ? null : dateOf(subscription.canceled_at),
    endedAt: subscription.ended_at === null ? null : dateOf(subscription.ended_at),
    metadata: subscription.metadata ?? {},
    latestInvoiceId: idOf(subscription.latest_invoice),
    startedAt: dateOf(subscription.start_date ?? subscription.created ?? item.current_period_start),
  };
}

/** The fields of Stripe's `invoice` object that SubscriptionInvoice reads. */
export type InvoiceLike = {
  id?: string;
  customer: string | { id: string } | null;
  billing_reason: string | null;
  status: string | null;
  currency: string;
  subtotal: number;
  total: number;
  amount_paid: number;
  attempt_count: number;
  next_payment_attempt: number | null;
  period_start: number;
  period_end: number;
  total_discount_amounts: { amount: number }[] | null;
  parent: {
    subscription_details: {
      subscription: string | { id: string };
      metadata: Record<string, string> | null;
    } | null;
  } | null;
  lines: {
    data: {
      period: { start: number; end: number };
      pricing: { price_details?: { price: string | { id: string } } } | null;
    }[];
  };
  payments?: {
    data: {
      status: string;
      payment: { payment_intent?: string | { id: string } | null };
    }[];
  };
};

/**
 * An invoice object (Stripe's or the sandbox's, e.g. an event's `data.object`) as
 * SubscriptionInvoice. `paymentIntentId` comes from `payments` (the paid one, else the latest),
 * present only when the invoice was retrieved with `expand[]=payments`; null otherwise.
 * @throws Error for an invoice without an id (Stripe's upcoming-invoice previews have none).
 */
export function toSubscriptionInvoice(invoice: InvoiceLike): SubscriptionInvoice {
  if (!invoice.id) throw new Error("Cannot read an invoice without an id (a preview).");
  const details = invoice.parent?.subscription_details ?? null;
  const [line] = invoice.lines.data;
  const payments = invoice.payments?.data ?? [];
  const payment = payments.find((p) => p.status === "paid") ?? payments[0];
  return {
    invoiceId: invoice.id,
    subscriptionId: idOf(details?.subscription),
    customerId: idOf(invoice.customer),
    metadata: details?.metadata ?? {},
    billingReason: invoice.billing_reason,
    status: invoice.status,
    currency: invoice.currency,
    subtotalCents: invoice.subtotal,
    discountCents: (invoice.total_discount_amounts ?? []).reduce((sum, d) => sum + d.amount, 0),
    totalCents: invoice.total,
    amountPaidCents: invoice.amount_paid,
    attemptCount: invoice.attempt_count,
    nextPaymentAttempt:
      invoice.next_payment_attempt === null ? null : dateOf(invoice.next_payment_attempt),
    servicePeriodStart: dateOf(line?.period.start ?? invoice.period_start),
    servicePeriodEnd: dateOf(line?.period.end ?? invoice.period_end),
    priceId: idOf(line?.pricing?.price_details?.price),
    paymentIntentId: idOf(payment?.payment.payment_intent),
  };
}
