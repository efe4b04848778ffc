/**
 * A stateful Stripe HTTP mock for tests: msw handlers for the `https://api.stripe.com/v1`
 * endpoints this package calls, keeping state (connected accounts with balances, transfers with
 * reversals, payment intents, charges with refunds, checkout sessions, coupons and promotion
 * codes, and Stripe Billing's products, prices, customers, subscriptions, invoices and customer
 * portal) and honouring
 * `Idempotency-Key` as Stripe does (docs.stripe.com/api/idempotent_requests):
 *
 * - a key's first request that begins executing has its status and body saved, success or error;
 *   the same key with the same parameters gets that response again, with `Idempotent-Replayed:
 *   true`, and nothing executes twice;
 * - the same key with other parameters, or on another endpoint: 400 `idempotency_error`;
 * - requests refused before executing (missing parameters, unknown ids, 429, 409) save nothing.
 *
 * stripe-mock (Stripe's own) keeps no state and cannot test any of this. msw is a dev dependency
 * of this package: a package using this file lists `msw` in its own devDependencies.
 *
 * ```ts
 * const stripe = createStripeMock();
 * const server = setupServer(...stripe.handlers);
 * beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
 * afterEach(() => stripe.reset());
 * ```
 */
import { randomBytes } from "node:crypto";

import { http, HttpResponse } from "msw";

import {
  addBillingIntervals,
  billingIntervalsBetween,
  discountAppliesToInvoice,
  discountEndSeconds,
  invoiceDiscountCents,
} from "../billing-rules";
import type { CouponTerms } from "../billing-rules";
import { STRIPE_API_VERSION } from "../stripe-provider";

export const STRIPE_API_BASE = "https://api.stripe.com/v1";

/** The endpoints `failNext` can make fail; the first three are the money-moving ones. */
export type StripeMockEndpoint =
  | "transfers"
  | "refunds"
  | "transfer_reversals"
  | "accounts"
  | "account_retrieve"
  | "account_links"
  | "login_links"
  | "transfer_list"
  | "transfer_retrieve"
  | "charge_retrieve"
  | "checkout_sessions"
  | "checkout_session_retrieve"
  | "coupons"
  | "promotion_codes"
  | "promotion_code_update"
  | "products"
  | "product_retrieve"
  | "product_update"
  | "prices"
  | "price_list"
  | "price_update"
  | "subscription_retrieve"
  | "subscription_update"
  | "subscription_cancel"
  | "invoice_retrieve"
  | "portal_configurations"
  | "portal_configuration_list"
  | "portal_sessions";

/**
 * A failure to inject. `status` 0 drops the connection (no response at all). Other fields:
 * - `code`, `message`, `param`: in the error body (a default message names the failure);
 * - `applied`: the request executes before the failure is returned (the transfer exists, the
 *   answer is lost): the "may have happened" case that `findTransferByGroup` reconciles;
 * - `saved`: whether the failure is saved under the idempotency key and replayed to a retry with
 *   the same key. Default: as Stripe, saved when the endpoint ran (4xx, 5xx), not saved for 429,
 *   409 and `lock_timeout`, which Stripe answers before executing. With status 0 and `applied`,
 *   the success is what is saved (a retry gets it, replayed).
 */
export type StripeMockFailure = {
  status: number;
  type: string;
  code?: string;
  message?: string;
  param?: string;
  applied?: boolean;
  saved?: boolean;
};

/** One request as the mock received it. `params` is the form body (or query) parsed to objects. */
export type StripeMockRequest = {
  method: string;
  path: string;
  endpoint: StripeMockEndpoint | "other";
  form: URLSearchParams;
  params: Record<string, unknown>;
  idempotencyKey: string | null;
  status: number;
  replayed: boolean;
};

type Json = Record<string, unknown>;
type Metadata = Record<string, string>;
type StripeListJson<T> = {
  object: "list";
  data: T[];
  has_more: false;
  total_count: number;
  url: string;
};

export type MockAccount = {
  id: string;
  object: "account";
  capabilities: { transfers?: "inactive" | "active" };
  charges_enabled: boolean;
  controller: Json;
  country: string;
  created: number;
  details_submitted: boolean;
  email: string | null;
  metadata: Metadata;
  payouts_enabled: boolean;
  requirements: {
    currently_due: string[];
    disabled_reason: string | null;
    eventually_due: string[];
    past_due: string[];
  };
  /** The payout bank account once onboarded (Stripe lists it on Connect accounts). */
  external_accounts?: {
    object: "list";
    data: { id: string; fingerprint: string; last4: string }[];
  };
  type: string;
};

export type MockTransferReversal = {
  id: string;
  object: "transfer_reversal";
  amount: number;
  created: number;
  currency: string;
  metadata: Metadata;
  transfer: string;
};

export type MockTransfer = {
  id: string;
  object: "transfer";
  amount: number;
  amount_reversed: number;
  created: number;
  currency: string;
  destination: string;
  livemode: false;
  metadata: Metadata;
  reversals: StripeListJson<MockTransferReversal>;
  reversed: boolean;
  transfer_group: string | null;
};

export type MockRefund = {
  id: string;
  object: "refund";
  amount: number;
  charge: string;
  created: number;
  currency: string;
  metadata: Metadata;
  payment_intent: string;
  status: "succeeded";
};

export type MockCharge = {
  id: string;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  created: number;
  currency: string;
  disputed: boolean;
  metadata: Metadata;
  paid: true;
  payment_intent: string;
  refunded: boolean;
  refunds: StripeListJson<MockRefund>;
  status: "succeeded";
};

export type MockPaymentIntent = {
  id: string;
  object: "payment_intent";
  amount: number;
  currency: string;
  latest_charge: string;
  metadata: Metadata;
  status: "succeeded";
};

export type MockCheckoutSession = {
  id: string;
  object: "checkout.session";
  amount_total: number;
  cancel_url: string | null;
  client_reference_id: string | null;
  created: number;
  currency: string;
  customer_email: string | null;
  expires_at: number;
  metadata: Metadata;
  mode: string;
  payment_intent: string | null;
  payment_status: "unpaid" | "paid";
  status: "open" | "complete" | "expired";
  success_url: string | null;
  url: string | null;
  /** Subscription mode: set on completion. */
  customer: string | null;
  subscription: string | null;
};

export type MockProduct = {
  id: string;
  object: "product";
  active: boolean;
  created: number;
  livemode: false;
  metadata: Metadata;
  name: string;
  type: string;
  updated: number;
};

export type MockPrice = {
  id: string;
  object: "price";
  active: boolean;
  created: number;
  currency: string;
  livemode: false;
  lookup_key: string | null;
  metadata: Metadata;
  product: string;
  recurring: { interval: string; interval_count: number; usage_type: "licensed" } | null;
  type: "recurring" | "one_time";
  unit_amount: number;
};

export type MockCustomer = {
  id: string;
  object: "customer";
  created: number;
  email: string | null;
  livemode: false;
  metadata: Metadata;
};

/** In the pinned API version's shape: the period is on the item. */
export type MockSubscription = {
  id: string;
  object: "subscription";
  cancel_at: number | null;
  cancel_at_period_end: boolean;
  canceled_at: number | null;
  created: number;
  currency: string;
  customer: string;
  discounts: string[];
  ended_at: number | null;
  items: StripeListJson<{
    id: string;
    object: "subscription_item";
    current_period_end: number;
    current_period_start: number;
    price: MockPrice;
    quantity: 1;
    subscription: string;
  }>;
  latest_invoice: string | null;
  livemode: false;
  metadata: Metadata;
  start_date: number;
  status: "active" | "past_due" | "canceled";
};

/** In the pinned API version's shape; `payments` is added only for `expand[]=payments`. */
export type MockInvoice = {
  id: string;
  object: "invoice";
  amount_due: number;
  amount_paid: number;
  amount_remaining: number;
  attempt_count: number;
  billing_reason: string;
  next_payment_attempt: number | null;
  created: number;
  currency: string;
  customer: string;
  discounts: string[];
  lines: StripeListJson<{
    id: string;
    object: "line_item";
    amount: number;
    currency: string;
    period: { start: number; end: number };
    pricing: { price_details: { price: string; product: string }; type: "price_details" };
  }>;
  livemode: false;
  parent: {
    quote_details: null;
    subscription_details: { metadata: Metadata; subscription: string };
    type: "subscription_details";
  };
  period_end: number;
  period_start: number;
  status: "draft" | "open" | "paid";
  subtotal: number;
  total: number;
  total_discount_amounts: { amount: number; discount: string }[];
};

