/**
 * The sandbox's Stripe Billing for catalog subscriptions (docs.stripe.com/billing/subscriptions/
 * build-subscriptions): the artist's Product and Prices, Checkout in `subscription` mode and what
 * paying it starts (a Customer, an active Subscription, its first invoice paid), customer portal
 * sessions, and the card switch that makes renewals fail. Renewals, retries and cancellations
 * are in sandbox-clock.ts; invoices in sandbox-invoices.ts; the rows in
 * sandbox-billing-records.ts. Objects and events have Stripe's shapes in the pinned API version.
 */
import type { PrismaClient } from "@fanfare/db";

import { addBillingIntervals, discountEndSeconds, invoiceDiscountCents } from "./billing-rules";
import { CHECKOUT_MAX_LIFETIME_SECONDS, CHECKOUT_MIN_LIFETIME_SECONDS } from "./checkout-params";
import { paymentsEnv } from "./env";
import { PaymentsError } from "./errors";
import { parseId } from "./provider-input";
import type {
  CustomerRecord,
  PortalSessionRecord,
  PriceRecord,
  ProductRecord,
  SubscriptionRecord,
} from "./sandbox-billing-records";
import {
  readCoupon,
  readCustomer,
  readPortalSession,
  readPrice,
  readSubscription,
} from "./sandbox-billing-records";
import { attemptInvoicePayment, buildSubscriptionInvoice, invoiceRow } from "./sandbox-invoices";
import type {
  SandboxCustomer,
  SandboxDiscount,
  SandboxPortalSession,
  SandboxPrice,
  SandboxProduct,
  SandboxSubscription,
} from "./sandbox-objects";
import type { SandboxCheckoutSession, SandboxLineItem, SessionRecord } from "./sandbox-provider";
import type { StoredEvent } from "./sandbox-store";
import {
  buildEvent,
  eventRow,
  fromJson,
  lockRow,
  noSuchResource,
  nowSeconds,
  randomToken,
  runIdempotent,
  toJson,
  toStripeRequestError,
  TX_OPTIONS,
} from "./sandbox-store";
import {
  buildPriceParams,
  buildProductParams,
  buildSubscriptionCheckoutParams,
  parsePortalSessionInput,
  parseSubscriptionCheckoutInput,
  parseSubscriptionPriceInput,
  priceMatches,
  subscriptionPriceLookupKey,
  subscriptionProductId,
} from "./subscription-params";
import { toSubscriptionState } from "./subscription-state";
import type {
  CheckoutSession,
  CreatePortalSessionInput,
  CreateSubscriptionCheckoutInput,
  EnsureSubscriptionPriceInput,
  SubscriptionPrice,
  SubscriptionState,
} from "./types";

/** The portal configuration every sandbox portal session names (Stripe's is `bpc_...`). */
const SANDBOX_PORTAL_CONFIGURATION = "bpc_sandbox_catalog_subscriptions";

/**
 * The provider's `ensureSubscriptionPrice` in the sandbox: the same outcome as the Stripe
 * provider's requests (the Product with our id, created or renamed; the interval's matching
 * active Price, or a new one taking over the lookup key; the interval's other active Prices
 * deactivated), in one transaction under a lock on the Product row, so concurrent calls for one
 * artist create one Price.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT.
 */
