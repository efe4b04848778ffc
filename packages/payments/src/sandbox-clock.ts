/**
 * Time in the sandbox's Stripe Billing: a clock per subscription that tests and demos move
 * forward, like Stripe's test clocks (docs.stripe.com/billing/testing/test-clocks), making what
 * Stripe does when time passes: renewals at each period's end (`customer.subscription.updated`
 * and the renewal's `invoice.paid`, or `invoice.payment_failed` and `past_due` when the card
 * fails), the one retry of a failed renewal (paid: `active` again; failed again:
 * `customer.subscription.deleted`, reason `payment_failed`), and the end of a subscription
 * cancelled at its period's end. Also the provider's `cancelSubscription`.
 *
 * Each subscription advances in its own transaction under a lock on its row; its events are
 * stored in that transaction and POSTed after commit, in order. Events keep their ids on
 * redelivery (`redeliverSandboxEvent`), and a period is only ever renewed once, so every invoice
 * has exactly one `invoice.paid`.
 */
import type { PrismaClient } from "@fanfare/db";

import { addBillingIntervals, discountAppliesToInvoice } from "./billing-rules";
import { PaymentsError } from "./errors";
import type { CustomerRecord, InvoiceRecord, SubscriptionRecord } from "./sandbox-billing-records";
import { readCustomer, readInvoice } from "./sandbox-billing-records";
import { attemptInvoicePayment, buildSubscriptionInvoice, invoiceRow } from "./sandbox-invoices";
import type { SandboxDelivery, SandboxEventType, SandboxSubscription } from "./sandbox-objects";
import type { StoredEvent, Tx } from "./sandbox-store";
import {
  deliverEvents,
  fromJson,
  lockRow,
  noSuchResource,
  nowSeconds,
  storeEvent,
  toJson,
  toStripeRequestError,
  TX_OPTIONS,
} from "./sandbox-store";
import { parseCancelSubscriptionInput } from "./subscription-params";
import { toSubscriptionState } from "./subscription-state";
import type { CancelSubscriptionInput, SubscriptionState } from "./types";

/** What an advance did: each event sent, in order, with its delivery. */
export type SandboxClockResult = {
  events: { id: string; type: SandboxEventType; subscriptionId: string }[];
  deliveries: SandboxDelivery[];
};

type Step = { type: SandboxEventType; subscriptionId: string; event: StoredEvent };

/**
 * Moves the clock of one subscription (or of every subscription not yet ended) forward to `to`,
 * doing on the way what Stripe does at each moment passed, in time order:
 * - at a period's end, when cancelled at the period's end: it ends (`canceled`, `ended_at`),
 *   `customer.subscription.deleted`;
 * - otherwise a renewal: the next period begins (one interval, from the anchor), an invoice
 *   (`subscription_cycle`, the discount while its coupon covers it) is made and charged:
 *   `customer.subscription.updated` then `invoice.paid`; with a failing card
 *   (`setSandboxPaymentFails`) `invoice.payment_failed`, status `past_due`, a retry
 *   `SANDBOX_RETRY_AFTER_SECONDS` later;
 * - at the retry: `invoice.paid` and `customer.subscription.updated` (`active`), or
 *   `invoice.payment_failed` (no further attempt) and `customer.subscription.deleted`
 *   (`cancellation_details.reason: "payment_failed"`).
 * Several periods may pass in one call (advance a year: twelve renewals). A clock already past
 * `to` is left alone.
 *
 * @param opts.to the new time (UTC); renewals happen at periods' ends, not at `to`.
 * @returns every event sent, in order, and its delivery (status 0 when unreachable: the events
 *   stay stored for `redeliverSandboxEvent`).
 * @throws PaymentsError SUBSCRIPTION_NOT_FOUND for an unknown `subscriptionId`;
 *   SANDBOX_CLOCK_BACKWARDS when that subscription's clock is already past `to`.
 */