export type MockInvoicePayment = {
  id: string;
  object: "invoice_payment";
  amount_paid: number;
  currency: string;
  invoice: string;
  is_default: true;
  payment: { payment_intent: string; type: "payment_intent" };
  status: "paid";
};

export type MockPortalConfiguration = {
  id: string;
  object: "billing_portal.configuration";
  active: boolean;
  features: Json;
  is_default: boolean;
  livemode: false;
  metadata: Metadata;
};

export type MockCoupon = {
  id: string;
  object: "coupon";
  amount_off: number | null;
  created: number;
  currency: string | null;
  duration: string;
  duration_in_months: number | null;
  livemode: false;
  metadata: Metadata;
  name: string | null;
  percent_off: number | null;
  valid: true;
};

/** In the pinned API version's shape: the coupon sits under `promotion`. */
export type MockPromotionCode = {
  id: string;
  object: "promotion_code";
  active: boolean;
  code: string;
  created: number;
  expires_at: number | null;
  livemode: false;
  max_redemptions: number | null;
  metadata: Metadata;
  promotion: { type: "coupon"; coupon: string };
  times_redeemed: number;
};

/** An event Stripe would have sent, for a test to sign (`signWebhookPayload`) and deliver. */
export type MockEvent = {
  id: string;
  object: "event";
  account?: string;
  api_version: string;
  created: number;
  data: { object: unknown; previous_attributes?: Json };
  livemode: false;
  pending_webhooks: 1;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
};

type SavedResponse = {
  method: string;
  path: string;
  paramsKey: string;
  status: number;
  body: Json;
  requestId: string;
};

export type StripeMockState = {
  accounts: Map<string, MockAccount>;
  /** Per connected account: transferred in minus reversals minus paid out; and paid out. Cents. */
  balances: Map<string, { availableCents: number; paidOutCents: number }>;
  transfers: Map<string, MockTransfer>;
  paymentIntents: Map<string, MockPaymentIntent>;
  charges: Map<string, MockCharge>;
  refunds: Map<string, MockRefund>;
  checkoutSessions: Map<string, MockCheckoutSession>;
  coupons: Map<string, MockCoupon>;
  promotionCodes: Map<string, MockPromotionCode>;
  products: Map<string, MockProduct>;
  prices: Map<string, MockPrice>;
  customers: Map<string, MockCustomer>;
  subscriptions: Map<string, MockSubscription>;
  invoices: Map<string, MockInvoice>;
  /** Per invoice: what paid it, listed by `expand[]=payments`. */
  invoicePayments: Map<string, MockInvoicePayment[]>;
  portalConfigurations: Map<string, MockPortalConfiguration>;
  /** The platform's available balance in cents; null (default) for unlimited. */
  platformBalanceCents: number | null;
  /** Every request, in order of arrival (replays included). */
  requests: StripeMockRequest[];
  /** Events Stripe would send for what happened (refunds, onboarding, checkout completion). */
  events: MockEvent[];
  /** Saved responses by idempotency key. */
  idempotency: Map<string, SavedResponse>;
};

const nowSeconds = () => Math.floor(Date.now() / 1000);
const token = (n: number) => randomBytes(n).toString("base64url").replace(/[-_]/g, "x").slice(0, n);
const ONBOARDING_REQUIREMENTS = ["business_type", "external_account", "tos_acceptance.date"];

/**
 * Parses a Stripe form body (`a[b][0]=x`, as stripe-node encodes) into nested objects and arrays.
 * Values stay strings; an empty value (Stripe's "unset") is dropped.
 */
export function parseStripeForm(form: URLSearchParams): Json {
  const root: Json = {};
  for (const [key, value] of form) {
    if (value === "") continue;
    const path = key.replace(/]/g, "").split("[");
    let node = root;
    path.forEach((segment, i) => {
      if (i === path.length - 1) {
        node[segment] = value;
      } else {
        node[segment] ??= {};
        node = node[segment] as Json;
      }
    });
  }
  const arrayify = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    const entries = Object.entries(value as Json).map(([k, v]) => [k, arrayify(v)] as const);
    const numeric = entries.length > 0 && entries.every(([k], i) => k === String(i));
    return numeric ? entries.map(([, v]) => v) : Object.fromEntries(entries);
  };
  return arrayify(root) as Json;
}

type Answer = { status: number; body: Json; saved?: boolean };

const stripeError = (
  status: number,
  type: string,
  message: string,
  extra: { code?: string; param?: string; saved?: boolean } = {},
): Answer => ({
  status,
  body: {
    error: {
      type,
      message,
      ...(extra.code ? { code: extra.code } : {}),
      ...(extra.param ? { param: extra.param } : {}),
    },
  },
  saved: extra.saved,
});

/** Refused before executing: parameter validation, which Stripe does not save under the key. */
const invalid = (message: string, param: string, code = "parameter_invalid_integer") =>
  stripeError(400, "invalid_request_error", message, { code, param, saved: false });
const missing = (param: string) =>
  stripeError(400, "invalid_request_error", `Missing required param: ${param}.`, {
    code: "parameter_missing",
    param,
    saved: false,
  });
const noSuch = (what: string, id: string, param?: string) =>
  stripeError(404, "invalid_request_error", `No such ${what}: '${id}'`, {
    code: "resource_missing",
    ...(param ? { param } : {}),
    saved: false,
  });
const accountInvalid = (id: string) =>
  stripeError(
    403,
    "invalid_request_error",
    `The provided key 'sk_test_********mock' does not have access to account '${id}' (or that account does not exist). Application access may have been revoked.`,
    { code: "account_invalid", saved: false },
  );
/** Refused by a business rule once executing: saved under the key, like any executed outcome. */
const refused = (code: string, message: string, param?: string) =>
  stripeError(400, "invalid_request_error", message, { code, ...(param ? { param } : {}) });

function positiveCents(value: unknown, param: string): number | Answer {
  const n = Number(value);
  if (typeof value !== "string" || !/^\d+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    return invalid(`Invalid positive integer: ${String(value)}`, param);
  }
  return n;
}

const metadataOf = (params: Json): Metadata => (params.metadata as Metadata | undefined) ?? {};

/**
 * The mock. `handlers` go to `setupServer(...)`; `state` is inspectable and editable; `failNext`
 * injects one failure on an endpoint's next request (queued, first in first out); `reset` empties
 * everything. Helpers stand in for what happens outside the API: onboarding, a buyer paying,
 * payouts to the bank.
 */