export async function ensureSandboxSubscriptionPrice(
  db: PrismaClient,
  input: EnsureSubscriptionPriceInput,
): Promise<SubscriptionPrice> {
  const v = parseSubscriptionPriceInput(input);
  const productParams = buildProductParams(v);
  const priceParams = buildPriceParams(v);
  const productId = subscriptionProductId(v.artistId);
  const lookupKey = subscriptionPriceLookupKey(v.artistId, v.interval);
  return db.$transaction(async (tx) => {
    const now = nowSeconds();
    const fresh: SandboxProduct = {
      id: productId,
      object: "product",
      active: true,
      created: now,
      description: null,
      livemode: false,
      metadata: { artistId: v.artistId },
      name: productParams.name,
      type: "service",
      updated: now,
    };
    await tx.sandboxObject.createMany({
      data: [{ id: productId, kind: "product", data: toJson({ product: fresh }) }],
      skipDuplicates: true,
    });
    const productRow = await lockRow(tx, productId, "product");
    if (!productRow) throw new Error(`Sandbox product ${productId} vanished after its insert.`);
    const { product } = fromJson<ProductRecord>(productRow.data);
    if (product.name !== productParams.name || !product.active) {
      const renamed: SandboxProduct = {
        ...product,
        name: productParams.name,
        active: true,
        updated: now,
      };
      await tx.sandboxObject.update({
        where: { id: productId },
        data: { data: toJson({ product: renamed } satisfies ProductRecord) },
      });
    }

    const rows = await tx.sandboxObject.findMany({
      where: { kind: "price", data: { path: ["price", "product"], equals: productId } },
      orderBy: { createdAt: "asc" },
    });
    const prices = rows
      .map((r) => fromJson<PriceRecord>(r.data).price)
      .filter((p) => p.active && p.recurring.interval === v.interval);
    const holder = prices.find((p) => p.lookup_key === lookupKey) ?? null;
    let current =
      (holder && priceMatches(holder, v) ? holder : null) ??
      prices.find((p) => priceMatches(p, v)) ??
      null;
    const writePrice = (price: SandboxPrice) =>
      tx.sandboxObject.update({
        where: { id: price.id },
        data: { data: toJson({ price } satisfies PriceRecord) },
      });
    if (!current) {
      current = {
        id: `price_sandbox_${randomToken(24)}`,
        object: "price",
        active: true,
        billing_scheme: "per_unit",
        created: now,
        currency: v.currency,
        livemode: false,
        lookup_key: lookupKey,
        metadata: priceParams.metadata as Record<string, string>,
        nickname: null,
        product: productId,
        recurring: {
          interval: v.interval,
          interval_count: 1,
          meter: null,
          trial_period_days: null,
          usage_type: "licensed",
        },
        tax_behavior: "unspecified",
        type: "recurring",
        unit_amount: v.unitAmountCents,
      };
      await tx.sandboxObject.create({
        data: { id: current.id, kind: "price", data: toJson({ price: current }) },
      });
    } else if (current.lookup_key !== lookupKey) {
      current = { ...current, lookup_key: lookupKey };
      await writePrice(current);
    }
    const others = prices.filter((p) => p.id !== current.id);
    for (const other of others) await writePrice({ ...other, active: false, lookup_key: null });
    const replaced = holder && holder.id !== current.id ? holder : (others[0] ?? null);
    return { productId, priceId: current.id, replacedPriceId: replaced?.id ?? null };
  }, TX_OPTIONS);
}

/**
 * The provider's `createSubscriptionCheckout` in the sandbox: a `checkout_session` row in
 * `subscription` mode (open and unpaid, `payment_intent` null, its line item the Price), built
 * from the parameters the Stripe provider sends and idempotent on them as Stripe is
 * (`runIdempotent`). The sandbox checkout page completes it with `completeSandboxCheckout`.
 * @returns id, the sandbox checkout page URL (`${APP_URL}/sandbox/checkout/<id>`), expiry.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `resource_missing` for an
 *   unknown price or coupon, `idempotency_error`, and (saved under the key) an inactive price, a
 *   coupon in another currency, an `expiresAt` outside 30 minutes to 24 hours.
 */