export async function advanceSandboxClock(
  db: PrismaClient,
  opts: { to: Date; subscriptionId?: string; webhookUrl: string },
): Promise<SandboxClockResult> {
  const to = Math.floor(opts.to.getTime() / 1000);
  let ids: string[];
  if (opts.subscriptionId) {
    ids = [opts.subscriptionId];
  } else {
    const rows = await db.sandboxObject.findMany({
      where: { kind: "subscription" },
      orderBy: { createdAt: "asc" },
      select: { id: true, data: true },
    });
    ids = rows
      .filter((r) => fromJson<SubscriptionRecord>(r.data).subscription.status !== "canceled")
      .map((r) => r.id);
  }
  const steps: Step[] = [];
  for (const id of ids) {
    steps.push(
      ...(await db.$transaction(
        (tx) => advanceSubscription(tx, id, to, Boolean(opts.subscriptionId)),
        TX_OPTIONS,
      )),
    );
  }
  const deliveries = await deliverEvents(
    db,
    steps.map((s) => s.event),
    opts.webhookUrl,
  );
  return {
    events: steps.map((s) => ({ id: s.event.id, type: s.type, subscriptionId: s.subscriptionId })),
    deliveries,
  };
}

/**
 * "Renew now": advances one subscription's clock to its next moment: the end of its period, or,
 * while `past_due`, its retry. See `advanceSandboxClock`.
 * @throws PaymentsError SUBSCRIPTION_NOT_FOUND; SANDBOX_CLOCK_BACKWARDS never (the next moment
 *   is always ahead); nothing happens for an ended subscription.
 */
export async function renewSandboxSubscriptionNow(
  db: PrismaClient,
  opts: { subscriptionId: string; webhookUrl: string },
): Promise<SandboxClockResult> {
  const row = await db.sandboxObject.findUnique({ where: { id: opts.subscriptionId } });
  if (row?.kind !== "subscription") throw subscriptionNotFound(opts.subscriptionId, "renew");
  const record = fromJson<SubscriptionRecord>(row.data);
  const open = record.openInvoiceId ? await readInvoice(db, record.openInvoiceId) : null;
  const next =
    record.subscription.status === "past_due" && open?.invoice.next_payment_attempt
      ? open.invoice.next_payment_attempt
      : currentItem(record.subscription).current_period_end;
  return advanceSandboxClock(db, {
    to: new Date(Math.max(next, record.clock) * 1000),
    subscriptionId: opts.subscriptionId,
    webhookUrl: opts.webhookUrl,
  });
}

const subscriptionNotFound = (id: string, action: string) =>
  new PaymentsError(
    "SUBSCRIPTION_NOT_FOUND",
    `Cannot ${action} sandbox subscription ${id}: no such subscription.`,
  );

function currentItem(subscription: SandboxSubscription) {
  const [item] = subscription.items.data;
  if (!item) throw new Error(`Sandbox subscription ${subscription.id} has no item.`);
  return item;
}

/** The state machine of one subscription's time, run under its row lock. */
async function advanceSubscription(
  tx: Tx,
  subscriptionId: string,
  to: number,
  strict: boolean,
): Promise<Step[]> {
  const row = await lockRow(tx, subscriptionId, "subscription");
  if (!row) throw subscriptionNotFound(subscriptionId, "advance the clock of");
  let record = fromJson<SubscriptionRecord>(row.data);
  if (to < record.clock) {
    if (!strict) return [];
    throw new PaymentsError(
      "SANDBOX_CLOCK_BACKWARDS",
      `Cannot move sandbox subscription ${subscriptionId}'s clock back from ${new Date(record.clock * 1000).toISOString()} to ${new Date(to * 1000).toISOString()}.`,
    );
  }
  const customer = await readCustomer(tx, record.subscription.customer);
  if (!customer) throw new Error(`Sandbox customer ${record.subscription.customer} is missing.`);
  const steps: Step[] = [];
  const emit = async (
    type: SandboxEventType,
    object: Parameters<typeof storeEvent>[2],
    previousAttributes?: Record<string, unknown>,
  ) => {
    const event = await storeEvent(
      tx,
      type,
      object,
      previousAttributes ? { previousAttributes } : {},
    );
    steps.push({ type, subscriptionId, event });
  };

  for (;;) {
    const subscription = record.subscription;
    const item = currentItem(subscription);
    switch (subscription.status) {
      case "canceled":
        break;
      case "past_due": {
        const open = record.openInvoiceId ? await readInvoice(tx, record.openInvoiceId) : null;
        if (!open) throw new Error(`Sandbox subscription ${subscriptionId} has no open invoice.`);
        const retryAt = open.invoice.next_payment_attempt ?? record.clock;
        if (retryAt > to) break;
        record = await retryRenewal(tx, record, open, customer, retryAt, emit);
        continue;
      }
      case "active": {
        const end = item.current_period_end;
        if (end > to) break;
        record = subscription.cancel_at_period_end
          ? await endSubscription(record, end, "cancellation_requested", emit)
          : await renew(tx, record, customer, end, emit);
        continue;
      }
    }
    break;
  }
  record = { ...record, clock: Math.max(record.clock, to) };
  await tx.sandboxObject.update({ where: { id: subscriptionId }, data: { data: toJson(record) } });
  return steps;
}