export function createStripeMock() {
  const state: StripeMockState = {
    accounts: new Map(),
    balances: new Map(),
    transfers: new Map(),
    paymentIntents: new Map(),
    charges: new Map(),
    refunds: new Map(),
    checkoutSessions: new Map(),
    coupons: new Map(),
    promotionCodes: new Map(),
    products: new Map(),
    prices: new Map(),
    customers: new Map(),
    subscriptions: new Map(),
    invoices: new Map(),
    invoicePayments: new Map(),
    portalConfigurations: new Map(),
    platformBalanceCents: null,
    requests: [],
    events: [],
    idempotency: new Map(),
  };
  const failures = new Map<StripeMockEndpoint, StripeMockFailure[]>();

  function emit(
    type: string,
    object: unknown,
    opts: { account?: string; idempotencyKey?: string | null; previous?: Json } = {},
  ): MockEvent {
    const event: MockEvent = {
      id: `evt_mock_${token(24)}`,
      object: "event",
      ...(opts.account ? { account: opts.account } : {}),
      api_version: STRIPE_API_VERSION,
      created: nowSeconds(),
      data: {
        object: structuredClone(object),
        ...(opts.previous ? { previous_attributes: opts.previous } : {}),
      },
      livemode: false,
      pending_webhooks: 1,
      request: opts.idempotencyKey
        ? { id: `req_mock_${token(14)}`, idempotency_key: opts.idempotencyKey }
        : { id: null, idempotency_key: null },
      type,
    };
    state.events.push(event);
    return event;
  }

  // ------------------------------------------------------------------------------------------
  // Endpoint logic: params in, answer out. Synchronous, so concurrent requests cannot interleave.

  function createAccount(params: Json): Answer {
    const capabilities = (params.capabilities ?? {}) as Json;
    const transfersRequested = (capabilities.transfers as Json | undefined)?.requested === "true";
    const controller = (params.controller ?? {}) as Json;
    const dashboard = (controller.stripe_dashboard as Json | undefined)?.type;
    const account: MockAccount = {
      id: `acct_mock_${token(16)}`,
      object: "account",
      capabilities: transfersRequested ? { transfers: "inactive" } : {},
      charges_enabled: false,
      controller,
      country: (params.country as string | undefined) ?? "US",
      created: nowSeconds(),
      details_submitted: false,
      email: (params.email as string | undefined) ?? null,
      metadata: metadataOf(params),
      payouts_enabled: false,
      requirements: {
        currently_due: [...ONBOARDING_REQUIREMENTS],
        disabled_reason: "requirements.past_due",
        eventually_due: [...ONBOARDING_REQUIREMENTS],
        past_due: [...ONBOARDING_REQUIREMENTS],
      },
      type: (params.type as string | undefined) ?? (dashboard === "express" ? "express" : "none"),
    };
    state.accounts.set(account.id, account);
    state.balances.set(account.id, { availableCents: 0, paidOutCents: 0 });
    return { status: 200, body: account };
  }

  function createAccountLink(params: Json): Answer {
    const account = params.account as string | undefined;
    if (!account) return missing("account");
    if (!params.type) return missing("type");
    if (!state.accounts.has(account)) return accountInvalid(account);
    const created = nowSeconds();
    return {
      status: 200,
      body: {
        object: "account_link",
        created,
        expires_at: created + 300,
        url: `https://connect.stripe.com/setup/e/${account}/${token(12)}`,
      },
    };
  }

  function createLoginLink(accountId: string): Answer {
    if (!state.accounts.has(accountId)) return accountInvalid(accountId);
    return {
      status: 200,
      body: {
        object: "login_link",
        created: nowSeconds(),
        url: `https://connect.stripe.com/express/${token(16)}`,
      },
    };
  }

  function createTransfer(params: Json): Answer {
    if (params.amount === undefined) return missing("amount");
    const amount = positiveCents(params.amount, "amount");
    if (typeof amount !== "number") return amount;
    if (!params.currency) return missing("currency");
    const destination = params.destination as string | undefined;
    if (!destination) return missing("destination");
    const account = state.accounts.get(destination);
    if (!account) return noSuch("destination", destination, "destination");
    if (account.capabilities.transfers !== "active") {
      return refused(
        "insufficient_capabilities_for_transfer",
        "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
        "destination",
      );
    }
    if (state.platformBalanceCents !== null && state.platformBalanceCents < amount) {
      return refused(
        "balance_insufficient",
        "You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance",
      );
    }
    const id = `tr_mock_${token(24)}`;
    const transfer: MockTransfer = {
      id,
      object: "transfer",
      amount,
      amount_reversed: 0,
      created: nowSeconds(),
      currency: String(params.currency),
      destination,
      livemode: false,
      metadata: metadataOf(params),
      reversals: {
        object: "list",
        data: [],
        has_more: false,
        total_count: 0,
        url: `/v1/transfers/${id}/reversals`,
      },
      reversed: false,
      transfer_group: (params.transfer_group as string | undefined) ?? null,
    };
    state.transfers.set(id, transfer);
    const balance = state.balances.get(destination) ?? { availableCents: 0, paidOutCents: 0 };
    state.balances.set(destination, {
      ...balance,
      availableCents: balance.availableCents + amount,
    });
    if (state.platformBalanceCents !== null) state.platformBalanceCents -= amount;
    return { status: 200, body: transfer };
  }

  function listTransfers(query: URLSearchParams): Answer {
    const group = query.get("transfer_group");
    const destination = query.get("destination");
    const limit = Math.min(Number(query.get("limit") ?? 10), 100);
    const matching = [...state.transfers.values()]
      .filter(
        (t) =>
          (group === null || t.transfer_group === group) &&
          (destination === null || t.destination === destination),
      )
      .reverse();
    return {
      status: 200,
      body: {
        object: "list",
        data: matching.slice(0, limit),
        has_more: matching.length > limit,
        url: "/v1/transfers",
      },
    };
  }

  function reverseTransfer(transferId: string, params: Json): Answer {
    const transfer = state.transfers.get(transferId);
    if (!transfer) return noSuch("transfer", transferId, "id");
    const remaining = transfer.amount - transfer.amount_reversed;
    let amount = remaining;
    if (params.amount !== undefined) {
      const parsed = positiveCents(params.amount, "amount");
      if (typeof parsed !== "number") return parsed;
      amount = parsed;
    }
    if (amount > remaining || amount === 0) {
      return refused(
        "amount_too_large",
        `Transfer ${transferId} has ${remaining} cents left to reverse; cannot reverse ${amount} cents.`,
        "amount",
      );
    }
    const balance = state.balances.get(transfer.destination) ?? {
      availableCents: 0,
      paidOutCents: 0,
    };
    if (balance.availableCents < amount) {
      return refused(
        "balance_insufficient",
        `Insufficient funds in the connected account ${transfer.destination} to reverse ${amount} cents: its available balance is ${balance.availableCents} cents.`,
      );
    }
    const reversal: MockTransferReversal = {
      id: `trr_mock_${token(24)}`,
      object: "transfer_reversal",
      amount,
      created: nowSeconds(),
      currency: transfer.currency,
      metadata: metadataOf(params),
      transfer: transfer.id,
    };
    transfer.amount_reversed += amount;
    transfer.reversed = transfer.amount_reversed === transfer.amount;
    transfer.reversals.data.unshift(reversal);
    transfer.reversals.total_count += 1;
    state.balances.set(transfer.destination, {
      ...balance,
      availableCents: balance.availableCents - amount,
    });
    if (state.platformBalanceCents !== null) state.platformBalanceCents += amount;
    return { status: 200, body: reversal };
  }

  function createRefund(params: Json, idempotencyKey: string | null): Answer {
    let charge: MockCharge | undefined;
    if (params.payment_intent) {
      const pi = state.paymentIntents.get(String(params.payment_intent));
      if (!pi) return noSuch("payment_intent", String(params.payment_intent), "payment_intent");
      charge = state.charges.get(pi.latest_charge);
    } else if (params.charge) {
      charge = state.charges.get(String(params.charge));
      if (!charge) return noSuch("charge", String(params.charge), "charge");
    } else {
      return missing("payment_intent");
    }
    if (!charge) throw new Error("Stripe mock: payment intent without its charge.");
    const unrefunded = charge.amount - charge.amount_refunded;
    let amount = unrefunded;
    if (params.amount !== undefined) {
      const parsed = positiveCents(params.amount, "amount");
      if (typeof parsed !== "number") return parsed;
      amount = parsed;
    }
    if (charge.disputed) {
      return refused(
        "charge_disputed",
        `Charge ${charge.id} has been charged back; cannot issue a refund.`,
      );
    }
    if (charge.refunded) {
      return refused("charge_already_refunded", `Charge ${charge.id} has already been refunded.`);
    }
    if (amount > unrefunded) {
      const usd = (c: number) => `$${(c / 100).toFixed(2)}`;
      return refused(
        "amount_too_large",
        `Refund amount (${usd(amount)}) is greater than unrefunded amount on charge (${usd(unrefunded)})`,
        "amount",
      );
    }
    const refund: MockRefund = {
      id: `re_mock_${token(24)}`,
      object: "refund",
      amount,
      charge: charge.id,
      created: nowSeconds(),
      currency: charge.currency,
      metadata: metadataOf(params),
      payment_intent: charge.payment_intent,
      status: "succeeded",
    };
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    charge.refunds.data.unshift(refund);
    charge.refunds.total_count += 1;
    state.refunds.set(refund.id, refund);
    emit("charge.refunded", charge, { idempotencyKey, previous });
    const expand = (params.expand as string[] | undefined) ?? [];
    return {
      status: 200,
      body: { ...refund, charge: expand.includes("charge") ? structuredClone(charge) : charge.id },
    };
  }

  function createCheckoutSession(params: Json): Answer {
    const lineItems = (params.line_items as Json[] | undefined) ?? [];
    if (lineItems.length === 0) return missing("line_items");
    let amount = 0;
    let currency = "usd";
    const mode = String(params.mode ?? "payment");
    for (const [i, item] of lineItems.entries()) {
      if (item.price !== undefined) {
        const price = state.prices.get(String(item.price));
        const param = `line_items[${i}][price]`;
        if (!price) return noSuch("price", String(item.price), param);
        if (!price.active) {
          return invalid(
            "The price specified is inactive. This field only accepts active prices.",
            param,
            "resource_missing",
          );
        }
        if (mode === "subscription" && !price.recurring) {
          return invalid(
            "You must provide at least one recurring price in `subscription` mode when using prices.",
            param,
            "parameter_invalid_empty",
          );
        }
        amount += price.unit_amount * Number(item.quantity ?? 1);
        currency = price.currency;
        continue;
      }
      const price = (item.price_data ?? {}) as Json;
      amount += Number(price.unit_amount ?? 0) * Number(item.quantity ?? 1);
      currency = String(price.currency ?? currency);
    }
    const discounts = (params.discounts as Json[] | undefined) ?? [];
    const couponId = discounts[0]?.coupon as string | undefined;
    if (couponId !== undefined && !state.coupons.has(couponId)) {
      return noSuch("coupon", couponId, "discounts[0][coupon]");
    }
    if (couponId !== undefined && params.allow_promotion_codes !== undefined) {
      return invalid(
        "You may only specify one of these parameters: allow_promotion_codes, discounts.",
        "discounts",
        "parameters_exclusive",
      );
    }
    const id = `cs_test_mock_${token(24)}`;
    const session: MockCheckoutSession = {
      id,
      object: "checkout.session",
      amount_total: amount,
      cancel_url: (params.cancel_url as string | undefined) ?? null,
      client_reference_id: (params.client_reference_id as string | undefined) ?? null,
      created: nowSeconds(),
      currency,
      customer_email: (params.customer_email as string | undefined) ?? null,
      expires_at: params.expires_at ? Number(params.expires_at) : nowSeconds() + 24 * 3600,
      metadata: metadataOf(params),
      mode,
      payment_intent: null,
      payment_status: "unpaid",
      status: "open",
      success_url: (params.success_url as string | undefined) ?? null,
      url: `https://checkout.stripe.com/c/pay/${id}`,
      customer: null,
      subscription: null,
    };
    if (mode === "subscription") {
      const item = lineItems[0] ?? {};
      sessionSubscriptionData.set(id, {
        priceId: String(item.price),
        couponId: couponId ?? null,
        metadata:
          ((params.subscription_data as Json | undefined)?.metadata as Metadata | undefined) ?? {},
      });
    }
    // Kept for completeCheckoutSession: the PaymentIntent gets payment_intent_data.metadata.
    sessionIntentMetadata.set(
      id,
      ((params.payment_intent_data as Json | undefined)?.metadata as Metadata | undefined) ?? {},
    );
    state.checkoutSessions.set(id, session);
    return { status: 200, body: session };
  }
  const sessionIntentMetadata = new Map<string, Metadata>();
  // Kept for completeCheckoutSession in subscription mode.
  const sessionSubscriptionData = new Map<
    string,
    { priceId: string; couponId: string | null; metadata: Metadata }
  >();
  // A subscription's discount (its coupon from checkout) and when it started, for renewals.
  const subscriptionDiscounts = new Map<
    string,
    { id: string; coupon: MockCoupon; startSeconds: number }
  >();

  // ------------------------------------------------------------------------------------------
  // Stripe Billing: products, prices, subscriptions, invoices, the customer portal.

  function createProduct(params: Json): Answer {
    if (!params.name) return missing("name");
    const id = (params.id as string | undefined) ?? `prod_mock_${token(14)}`;
    if (state.products.has(id)) {
      return refused("resource_already_exists", `Product already exists: '${id}'`, "id");
    }
    const now = nowSeconds();
    const product: MockProduct = {
      id,
      object: "product",
      active: params.active !== "false",
      created: now,
      livemode: false,
      metadata: metadataOf(params),
      name: String(params.name),
      type: String(params.type ?? "service"),
      updated: now,
    };
    state.products.set(id, product);
    return { status: 200, body: product };
  }

  function updateProduct(id: string, params: Json): Answer {
    const product = state.products.get(id);
    if (!product) return noSuch("product", id, "id");
    if (params.name !== undefined) product.name = String(params.name);
    if (params.active !== undefined) product.active = params.active === "true";
    Object.assign(product.metadata, metadataOf(params));
    product.updated = nowSeconds();
    return { status: 200, body: product };
  }

  /** Moves `lookupKey` to `price` when allowed; an answer when another price holds it. */
  function takeLookupKey(price: MockPrice, lookupKey: string, transfer: boolean): Answer | null {
    const holder = [...state.prices.values()].find(
      (p) => p.lookup_key === lookupKey && p.id !== price.id,
    );
    if (holder && !transfer) {
      return invalid(
        `A price (\`${holder.id}\`) already uses that lookup key.`,
        "lookup_key",
        "lookup_key_exists",
      );
    }
    if (holder) holder.lookup_key = null;
    price.lookup_key = lookupKey;
    return null;
  }

  function createPrice(params: Json): Answer {
    const productId = params.product as string | undefined;
    if (!productId) return missing("product");
    if (!state.products.has(productId)) return noSuch("product", productId, "product");
    if (!params.currency) return missing("currency");
    const amount = positiveCents(params.unit_amount, "unit_amount");
    if (typeof amount !== "number") return amount;
    const recurring = params.recurring as Json | undefined;
    const price: MockPrice = {
      id: `price_mock_${token(24)}`,
      object: "price",
      active: params.active !== "false",
      created: nowSeconds(),
      currency: String(params.currency),
      livemode: false,
      lookup_key: null,
      metadata: metadataOf(params),
      product: productId,
      recurring: recurring
        ? {
            interval: String(recurring.interval),
            interval_count: Number(recurring.interval_count ?? 1),
            usage_type: "licensed",
          }
        : null,
      type: recurring ? "recurring" : "one_time",
      unit_amount: amount,
    };
    if (params.lookup_key !== undefined) {
      const refusal = takeLookupKey(
        price,
        String(params.lookup_key),
        params.transfer_lookup_key === "true",
      );
      if (refusal) return refusal;
    }
    state.prices.set(price.id, price);
    return { status: 200, body: price };
  }

  function listPrices(params: Json): Answer {
    const lookupKeys = params.lookup_keys as string[] | undefined;
    const limit = Math.min(Number(params.limit ?? 10), 100);
    const matching = [...state.prices.values()]
      .filter(
        (p) =>
          (params.product === undefined || p.product === params.product) &&
          (params.active === undefined || String(p.active) === params.active) &&
          (params.type === undefined || p.type === params.type) &&
          (lookupKeys === undefined ||
            (p.lookup_key !== null && lookupKeys.includes(p.lookup_key))),
      )
      .reverse();
    return {
      status: 200,
      body: {
        object: "list",
        data: matching.slice(0, limit),
        has_more: matching.length > limit,
        url: "/v1/prices",
      },
    };
  }

  function updatePrice(id: string, params: Json): Answer {
    const price = state.prices.get(id);
    if (!price) return noSuch("price", id, "id");
    if (params.lookup_key !== undefined) {
      const refusal = takeLookupKey(
        price,
        String(params.lookup_key),
        params.transfer_lookup_key === "true",
      );
      if (refusal) return refusal;
    }
    if (params.active !== undefined) price.active = params.active === "true";
    Object.assign(price.metadata, metadataOf(params));
    return { status: 200, body: price };
  }

  function updateSubscription(id: string, params: Json): Answer {
    const subscription = state.subscriptions.get(id);
    if (!subscription) return noSuch("subscription", id, "id");
    if (subscription.status === "canceled") {
      return refused(
        "resource_missing",
        "A canceled subscription can only update its cancellation_details and metadata.",
      );
    }
    const previous: Json = {};
    if (params.cancel_at_period_end !== undefined) {
      const cancel = params.cancel_at_period_end === "true";
      previous.cancel_at_period_end = subscription.cancel_at_period_end;
      previous.cancel_at = subscription.cancel_at;
      previous.canceled_at = subscription.canceled_at;
      subscription.cancel_at_period_end = cancel;
      subscription.cancel_at = cancel
        ? (subscription.items.data[0]?.current_period_end ?? null)
        : null;
      subscription.canceled_at = cancel ? nowSeconds() : null;
    }
    Object.assign(subscription.metadata, metadataOf(params));
    emit("customer.subscription.updated", subscription, { previous });
    return { status: 200, body: subscription };
  }

  function cancelSubscription(id: string): Answer {
    const subscription = state.subscriptions.get(id);
    if (!subscription) return noSuch("subscription", id, "id");
    if (subscription.status === "canceled") {
      return refused("resource_missing", `No such subscription: '${id}'`);
    }
    const now = nowSeconds();
    Object.assign(subscription, {
      status: "canceled",
      canceled_at: subscription.canceled_at ?? now,
      ended_at: now,
    });
    emit("customer.subscription.deleted", subscription);
    return { status: 200, body: subscription };
  }

  function retrieveInvoice(id: string, params: Json): Answer {
    const invoice = state.invoices.get(id);
    if (!invoice) return noSuch("invoice", id, "id");
    const expand = (params.expand as string[] | undefined) ?? [];
    if (!expand.includes("payments")) return { status: 200, body: invoice };
    const payments = state.invoicePayments.get(id) ?? [];
    return {
      status: 200,
      body: {
        ...invoice,
        payments: {
          object: "list",
          data: payments,
          has_more: false,
          total_count: payments.length,
          url: `/v1/invoice_payments?invoice=${id}`,
        },
      },
    };
  }

  function createPortalConfiguration(params: Json): Answer {
    if (!params.features) return missing("features");
    const configuration: MockPortalConfiguration = {
      id: `bpc_mock_${token(24)}`,
      object: "billing_portal.configuration",
      active: true,
      features: params.features as Json,
      is_default: false,
      livemode: false,
      metadata: metadataOf(params),
    };
    state.portalConfigurations.set(configuration.id, configuration);
    return { status: 200, body: configuration };
  }

  function listPortalConfigurations(params: Json): Answer {
    const data = [...state.portalConfigurations.values()]
      .filter(
        (c) =>
          (params.active === undefined || String(c.active) === params.active) &&
          (params.is_default === undefined || String(c.is_default) === params.is_default),
      )
      .reverse();
    return {
      status: 200,
      body: { object: "list", data, has_more: false, url: "/v1/billing_portal/configurations" },
    };
  }

  function createPortalSession(params: Json): Answer {
    const customer = params.customer as string | undefined;
    if (!customer) return missing("customer");
    if (!state.customers.has(customer)) return noSuch("customer", customer, "customer");
    const configuration = params.configuration as string | undefined;
    if (configuration !== undefined && !state.portalConfigurations.has(configuration)) {
      return noSuch("configuration", configuration, "configuration");
    }
    const id = `bps_mock_${token(24)}`;
    return {
      status: 200,
      body: {
        id,
        object: "billing_portal.session",
        configuration: configuration ?? null,
        created: nowSeconds(),
        customer,
        livemode: false,
        return_url: (params.return_url as string | undefined) ?? null,
        url: `https://billing.stripe.com/p/session/test_${token(24)}`,
      },
    };
  }

  function createCoupon(params: Json): Answer {
    const percent = params.percent_off as string | undefined;
    const amountOff = params.amount_off as string | undefined;
    if (percent === undefined && amountOff === undefined) {
      return invalid(
        "You must pass either `percent_off` or `amount_off`.",
        "percent_off",
        "parameter_missing",
      );
    }
    let percentOff: number | null = null;
    let amount: number | null = null;
    if (percent !== undefined) {
      percentOff = Number(percent);
      if (!/^\d+(\.\d{1,2})?$/.test(percent) || percentOff <= 0 || percentOff > 100) {
        return invalid(
          `Invalid percent_off: ${percent}; must be above 0 and at most 100.`,
          "percent_off",
          "parameter_invalid_float",
        );
      }
    } else {
      const cents = positiveCents(amountOff, "amount_off");
      if (typeof cents !== "number") return cents;
      if (!params.currency) return missing("currency");
      amount = cents;
    }
    const name = (params.name as string | undefined) ?? null;
    if (name !== null && name.length > 40) {
      return invalid("Invalid name: must be at most 40 characters", "name", "string_too_long");
    }
    const coupon: MockCoupon = {
      // Stripe makes 8-character ids for coupons created without an `id`.
      id: token(8).toUpperCase(),
      object: "coupon",
      amount_off: amount,
      created: nowSeconds(),
      currency: amount === null ? null : String(params.currency),
      duration: String(params.duration ?? "once"),
      duration_in_months:
        params.duration_in_months === undefined ? null : Number(params.duration_in_months),
      livemode: false,
      metadata: metadataOf(params),
      name,
      percent_off: percentOff,
      valid: true,
    };
    state.coupons.set(coupon.id, coupon);
    return { status: 200, body: coupon };
  }

  function createPromotionCode(params: Json): Answer {
    const promotion = params.promotion as Json | undefined;
    const couponId = promotion?.coupon as string | undefined;
    if (promotion?.type !== "coupon") return missing("promotion[type]");
    if (!couponId) return missing("promotion[coupon]");
    if (!state.coupons.has(couponId)) return noSuch("coupon", couponId, "promotion[coupon]");
    const code = (params.code as string | undefined) ?? token(8).toUpperCase();
    if (!/^[A-Za-z0-9-]+$/.test(code)) {
      return invalid(
        "Invalid code: only letters, digits and dashes are allowed.",
        "code",
        "parameter_invalid_string",
      );
    }
    let maxRedemptions: number | null = null;
    if (params.max_redemptions !== undefined) {
      const n = positiveCents(params.max_redemptions, "max_redemptions");
      if (typeof n !== "number") return n;
      maxRedemptions = n;
    }
    const expiresAt = params.expires_at === undefined ? null : Number(params.expires_at);
    if (expiresAt !== null && !(expiresAt > nowSeconds())) {
      return invalid(
        "expires_at must be in the future.",
        "expires_at",
        "parameter_invalid_integer",
      );
    }
    const promotionCode: MockPromotionCode = {
      id: `promo_mock_${token(24)}`,
      object: "promotion_code",
      active: params.active !== "false",
      code,
      created: nowSeconds(),
      expires_at: expiresAt,
      livemode: false,
      max_redemptions: maxRedemptions,
      metadata: metadataOf(params),
      promotion: { type: "coupon", coupon: couponId },
      times_redeemed: 0,
    };
    state.promotionCodes.set(promotionCode.id, promotionCode);
    return { status: 200, body: promotionCode };
  }

  function updatePromotionCode(id: string, params: Json): Answer {
    const promotionCode = state.promotionCodes.get(id);
    if (!promotionCode) return noSuch("promotion code", id, "id");
    if (params.active !== undefined) {
      if (params.active !== "true" && params.active !== "false") {
        return invalid(
          `Invalid boolean: ${String(params.active)}`,
          "active",
          "parameter_invalid_boolean",
        );
      }
      promotionCode.active = params.active === "true";
    }
    return { status: 200, body: promotionCode };
  }

  // ------------------------------------------------------------------------------------------
  // The idempotency layer and failure injection around every request.

  async function handle(
    request: Request,
    endpoint: StripeMockEndpoint,
    run: (params: Json, key: string | null, query: URLSearchParams) => Answer,
  ): Promise<Response> {
    const url = new URL(request.url);
    // GET and DELETE carry their parameters in the query string; POST in the body.
    const form = new URLSearchParams(request.method === "POST" ? await request.text() : url.search);
    // Everything below is synchronous: concurrent requests are handled one at a time.
    const params = parseStripeForm(form);
    const key = request.method === "POST" ? request.headers.get("idempotency-key") : null;
    const record: StripeMockRequest = {
      method: request.method,
      path: url.pathname,
      endpoint,
      form,
      params,
      idempotencyKey: key,
      status: 0,
      replayed: false,
    };
    state.requests.push(record);
    const paramsKey = [...form.entries()]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join("&");
    const requestId = `req_mock_${token(14)}`;
    const headers: Record<string, string> = { "request-id": requestId };
    if (key) headers["idempotency-key"] = key;

    if (key) {
      const saved = state.idempotency.get(key);
      if (saved) {
        const hint = `Try using a key other than '${key}' if you meant to execute a different request.`;
        let answer: Answer | undefined;
        if (saved.path !== url.pathname || saved.method !== request.method) {
          answer = stripeError(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${saved.path}' vs '${url.pathname}'). ${hint}`,
          );
        } else if (saved.paramsKey !== paramsKey) {
          answer = stripeError(
            400,
            "idempotency_error",
            `Keys for idempotent requests can only be used with the same parameters they were first used with. ${hint}`,
          );
        }
        if (answer) {
          record.status = answer.status;
          return HttpResponse.json(answer.body, { status: answer.status, headers });
        }
        record.status = saved.status;
        record.replayed = true;
        return HttpResponse.json(structuredClone(saved.body), {
          status: saved.status,
          headers: {
            ...headers,
            "idempotent-replayed": "true",
            "original-request": saved.requestId,
          },
        });
      }
    }

    const save = (answer: Answer) => {
      if (key) {
        state.idempotency.set(key, {
          method: request.method,
          path: url.pathname,
          paramsKey,
          status: answer.status,
          body: structuredClone(answer.body),
          requestId,
        });
      }
    };

    const failure = failures.get(endpoint)?.shift();
    if (failure) {
      const executed = failure.applied ? run(params, key, url.searchParams) : undefined;
      if (failure.status === 0) {
        if (executed && executed.saved !== false) save(executed);
        return HttpResponse.error();
      }
      const error = stripeError(
        failure.status,
        failure.type,
        failure.message ??
          `Injected failure on ${endpoint}: ${failure.status} ${failure.type}${failure.code ? ` (${failure.code})` : ""}.`,
        {
          ...(failure.code ? { code: failure.code } : {}),
          ...(failure.param ? { param: failure.param } : {}),
        },
      );
      const beforeExecution =
        failure.status === 429 || failure.status === 409 || failure.code === "lock_timeout";
      if (failure.saved ?? !beforeExecution) save(error);
      record.status = failure.status;
      return HttpResponse.json(error.body, { status: failure.status, headers });
    }

    const answer = run(params, key, url.searchParams);
    if (answer.saved !== false) save(answer);
    record.status = answer.status;
    return HttpResponse.json(answer.body, { status: answer.status, headers });
  }

  const api = (path: string) => `${STRIPE_API_BASE}${path}`;
  const handlers = [
    http.post(api("/accounts"), ({ request }) =>
      handle(request, "accounts", (p) => createAccount(p)),
    ),
    http.get(api("/accounts/:id"), ({ request, params }) =>
      handle(request, "account_retrieve", () => {
        const account = state.accounts.get(String(params.id));
        return account ? { status: 200, body: account } : accountInvalid(String(params.id));
      }),
    ),
    http.post(api("/accounts/:id/login_links"), ({ request, params }) =>
      handle(request, "login_links", () => createLoginLink(String(params.id))),
    ),
    http.post(api("/account_links"), ({ request }) =>
      handle(request, "account_links", (p) => createAccountLink(p)),
    ),
    http.post(api("/transfers"), ({ request }) =>
      handle(request, "transfers", (p) => createTransfer(p)),
    ),
    http.get(api("/transfers"), ({ request }) =>
      handle(request, "transfer_list", (_p, _k, query) => listTransfers(query)),
    ),
    http.get(api("/transfers/:id"), ({ request, params }) =>
      handle(request, "transfer_retrieve", () => {
        const transfer = state.transfers.get(String(params.id));
        return transfer
          ? { status: 200, body: transfer }
          : noSuch("transfer", String(params.id), "id");
      }),
    ),
    http.post(api("/transfers/:id/reversals"), ({ request, params }) =>
      handle(request, "transfer_reversals", (p) => reverseTransfer(String(params.id), p)),
    ),
    http.post(api("/refunds"), ({ request }) =>
      handle(request, "refunds", (p, key) => createRefund(p, key)),
    ),
    http.get(api("/charges/:id"), ({ request, params }) =>
      handle(request, "charge_retrieve", () => {
        const charge = state.charges.get(String(params.id));
        return charge ? { status: 200, body: charge } : noSuch("charge", String(params.id), "id");
      }),
    ),
    http.post(api("/checkout/sessions"), ({ request }) =>
      handle(request, "checkout_sessions", (p) => createCheckoutSession(p)),
    ),
    http.get(api("/checkout/sessions/:id"), ({ request, params }) =>
      handle(request, "checkout_session_retrieve", () => {
        const session = state.checkoutSessions.get(String(params.id));
        return session
          ? { status: 200, body: session }
          : noSuch("checkout.session", String(params.id), "id");
      }),
    ),
    http.post(api("/coupons"), ({ request }) => handle(request, "coupons", (p) => createCoupon(p))),
    http.post(api("/promotion_codes"), ({ request }) =>
      handle(request, "promotion_codes", (p) => createPromotionCode(p)),
    ),
    http.post(api("/promotion_codes/:id"), ({ request, params }) =>
      handle(request, "promotion_code_update", (p) => updatePromotionCode(String(params.id), p)),
    ),
    http.post(api("/products"), ({ request }) =>
      handle(request, "products", (p) => createProduct(p)),
    ),
    http.get(api("/products/:id"), ({ request, params }) =>
      handle(request, "product_retrieve", () => {
        const product = state.products.get(String(params.id));
        return product
          ? { status: 200, body: product }
          : noSuch("product", String(params.id), "id");
      }),
    ),
    http.post(api("/products/:id"), ({ request, params }) =>
      handle(request, "product_update", (p) => updateProduct(String(params.id), p)),
    ),
    http.post(api("/prices"), ({ request }) => handle(request, "prices", (p) => createPrice(p))),
    http.get(api("/prices"), ({ request }) => handle(request, "price_list", (p) => listPrices(p))),
    http.post(api("/prices/:id"), ({ request, params }) =>
      handle(request, "price_update", (p) => updatePrice(String(params.id), p)),
    ),
    http.get(api("/subscriptions/:id"), ({ request, params }) =>
      handle(request, "subscription_retrieve", () => {
        const subscription = state.subscriptions.get(String(params.id));
        return subscription
          ? { status: 200, body: subscription }
          : noSuch("subscription", String(params.id), "id");
      }),
    ),
    http.post(api("/subscriptions/:id"), ({ request, params }) =>
      handle(request, "subscription_update", (p) => updateSubscription(String(params.id), p)),
    ),
    http.delete(api("/subscriptions/:id"), ({ request, params }) =>
      handle(request, "subscription_cancel", () => cancelSubscription(String(params.id))),
    ),
    http.get(api("/invoices/:id"), ({ request, params }) =>
      handle(request, "invoice_retrieve", (p) => retrieveInvoice(String(params.id), p)),
    ),
    http.get(api("/billing_portal/configurations"), ({ request }) =>
      handle(request, "portal_configuration_list", (p) => listPortalConfigurations(p)),
    ),
    http.post(api("/billing_portal/configurations"), ({ request }) =>
      handle(request, "portal_configurations", (p) => createPortalConfiguration(p)),
    ),
    http.post(api("/billing_portal/sessions"), ({ request }) =>
      handle(request, "portal_sessions", (p) => createPortalSession(p)),
    ),
  ];

  // ------------------------------------------------------------------------------------------
  // What happens outside the API.

  /** A paid PaymentIntent with its charge, as a buyer's payment leaves them. Cents. */
  function createPayment(opts: { amountCents: number; currency?: string; metadata?: Metadata }) {
    const paymentIntentId = `pi_mock_${token(24)}`;
    const chargeId = `ch_mock_${token(24)}`;
    const currency = opts.currency ?? "usd";
    const metadata = opts.metadata ?? {};
    state.paymentIntents.set(paymentIntentId, {
      id: paymentIntentId,
      object: "payment_intent",
      amount: opts.amountCents,
      currency,
      latest_charge: chargeId,
      metadata,
      status: "succeeded",
    });
    state.charges.set(chargeId, {
      id: chargeId,
      object: "charge",
      amount: opts.amountCents,
      amount_captured: opts.amountCents,
      amount_refunded: 0,
      created: nowSeconds(),
      currency,
      disputed: false,
      metadata,
      paid: true,
      payment_intent: paymentIntentId,
      refunded: false,
      refunds: {
        object: "list",
        data: [],
        has_more: false,
        total_count: 0,
        url: `/v1/charges/${chargeId}/refunds`,
      },
      status: "succeeded",
    });
    return { paymentIntentId, chargeId };
  }

  /** A mock coupon as the billing rules read it. */
  function couponTerms(coupon: MockCoupon): CouponTerms {
    return {
      percent_off: coupon.percent_off,
      amount_off: coupon.amount_off,
      duration: coupon.duration as CouponTerms["duration"],
      duration_in_months: coupon.duration_in_months,
    };
  }

  /**
   * A subscription's invoice for one billing period of `price` (less the discount), `open` and
   * unpaid, stored; `payInvoice` pays it. In the pinned API version's shape (the subscription in
   * `parent.subscription_details`, the period on its one line).
   */
  function newInvoice(opts: {
    subscriptionId: string;
    customerId: string;
    price: MockPrice;
    metadata: Metadata;
    period: { start: number; end: number };
    billingReason: "subscription_create" | "subscription_cycle";
    discount: { id: string; amountCents: number } | null;
  }): MockInvoice {
    const { price } = opts;
    const off = opts.discount?.amountCents ?? 0;
    const total = price.unit_amount - off;
    const id = `in_mock_${token(24)}`;
    const now = nowSeconds();
    const invoice: MockInvoice = {
      id,
      object: "invoice",
      amount_due: total,
      amount_paid: 0,
      amount_remaining: total,
      attempt_count: 0,
      billing_reason: opts.billingReason,
      next_payment_attempt: null,
      created: now,
      currency: price.currency,
      customer: opts.customerId,
      discounts: opts.discount ? [opts.discount.id] : [],
      lines: {
        object: "list",
        data: [
          {
            id: `il_mock_${token(24)}`,
            object: "line_item",
            amount: price.unit_amount,
            currency: price.currency,
            period: opts.period,
            pricing: {
              price_details: { price: price.id, product: price.product },
              type: "price_details",
            },
          },
        ],
        has_more: false,
        total_count: 1,
        url: `/v1/invoices/${id}/lines`,
      },
      livemode: false,
      parent: {
        quote_details: null,
        subscription_details: { metadata: opts.metadata, subscription: opts.subscriptionId },
        type: "subscription_details",
      },
      period_end: now,
      period_start: now,
      status: "open",
      subtotal: price.unit_amount,
      total,
      total_discount_amounts: opts.discount ? [{ amount: off, discount: opts.discount.id }] : [],
    };
    state.invoices.set(id, invoice);
    state.invoicePayments.set(id, []);
    return invoice;
  }

  /**
   * Pays an open invoice (one more attempt): a PaymentIntent with empty metadata and its charge
   * for the total (none for a zero total), listed under the invoice's `payments`; `paid`.
   */
  function payInvoice(invoice: MockInvoice) {
    const payment =
      invoice.total > 0
        ? createPayment({ amountCents: invoice.total, currency: invoice.currency })
        : null;
    Object.assign(invoice, {
      status: "paid",
      amount_paid: invoice.total,
      amount_remaining: 0,
      attempt_count: invoice.attempt_count + 1,
      next_payment_attempt: null,
    });
    if (payment)
      state.invoicePayments.set(invoice.id, [
        {
          id: `inpay_mock_${token(24)}`,
          object: "invoice_payment",
          amount_paid: invoice.total,
          currency: invoice.currency,
          invoice: invoice.id,
          is_default: true,
          payment: { payment_intent: payment.paymentIntentId, type: "payment_intent" },
          status: "paid",
        },
      ]);
    return payment;
  }

  /**
   * What paying a subscription-mode session does: a customer, an active subscription of the
   * session's price (one month or year from now) with `subscription_data.metadata`, its first
   * invoice (`subscription_create`, the coupon's discount) paid by a PaymentIntent with empty
   * metadata; records `checkout.session.completed`, `customer.subscription.created`, `invoice.paid`.
   */
  function startSubscription(session: MockCheckoutSession) {
    const data = sessionSubscriptionData.get(session.id);
    const price = data ? state.prices.get(data.priceId) : undefined;
    if (!data || !price?.recurring) throw new Error(`Stripe mock: ${session.id} has no price.`);
    const now = nowSeconds();
    const customer: MockCustomer = {
      id: `cus_mock_${token(14)}`,
      object: "customer",
      created: now,
      email: session.customer_email,
      livemode: false,
      metadata: {},
    };
    state.customers.set(customer.id, customer);
    const subscriptionId = `sub_mock_${token(24)}`;
    const periodEnd = addBillingIntervals(
      now,
      price.recurring.interval === "year" ? "year" : "month",
      1,
    );
    const coupon = data.couponId ? state.coupons.get(data.couponId) : undefined;
    const discountId = coupon ? `di_mock_${token(24)}` : null;
    const off = coupon ? invoiceDiscountCents(price.unit_amount, couponTerms(coupon)) : 0;
    if (coupon && discountId)
      subscriptionDiscounts.set(subscriptionId, { id: discountId, coupon, startSeconds: now });
    const invoice = newInvoice({
      subscriptionId,
      customerId: customer.id,
      price,
      metadata: data.metadata,
      period: { start: now, end: periodEnd },
      billingReason: "subscription_create",
      discount: discountId ? { id: discountId, amountCents: off } : null,
    });
    const payment = payInvoice(invoice);
    const invoiceId = invoice.id;
    const total = invoice.total;
    const subscription: MockSubscription = {
      id: subscriptionId,
      object: "subscription",
      cancel_at: null,
      cancel_at_period_end: false,
      canceled_at: null,
      created: now,
      currency: price.currency,
      customer: customer.id,
      discounts: discountId ? [discountId] : [],
      ended_at: null,
      items: {
        object: "list",
        data: [
          {
            id: `si_mock_${token(14)}`,
            object: "subscription_item",
            current_period_end: periodEnd,
            current_period_start: now,
            price,
            quantity: 1,
            subscription: subscriptionId,
          },
        ],
        has_more: false,
        total_count: 1,
        url: `/v1/subscription_items?subscription=${subscriptionId}`,
      },
      latest_invoice: invoiceId,
      livemode: false,
      metadata: data.metadata,
      start_date: now,
      status: "active",
    };
    state.subscriptions.set(subscriptionId, subscription);
    Object.assign(session, {
      status: "complete",
      payment_status: "paid",
      amount_total: total,
      customer: customer.id,
      subscription: subscriptionId,
      url: null,
    });
    emit("checkout.session.completed", session);
    emit("customer.subscription.created", subscription);
    emit("invoice.paid", invoice);
    return {
      customerId: customer.id,
      subscriptionId,
      invoiceId,
      paymentIntentId: payment?.paymentIntentId ?? null,
      chargeId: payment?.chargeId ?? null,
    };
  }

  return {
    handlers,
    state,
    /** Makes the endpoint's next request fail (queued: call twice for two failures). */
    failNext(endpoint: StripeMockEndpoint, failure: StripeMockFailure) {
      const queue = failures.get(endpoint) ?? [];
      queue.push(failure);
      failures.set(endpoint, queue);
    },
    /** Empties all state, queued failures and saved idempotency keys. */
    reset() {
      for (const map of [
        state.accounts,
        state.balances,
        state.transfers,
        state.paymentIntents,
        state.charges,
        state.refunds,
        state.checkoutSessions,
        state.coupons,
        state.promotionCodes,
        state.products,
        state.prices,
        state.customers,
        state.subscriptions,
        state.invoices,
        state.invoicePayments,
        state.portalConfigurations,
        state.idempotency,
        sessionIntentMetadata,
        sessionSubscriptionData,
        subscriptionDiscounts,
        failures,
      ]) {
        map.clear();
      }
      state.requests.length = 0;
      state.events.length = 0;
      state.platformBalanceCents = null;
    },
    /** Forgets saved idempotency keys, as Stripe may once they are 24 hours old. */
    expireIdempotencyKeys() {
      state.idempotency.clear();
    },
    /**
     * Completes a connected account's onboarding, as the user finishing Stripe's form does:
     * details submitted, charges, payouts and `transfers` enabled; records `account.updated`.
     */
    completeOnboarding(accountId: string): MockAccount {
      const account = state.accounts.get(accountId);
      if (!account) throw new Error(`Stripe mock: no connected account ${accountId}.`);
      const previous = {
        details_submitted: account.details_submitted,
        charges_enabled: account.charges_enabled,
        payouts_enabled: account.payouts_enabled,
      };
      Object.assign(account, {
        details_submitted: true,
        charges_enabled: true,
        payouts_enabled: true,
        capabilities: { ...account.capabilities, transfers: "active" },
        external_accounts: {
          object: "list",
          data: [
            {
              id: `ba_mock_${token(16)}`,
              fingerprint: `fp_${accountId.slice(-12)}`,
              last4: "6789",
            },
          ],
        },
        requirements: {
          currently_due: [],
          disabled_reason: null,
          eventually_due: [],
          past_due: [],
        },
      });
      emit("account.updated", account, { account: accountId, previous });
      return account;
    },
    createPayment,
    /**
     * Pays an open checkout session as the buyer would: a PaymentIntent (with the session's
     * `payment_intent_data.metadata`) and its charge; the session becomes complete and paid;
     * records `checkout.session.completed`. Payment mode only.
     */
    completeCheckoutSession(sessionId: string) {
      const session = state.checkoutSessions.get(sessionId);
      if (!session) throw new Error(`Stripe mock: no checkout session ${sessionId}.`);
      if (session.status !== "open")
        throw new Error(`Stripe mock: session ${sessionId} is ${session.status}.`);
      if (session.mode === "subscription") {
        throw new Error(
          `Stripe mock: ${sessionId} is in subscription mode: use completeSubscriptionCheckout.`,
        );
      }
      const payment = createPayment({
        amountCents: session.amount_total,
        currency: session.currency,
        metadata: sessionIntentMetadata.get(sessionId) ?? {},
      });
      Object.assign(session, {
        status: "complete",
        payment_status: "paid",
        payment_intent: payment.paymentIntentId,
        url: null,
      });
      emit("checkout.session.completed", session);
      return { ...payment, session };
    },
    /**
     * Pays an open `subscription`-mode session as the buyer would (see startSubscription): a
     * customer, an active subscription, its first invoice paid; returns their ids.
     */
    completeSubscriptionCheckout(sessionId: string) {
      const session = state.checkoutSessions.get(sessionId);
      if (!session) throw new Error(`Stripe mock: no checkout session ${sessionId}.`);
      if (session.status !== "open" || session.mode !== "subscription") {
        throw new Error(
          `Stripe mock: session ${sessionId} is ${session.status} (${session.mode}).`,
        );
      }
      return { ...startSubscription(session), session };
    },
    /**
     * The subscription's next billing event, as Stripe's test clock advanced to it makes it
     * (docs.stripe.com/billing/testing/test-clocks):
     * - active, set to cancel at the period's end → the period ends: `canceled`, records
     *   `customer.subscription.deleted`;
     * - active → the next period (from the current period's end, one interval long) and its
     *   `subscription_cycle` invoice, charged: `paid` records `invoice.paid` and
     *   `customer.subscription.updated`; `failed` leaves it open with a retry in 3 days, the
     *   subscription `past_due`, and records `invoice.payment_failed` and
     *   `customer.subscription.updated`;
     * - past due → the open invoice is retried: `paid` as above (active again); `failed` again,
     *   and on the fourth failed attempt Smart Retries give up: the subscription is `canceled`
     *   (`invoice.payment_failed` with no next attempt, `customer.subscription.deleted`).
     * The checkout's coupon discounts the invoices its duration covers (`discountAppliesToInvoice`).
     * @returns what happened, with the invoice and its payment intent when one was charged.
     * @throws Error when there is no such subscription or it has ended.
     */
    renewSubscription(subscriptionId: string, outcome: "paid" | "failed") {
      const subscription = state.subscriptions.get(subscriptionId);
      if (!subscription) throw new Error(`Stripe mock: no subscription ${subscriptionId}.`);
      if (subscription.status === "canceled")
        throw new Error(`Stripe mock: subscription ${subscriptionId} has ended.`);
      const item = subscription.items.data[0]!;
      const now = nowSeconds();
      const end = (): { kind: "ended" } => {
        Object.assign(subscription, {
          status: "canceled",
          canceled_at: subscription.canceled_at ?? now,
          ended_at: now,
        });
        emit("customer.subscription.deleted", subscription);
        return { kind: "ended" };
      };
      let invoice: MockInvoice;
      if (subscription.status === "past_due") {
        invoice = state.invoices.get(subscription.latest_invoice!)!;
      } else {
        if (subscription.cancel_at_period_end) return end();
        const interval = item.price.recurring?.interval === "year" ? "year" : "month";
        // Periods are counted from the anchor (the start), never from the previous period's end,
        // so a clamped February does not shift March (billing-rules.ts, as Stripe bills).
        const start = item.current_period_end;
        const cycle = billingIntervalsBetween(subscription.start_date, start, interval);
        const periodEnd = addBillingIntervals(subscription.start_date, interval, cycle + 1);
        Object.assign(item, { current_period_start: start, current_period_end: periodEnd });
        // The checkout's coupon while its duration covers an invoice made at the period's start.
        const discount = subscriptionDiscounts.get(subscriptionId);
        const terms = discount ? couponTerms(discount.coupon) : null;
        const applies =
          discount &&
          terms &&
          discountAppliesToInvoice(
            {
              duration: terms.duration,
              endSeconds: discountEndSeconds(discount.startSeconds, terms),
            },
            { billingReason: "subscription_cycle", createdSeconds: start },
          );
        invoice = newInvoice({
          subscriptionId,
          customerId: subscription.customer,
          price: item.price,
          metadata: subscription.metadata,
          period: { start, end: periodEnd },
          billingReason: "subscription_cycle",
          discount:
            applies && discount && terms
              ? {
                  id: discount.id,
                  amountCents: invoiceDiscountCents(item.price.unit_amount, terms),
                }
              : null,
        });
        subscription.latest_invoice = invoice.id;
      }
      if (outcome === "paid") {
        const payment = payInvoice(invoice);
        subscription.status = "active";
        emit("invoice.paid", invoice);
        emit("customer.subscription.updated", subscription);
        return {
          kind: "paid" as const,
          invoiceId: invoice.id,
          amountCents: invoice.total,
          paymentIntentId: payment?.paymentIntentId ?? null,
        };
      }
      invoice.attempt_count += 1;
      const lastAttempt = invoice.attempt_count >= 4;
      invoice.next_payment_attempt = lastAttempt ? null : now + 3 * 86_400;
      emit("invoice.payment_failed", invoice);
      if (lastAttempt) return end();
      subscription.status = "past_due";
      emit("customer.subscription.updated", subscription);
      return { kind: "failed" as const, invoiceId: invoice.id };
    },
    /**
     * Pays a connected account's balance out to its bank (default: all of it), so that later
     * reversals find no balance. Cents.
     */
    payOut(accountId: string, amountCents?: number) {
      const balance = state.balances.get(accountId);
      if (!balance) throw new Error(`Stripe mock: no connected account ${accountId}.`);
      const amount = amountCents ?? balance.availableCents;
      if (amount > balance.availableCents) {
        throw new Error(
          `Stripe mock: ${accountId} has ${balance.availableCents} cents, not ${amount}.`,
        );
      }
      state.balances.set(accountId, {
        availableCents: balance.availableCents - amount,
        paidOutCents: balance.paidOutCents + amount,
      });
    },
  };
}

export type StripeMock = ReturnType<typeof createStripeMock>;