export async function createSandboxSubscriptionCheckout(
  db: PrismaClient,
  input: CreateSubscriptionCheckoutInput,
): Promise<CheckoutSession> {
  const v = parseSubscriptionCheckoutInput(input);
  const params = buildSubscriptionCheckoutParams(v, new Date());
  const action = `Cannot create subscription checkout for ${v.catalogSubscriptionId}`;
  const { value } = await runIdempotent<{ id: string; url: string; expiresAt: number }>(
    db,
    { key: v.idempotencyKey, endpoint: "/v1/checkout/sessions", params, action },
    async (tx) => {
      const refusal = (message: string, param: string) =>
        ({
          ok: false,
          error: { statusCode: 400, type: "invalid_request_error", param, message },
        }) as const;
      const priceRecord = await readPrice(tx, v.priceId);
      if (!priceRecord) {
        throw toStripeRequestError(
          action,
          noSuchResource("price", v.priceId, "line_items[0][price]"),
        );
      }
      const { price } = priceRecord;
      if (!price.active) {
        return refusal(
          "The price specified is inactive. This field only accepts active prices.",
          "line_items[0][price]",
        );
      }
      const coupon = v.discountCouponId ? await readCoupon(tx, v.discountCouponId) : null;
      if (v.discountCouponId && !coupon) {
        throw toStripeRequestError(
          action,
          noSuchResource("coupon", v.discountCouponId, "discounts[0][coupon]"),
        );
      }
      if (coupon?.currency && coupon.currency !== price.currency) {
        return refusal(
          `The coupon ${coupon.id} is in ${coupon.currency}; this session charges ${price.currency}.`,
          "discounts[0][coupon]",
        );
      }
      const created = nowSeconds();
      const expiresAt = params.expires_at as number;
      const lifetime = expiresAt - created;
      if (lifetime < CHECKOUT_MIN_LIFETIME_SECONDS || lifetime > CHECKOUT_MAX_LIFETIME_SECONDS) {
        return refusal(
          "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
          "expires_at",
        );
      }
      const productRow = await tx.sandboxObject.findUnique({ where: { id: price.product } });
      const product = productRow ? fromJson<ProductRecord>(productRow.data).product : null;
      const id = `cs_test_sandbox_${randomToken(24)}`;
      const url = `${paymentsEnv().APP_URL}/sandbox/checkout/${id}`;
      const metadata = params.metadata as Record<string, string>;
      const session: SandboxCheckoutSession = {
        id,
        object: "checkout.session",
        amount_subtotal: price.unit_amount,
        // What the first invoice will charge, as Stripe shows it on the page.
        amount_total:
          price.unit_amount - (coupon ? invoiceDiscountCents(price.unit_amount, coupon) : 0),
        cancel_url: v.cancelUrl,
        client_reference_id: v.catalogSubscriptionId,
        created,
        currency: price.currency,
        customer: null,
        customer_details: null,
        customer_email: v.customerEmail,
        expires_at: expiresAt,
        livemode: false,
        metadata,
        mode: "subscription",
        payment_intent: null,
        payment_method_types: ["card"],
        payment_status: "unpaid",
        status: "open",
        subscription: null,
        success_url: v.successUrl,
        url,
      };
      const lineItems: SandboxLineItem[] = [
        {
          id: `li_sandbox_${randomToken(14)}`,
          object: "item",
          amount_subtotal: price.unit_amount,
          amount_total: price.unit_amount,
          currency: price.currency,
          description: product?.name ?? "Catalog subscription",
          quantity: 1,
          price: {
            id: price.id,
            object: "price",
            currency: price.currency,
            unit_amount: price.unit_amount,
            recurring: { interval: price.recurring.interval, interval_count: 1 },
            product: {
              id: price.product,
              object: "product",
              name: product?.name ?? "Catalog subscription",
              description: null,
              images: [],
            },
          },
        },
      ];
      const record: SessionRecord = {
        session,
        lineItems,
        idempotencyKey: v.idempotencyKey,
        events: {},
        subscription: { priceId: price.id, couponId: coupon?.id ?? null },
      };
      await tx.sandboxObject.create({
        data: { id, kind: "checkout_session", data: toJson(record) },
      });
      return { ok: true, value: { id, url, expiresAt } };
    },
  );
  return { id: value.id, url: value.url, expiresAt: new Date(value.expiresAt * 1000) };
}

/**
 * What paying an open subscription-mode session starts, as Stripe Checkout does
 * (docs.stripe.com/payments/checkout/build-subscriptions): a `cus_sandbox_...` Customer with the
 * buyer's email and name; an active `sub_sandbox_...` Subscription of the session's Price whose
 * first period runs one interval from now, carrying the session's metadata and, with a coupon, a
 * Discount; its first invoice (`subscription_create`) paid by a PaymentIntent and Charge (none
 * for 0 cents). Returns the completed session (`customer`, `subscription`, `amount_total` after
 * the discount), the rows to insert with it, and the events to send after
 * `checkout.session.completed`: `customer.subscription.created`, then `invoice.paid`.
 * @throws Error when the session's Price or coupon row is gone (the sandbox never deletes them).
 */