type Emit = (
  type: SandboxEventType,
  object: Parameters<typeof storeEvent>[2],
  previousAttributes?: Record<string, unknown>,
) => Promise<void>;

/** A renewal at `at` (the period's end): the next period, its invoice, one payment attempt. */
async function renew(
  tx: Tx,
  record: SubscriptionRecord,
  customer: CustomerRecord,
  at: number,
  emit: Emit,
): Promise<SubscriptionRecord> {
  const before = record.subscription;
  const item = currentItem(before);
  const cycle = record.cycle + 1;
  const nextEnd = addBillingIntervals(
    before.billing_cycle_anchor,
    item.price.recurring.interval,
    cycle,
  );
  // A `once` or `repeating` discount that no longer covers this invoice comes off the subscription.
  const discountEnded =
    record.discount !== null &&
    record.coupon !== null &&
    !discountAppliesToInvoice(
      { duration: record.coupon.duration, endSeconds: record.discount.end },
      { billingReason: "subscription_cycle", createdSeconds: at },
    );
  const current: SubscriptionRecord = {
    ...record,
    cycle,
    ...(discountEnded ? { discount: null, coupon: null } : {}),
  };
  const invoice = buildSubscriptionInvoice({
    record: current,
    customer,
    billingReason: "subscription_cycle",
    createdSeconds: at,
    usagePeriod: { start: item.current_period_start, end: item.current_period_end },
    servicePeriod: { start: at, end: nextEnd },
  });
  const attempt = attemptInvoicePayment(invoice, customer, at);
  await tx.sandboxObject.createMany({ data: [invoiceRow(attempt.record), ...attempt.rows] });
  const subscription: SandboxSubscription = {
    ...before,
    discounts: discountEnded ? [] : before.discounts,
    items: {
      ...before.items,
      data: [{ ...item, current_period_start: at, current_period_end: nextEnd }],
    },
    latest_invoice: invoice.id,
    status: attempt.paid ? "active" : "past_due",
  };
  await emit("customer.subscription.updated", subscription, {
    items: before.items,
    latest_invoice: before.latest_invoice,
    ...(discountEnded ? { discounts: before.discounts } : {}),
    ...(subscription.status !== before.status ? { status: before.status } : {}),
  });
  await emit(attempt.paid ? "invoice.paid" : "invoice.payment_failed", attempt.record.invoice);
  return {
    ...current,
    subscription,
    invoiceCount: record.invoiceCount + 1,
    openInvoiceId: attempt.paid ? null : invoice.id,
  };
}

