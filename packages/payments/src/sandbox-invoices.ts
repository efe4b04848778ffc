/**
 * The sandbox's subscription invoices (docs.stripe.com/billing/invoices/subscription): one per
 * billing period, with the subscription's discount when its coupon covers it, paid from the
 * customer's card (a `pi_sandbox_...` PaymentIntent and Charge, refundable like a purchase's) or
 * left open when the card fails. Rows: see sandbox-billing-records.ts.
 */
import type { PrismaClient } from "@fanfare/db";

import { discountAppliesToInvoice, invoiceDiscountCents } from "./billing-rules";
import { PaymentsError } from "./errors";
import { parseId } from "./provider-input";
import type { CustomerRecord, InvoiceRecord, SubscriptionRecord } from "./sandbox-billing-records";
import { readInvoice } from "./sandbox-billing-records";
import type {
  SandboxDiscountAmount,
  SandboxInvoice,
  SandboxInvoicePayment,
  SandboxSubscription,
} from "./sandbox-objects";
import { createSandboxRefund, paymentRows } from "./sandbox-payments";
import { noSuchResource, randomToken, toJson, toStripeRequestError } from "./sandbox-store";
import { parseRefundInvoiceInput } from "./subscription-params";
import { toSubscriptionInvoice } from "./subscription-state";
import type { CreatedRefund, RefundInvoiceInput, SubscriptionInvoice } from "./types";

/**
 * When a failed renewal is tried again. Stripe's Smart Retries make up to 8 attempts within 2
 * weeks by default (docs.stripe.com/billing/revenue-recovery/smart-retries); the sandbox makes
 * one retry, 3 days later, then cancels the subscription (Stripe's default final action).
 */
export const SANDBOX_RETRY_AFTER_SECONDS = 3 * 24 * 3600;
/** The first attempt and one retry. */
const SANDBOX_MAX_PAYMENT_ATTEMPTS = 2;

/**
 * A new finalized, not yet paid invoice for one period of the subscription: its one line at the
 * item's price for `servicePeriod`, the discount when `discountAppliesToInvoice` says it covers
 * this invoice, totals in cents. `usagePeriod` is Stripe's invoice `period_start`/`period_end`.
 */
export function buildSubscriptionInvoice(opts: {
  record: SubscriptionRecord;
  customer: CustomerRecord;
  billingReason: SandboxInvoice["billing_reason"];
  createdSeconds: number;
  usagePeriod: { start: number; end: number };
  servicePeriod: { start: number; end: number };
}): SandboxInvoice {
  const { record, customer, createdSeconds } = opts;
  const subscription: SandboxSubscription = record.subscription;
  const [item] = subscription.items.data;
  if (!item) throw new Error(`Sandbox subscription ${subscription.id} has no item.`);
  const id = `in_sandbox_${randomToken(24)}`;
  const subtotal = item.price.unit_amount;
  const discount = record.discount;
  const applies =
    discount !== null &&
    record.coupon !== null &&
    discountAppliesToInvoice(
      { duration: record.coupon.duration, endSeconds: discount.end },
      { billingReason: opts.billingReason, createdSeconds },
    );
  const amounts: SandboxDiscountAmount[] =
    applies && record.coupon
      ? [{ amount: invoiceDiscountCents(subtotal, record.coupon), discount: discount.id }]
      : [];
  const total = subtotal - amounts.reduce((sum, a) => sum + a.amount, 0);
  const interval = item.price.recurring.interval;
  return {
    id,
    object: "invoice",
    amount_due: total,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: total,
    attempt_count: 0,
    attempted: false,
    billing_reason: opts.billingReason,
    collection_method: "charge_automatically",
    created: createdSeconds,
    currency: subscription.currency,
    customer: customer.customer.id,
    customer_email: customer.customer.email,
    customer_name: customer.customer.name,
    discounts: amounts.map((a) => a.discount),
    lines: {
      object: "list",
      data: [
        {
          id: `il_sandbox_${randomToken(24)}`,
          object: "line_item",
          amount: subtotal,
          currency: subscription.currency,
          description: `1 × catalog subscription (at ${subtotal} cents / ${interval})`,
          discount_amounts: amounts,
          discountable: true,
          discounts: [],
          invoice: id,
          livemode: false,
          metadata: {},
          parent: {
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: null,
              proration: false,
              proration_details: { credited_items: null },
              subscription: subscription.id,
              subscription_item: item.id,
            },
            type: "subscription_item_details",
          },
          period: { start: opts.servicePeriod.start, end: opts.servicePeriod.end },
          pricing: {
            price_details: { price: item.price.id, product: item.price.product },
            type: "price_details",
            unit_amount_decimal: String(subtotal),
          },
          quantity: 1,
          subtotal,
          taxes: [],
        },
      ],
      has_more: false,
      total_count: 1,
      url: `/v1/invoices/${id}/lines`,
    },
    livemode: false,
    metadata: {},
    next_payment_attempt: createdSeconds,
    number: `${customer.customer.id.slice(-8).toUpperCase()}-${String(record.invoiceCount + 1).padStart(4, "0")}`,
    parent: {
      quote_details: null,
      subscription_details: { metadata: subscription.metadata, subscription: subscription.id },
      type: "subscription_details",
    },
    period_end: opts.usagePeriod.end,
    period_start: opts.usagePeriod.start,
    status: "open",
    status_transitions: {
      finalized_at: createdSeconds,
      marked_uncollectible_at: null,
      paid_at: null,
      voided_at: null,
    },
    subtotal,
    subtotal_excluding_tax: subtotal,
    test_clock: null,
    total,
    total_discount_amounts: amounts,
    total_excluding_tax: total,
  };
}