export async function startSandboxSubscription(
  db: PrismaClient,
  record: SessionRecord,
  completed: SandboxCheckoutSession,
  buyerName: string | null,
): Promise<{
  session: SandboxCheckoutSession;
  rows: { id: string; kind: string; data: ReturnType<typeof toJson> }[];
  events: StoredEvent[];
}> {
  const plan = record.subscription;
  if (!plan) throw new Error(`Sandbox session ${completed.id} is not in subscription mode.`);
  const priceRecord = await readPrice(db, plan.priceId);
  if (!priceRecord) throw new Error(`Sandbox price ${plan.priceId} is missing.`);
  const { price } = priceRecord;
  const coupon = plan.couponId ? await readCoupon(db, plan.couponId) : null;
  if (plan.couponId && !coupon) throw new Error(`Sandbox coupon ${plan.couponId} is missing.`);

  const now = nowSeconds();
  const customer: SandboxCustomer = {
    id: `cus_sandbox_${randomToken(14)}`,
    object: "customer",
    created: now,
    email: completed.customer_email,
    livemode: false,
    metadata: {},
    name: buyerName,
  };
  const customerRecord: CustomerRecord = { customer, paymentFails: false };
  const subscriptionId = `sub_sandbox_${randomToken(24)}`;
  const discount: SandboxDiscount | null = coupon
    ? {
        id: `di_sandbox_${randomToken(24)}`,
        object: "discount",
        checkout_session: completed.id,
        customer: customer.id,
        end: discountEndSeconds(now, coupon),
        invoice: null,
        invoice_item: null,
        promotion_code: null,
        source: { coupon: coupon.id, type: "coupon" },
        start: now,
        subscription: subscriptionId,
        subscription_item: null,
      }
    : null;
  const periodEnd = addBillingIntervals(now, price.recurring.interval, 1);
  const subscription: SandboxSubscription = {
    id: subscriptionId,
    object: "subscription",
    billing_cycle_anchor: now,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: "charge_automatically",
    created: now,
    currency: price.currency,
    customer: customer.id,
    discounts: discount ? [discount.id] : [],
    ended_at: null,
    items: {
      object: "list",
      data: [
        {
          id: `si_sandbox_${randomToken(14)}`,
          object: "subscription_item",
          created: now,
          current_period_end: periodEnd,
          current_period_start: now,
          discounts: [],
          metadata: {},
          price,
          quantity: 1,
          subscription: subscriptionId,
        },
      ],
      has_more: false,
      total_count: 1,
      url: `/v1/subscription_items?subscription=${subscriptionId}`,
    },
    latest_invoice: null,
    livemode: false,
    metadata: completed.metadata,
    start_date: now,
    status: "active",
    test_clock: null,
  };
  const draft: SubscriptionRecord = {
    subscription,
    clock: now,
    cycle: 1,
    invoiceCount: 0,
    coupon,
    discount,
    openInvoiceId: null,
  };
  const invoice = buildSubscriptionInvoice({
    record: draft,
    customer: customerRecord,
    billingReason: "subscription_create",
    createdSeconds: now,
    usagePeriod: { start: now, end: now },
    servicePeriod: { start: now, end: periodEnd },
  });
  // Checkout confirms the card before it completes: the first invoice is always paid.
  const payment = attemptInvoicePayment(invoice, customerRecord, now);
  const started: SubscriptionRecord = {
    ...draft,
    invoiceCount: 1,
    subscription: { ...subscription, latest_invoice: invoice.id },
  };
  const session: SandboxCheckoutSession = {
    ...completed,
    amount_total: invoice.total,
    customer: customer.id,
    subscription: subscriptionId,
  };
  const subscriptionCreated = buildEvent("customer.subscription.created", started.subscription);
  const invoicePaid = buildEvent("invoice.paid", payment.record.invoice);
  return {
    session,
    rows: [
      { id: customer.id, kind: "customer", data: toJson(customerRecord) },
      { id: subscriptionId, kind: "subscription", data: toJson(started) },
      invoiceRow(payment.record),
      ...payment.rows,
      eventRow(subscriptionCreated, "customer.subscription.created"),
      eventRow(invoicePaid, "invoice.paid"),
    ],
    events: [subscriptionCreated, invoicePaid],
  };
}

/** The stored sandbox subscription in Stripe's shape, or null: for tests and sandbox pages. */
export async function getSandboxSubscription(
  db: PrismaClient,
  subscriptionId: string,
): Promise<SandboxSubscription | null> {
  return (await readSubscription(db, subscriptionId))?.subscription ?? null;
}