/** The retry of a `past_due` subscription's open invoice at `at`: active again, or ended. */
async function retryRenewal(
  tx: Tx,
  record: SubscriptionRecord,
  open: InvoiceRecord,
  customer: CustomerRecord,
  at: number,
  emit: Emit,
): Promise<SubscriptionRecord> {
  const attempt = attemptInvoicePayment(open.invoice, customer, at);
  await tx.sandboxObject.update({
    where: { id: open.invoice.id },
    data: { data: toJson(attempt.record) },
  });
  if (attempt.rows.length > 0) await tx.sandboxObject.createMany({ data: attempt.rows });
  if (!attempt.paid) {
    await emit("invoice.payment_failed", attempt.record.invoice);
    return endSubscription({ ...record, openInvoiceId: null }, at, "payment_failed", emit);
  }
  await emit("invoice.paid", attempt.record.invoice);
  const subscription: SandboxSubscription = { ...record.subscription, status: "active" };
  await emit("customer.subscription.updated", subscription, { status: "past_due" });
  return { ...record, subscription, openInvoiceId: null };
}

/** Ends the subscription at `at` (status `canceled`): `customer.subscription.deleted`. */
async function endSubscription(
  record: SubscriptionRecord,
  at: number,
  reason: "cancellation_requested" | "payment_failed",
  emit: Emit,
): Promise<SubscriptionRecord> {
  const before = record.subscription;
  const subscription: SandboxSubscription = {
    ...before,
    status: "canceled",
    canceled_at: before.canceled_at ?? at,
    ended_at: at,
    cancellation_details: { ...before.cancellation_details, reason },
  };
  await emit("customer.subscription.deleted", subscription);
  return { ...record, subscription, openInvoiceId: null };
}

/**
 * The provider's `cancelSubscription` in the sandbox, as `POST /v1/subscriptions/:id` with
 * `cancel_at_period_end=true` (`customer.subscription.updated`: `cancel_at_period_end`,
 * `cancel_at` = the period's end, `canceled_at`; it ends when the clock reaches the period's end)
 * or `DELETE /v1/subscriptions/:id` (ends now, no proration or refund:
 * `customer.subscription.deleted`). "Now" is the subscription's clock (or the real time, when
 * later). An ended subscription, or a second request for the period's end, is returned unchanged
 * without an event.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `resource_missing` (404).
 */
export async function cancelSandboxSubscription(
  db: PrismaClient,
  input: CancelSubscriptionInput,
  webhookUrl: string,
): Promise<SubscriptionState> {
  const v = parseCancelSubscriptionInput(input);
  const { subscription, steps } = await db.$transaction(async (tx) => {
    const row = await lockRow(tx, v.subscriptionId, "subscription");
    if (!row) {
      throw toStripeRequestError(
        `Cannot cancel subscription ${v.subscriptionId}`,
        noSuchResource("subscription", v.subscriptionId, "id"),
      );
    }
    const record = fromJson<SubscriptionRecord>(row.data);
    const before = record.subscription;
    if (before.status === "canceled" || (v.atPeriodEnd && before.cancel_at_period_end)) {
      return { subscription: before, steps: [] as Step[] };
    }
    const steps: Step[] = [];
    const emit: Emit = async (type, object, previousAttributes) => {
      const event = await storeEvent(tx, type, object, {
        ...(previousAttributes ? { previousAttributes } : {}),
        idempotencyKey: null,
      });
      steps.push({ type, subscriptionId: before.id, event });
    };
    const at = Math.max(record.clock, nowSeconds());
    let next: SubscriptionRecord;
    if (v.atPeriodEnd) {
      const subscription: SandboxSubscription = {
        ...before,
        cancel_at_period_end: true,
        cancel_at: currentItem(before).current_period_end,
        canceled_at: at,
        cancellation_details: { ...before.cancellation_details, reason: "cancellation_requested" },
      };
      await emit("customer.subscription.updated", subscription, {
        cancel_at_period_end: false,
        cancel_at: before.cancel_at,
        canceled_at: before.canceled_at,
        cancellation_details: before.cancellation_details,
      });
      next = { ...record, subscription };
    } else {
      next = await endSubscription(record, at, "cancellation_requested", emit);
    }
    await tx.sandboxObject.update({ where: { id: row.id }, data: { data: toJson(next) } });
    return { subscription: next.subscription, steps };
  }, TX_OPTIONS);
  await deliverEvents(
    db,
    steps.map((s) => s.event),
    webhookUrl,
  );
  return toSubscriptionState(subscription);
}