/**
 * One payment attempt on an open invoice at `atSeconds`, from the customer's card: a 0-cent
 * invoice is paid without a charge; a failing card (`setSandboxPaymentFails`) leaves it open with
 * the attempt counted and `next_payment_attempt` set while a retry is left; otherwise it is paid
 * by a new PaymentIntent and Charge (returned as rows to insert).
 */
export function attemptInvoicePayment(
  invoice: SandboxInvoice,
  customer: CustomerRecord,
  atSeconds: number,
): { record: InvoiceRecord; rows: ReturnType<typeof paymentRows>; paid: boolean } {
  const attempt = invoice.attempt_count + 1;
  if (invoice.amount_due > 0 && customer.paymentFails) {
    const failed: SandboxInvoice = {
      ...invoice,
      attempt_count: attempt,
      attempted: true,
      next_payment_attempt:
        attempt < SANDBOX_MAX_PAYMENT_ATTEMPTS ? atSeconds + SANDBOX_RETRY_AFTER_SECONDS : null,
    };
    return { record: { invoice: failed, payment: null }, rows: [], paid: false };
  }
  const paidInvoice: SandboxInvoice = {
    ...invoice,
    amount_paid: invoice.amount_due,
    amount_remaining: 0,
    attempt_count: attempt,
    attempted: true,
    next_payment_attempt: null,
    status: "paid",
    status_transitions: { ...invoice.status_transitions, paid_at: atSeconds },
  };
  if (invoice.amount_due === 0) {
    return { record: { invoice: paidInvoice, payment: null }, rows: [], paid: true };
  }
  const paymentIntentId = `pi_sandbox_${randomToken(24)}`;
  const payment: SandboxInvoicePayment = {
    id: `inpay_sandbox_${randomToken(24)}`,
    object: "invoice_payment",
    amount_paid: invoice.amount_due,
    amount_requested: invoice.amount_due,
    created: atSeconds,
    currency: invoice.currency,
    invoice: invoice.id,
    is_default: true,
    livemode: false,
    payment: { payment_intent: paymentIntentId, type: "payment_intent" },
    status: "paid",
    status_transitions: { canceled_at: null, paid_at: atSeconds },
  };
  const rows = paymentRows({
    paymentIntentId,
    amountCents: invoice.amount_due,
    currency: invoice.currency,
    email: customer.customer.email,
    name: customer.customer.name,
    metadata: {},
  });
  return { record: { invoice: paidInvoice, payment }, rows, paid: true };
}

/** The row of an invoice record. */
export const invoiceRow = (record: InvoiceRecord) => ({
  id: record.invoice.id,
  kind: "invoice",
  data: toJson(record),
});

/**
 * A stored sandbox invoice with `payments` expanded, as
 * `GET /v1/invoices/:id?expand[]=payments` returns it; null for an unknown id.
 */
export async function getSandboxInvoice(
  db: PrismaClient,
  invoiceId: string,
): Promise<
  (SandboxInvoice & { payments: { object: "list"; data: SandboxInvoicePayment[] } }) | null
> {
  const record = await readInvoice(db, invoiceId);
  if (!record) return null;
  return {
    ...record.invoice,
    payments: { object: "list", data: record.payment ? [record.payment] : [] },
  };
}

/**
 * The provider's `getInvoice`: the invoice as SubscriptionInvoice, its PaymentIntent included.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `resource_missing` (404).
 */
export async function getSandboxSubscriptionInvoice(
  db: PrismaClient,
  invoiceId: string,
): Promise<SubscriptionInvoice> {
  const id = parseId("in", invoiceId, "read invoice");
  const invoice = await getSandboxInvoice(db, id);
  if (!invoice) {
    throw toStripeRequestError(`Cannot read invoice ${id}`, noSuchResource("invoice", id, "id"));
  }
  return toSubscriptionInvoice(invoice);
}

/**
 * The provider's `refundInvoice`: refunds the PaymentIntent that paid the invoice with
 * `createSandboxRefund` (same rules, idempotency and `charge.refunded` event), by default its
 * whole `amount_paid`.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; INVOICE_NOT_PAID for an open or 0-cent invoice;
 *   StripeRequestError `resource_missing` for an unknown invoice, and the refund's refusals.
 */
export async function refundSandboxInvoice(
  db: PrismaClient,
  input: RefundInvoiceInput,
  webhookUrl: string,
): Promise<CreatedRefund & { paymentIntentId: string }> {
  const v = parseRefundInvoiceInput(input);
  const record = await readInvoice(db, v.invoiceId);
  if (!record) {
    throw toStripeRequestError(
      `Cannot refund invoice ${v.invoiceId}`,
      noSuchResource("invoice", v.invoiceId, "id"),
    );
  }
  const paymentIntentId = record.payment?.payment.payment_intent;
  if (record.invoice.status !== "paid" || !paymentIntentId) {
    throw new PaymentsError(
      "INVOICE_NOT_PAID",
      `Cannot refund invoice ${v.invoiceId}: it has no paid payment (status ${record.invoice.status}, ${record.invoice.amount_paid} cents paid).`,
    );
  }
  const refund = await createSandboxRefund(
    db,
    {
      paymentIntentId,
      amountCents: v.amountCents ?? record.invoice.amount_paid,
      idempotencyKey: v.idempotencyKey,
      metadata: v.metadata,
    },
    webhookUrl,
  );
  return { ...refund, paymentIntentId };
}