/**
 * The customer's sandbox subscriptions, newest first: for the sandbox portal page (which cancels
 * with the provider's `cancelSubscription` and switches the card with `setSandboxPaymentFails`).
 */
export async function listSandboxSubscriptionsOfCustomer(
  db: PrismaClient,
  customerId: string,
): Promise<SandboxSubscription[]> {
  const rows = await db.sandboxObject.findMany({
    where: {
      kind: "subscription",
      data: { path: ["subscription", "customer"], equals: customerId },
    },
    orderBy: { createdAt: "desc" },
  });
  return rows.map((r) => fromJson<SubscriptionRecord>(r.data).subscription);
}

/**
 * The provider's `getSubscription` in the sandbox.
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `resource_missing` (404).
 */
export async function getSandboxSubscriptionState(
  db: PrismaClient,
  subscriptionId: string,
): Promise<SubscriptionState> {
  const id = parseId("sub", subscriptionId, "read subscription");
  const record = await readSubscription(db, id);
  if (!record) {
    throw toStripeRequestError(
      `Cannot read subscription ${id}`,
      noSuchResource("subscription", id, "id"),
    );
  }
  return toSubscriptionState(record.subscription);
}

/** The stored sandbox customer with its card switch, or null. */
export async function getSandboxCustomer(
  db: PrismaClient,
  customerId: string,
): Promise<(SandboxCustomer & { paymentFails: boolean }) | null> {
  const record = await readCustomer(db, customerId);
  return record ? { ...record.customer, paymentFails: record.paymentFails } : null;
}

/**
 * Makes every later payment attempt on the customer's card fail (`fails: true`), as Stripe's
 * test card 4000 0000 0000 0341 does once attached (docs.stripe.com/testing#declined-payments),
 * or succeed again (`fails: false`, what "update payment method" in the portal does). The first
 * invoice is paid at checkout regardless: Checkout does not complete with a declined card.
 * @throws PaymentsError CUSTOMER_NOT_FOUND.
 */
export async function setSandboxPaymentFails(
  db: PrismaClient,
  opts: { customerId: string; fails: boolean },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await lockRow(tx, opts.customerId, "customer");
    if (!row) {
      throw new PaymentsError(
        "CUSTOMER_NOT_FOUND",
        `Cannot set the sandbox card of ${opts.customerId}: no such customer.`,
      );
    }
    const record = fromJson<CustomerRecord>(row.data);
    await tx.sandboxObject.update({
      where: { id: row.id },
      data: { data: toJson({ ...record, paymentFails: opts.fails } satisfies CustomerRecord) },
    });
  }, TX_OPTIONS);
}

/**
 * The provider's `createPortalSession` in the sandbox: a `bps_sandbox_...` session row for the
 * customer with its return URL; the URL is the sandbox portal page
 * `${APP_URL}/sandbox/portal/<id>` (a page of the web app, which reads the session with
 * `getSandboxPortalSession`).
 * @throws PaymentsError INVALID_PAYMENTS_INPUT; StripeRequestError `resource_missing` for an
 *   unknown customer, as Stripe answers.
 */
export async function createSandboxPortalSession(
  db: PrismaClient,
  input: CreatePortalSessionInput,
): Promise<{ id: string; url: string }> {
  const v = parsePortalSessionInput(input);
  if (!(await readCustomer(db, v.customerId))) {
    throw toStripeRequestError(
      `Cannot open the customer portal for ${v.customerId}`,
      noSuchResource("customer", v.customerId, "customer"),
    );
  }
  const id = `bps_sandbox_${randomToken(24)}`;
  const session: SandboxPortalSession = {
    id,
    object: "billing_portal.session",
    configuration: SANDBOX_PORTAL_CONFIGURATION,
    created: nowSeconds(),
    customer: v.customerId,
    livemode: false,
    return_url: v.returnUrl,
    url: `${paymentsEnv().APP_URL}/sandbox/portal/${id}`,
  };
  await db.sandboxObject.create({
    data: { id, kind: "portal_session", data: toJson({ session } satisfies PortalSessionRecord) },
  });
  return { id, url: session.url };
}

/** The stored sandbox portal session (customer, return URL), or null: for the portal page. */
export async function getSandboxPortalSession(
  db: PrismaClient,
  portalSessionId: string,
): Promise<SandboxPortalSession | null> {
  return (await readPortalSession(db, portalSessionId))?.session ?? null;
}
