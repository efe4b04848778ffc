/**
 * The admin console's test clock for catalog subscriptions (issue 16 §3: "The sandbox has a clock
 * control ("renew now" / advance time, like Stripe's test clocks) for tests and demos"): our
 * subscriptions with their sandbox state, "Renew now" and the customer's card switch. Offline
 * sandbox only: the router puts these behind `sandboxProcedure`, which refuses when real Stripe
 * keys are configured (Stripe's own test clocks live in its Dashboard).
 */
import type { PrismaClient, SubscriptionInterval, SubscriptionState } from "@fanfare/db";
import type { SandboxEventType, SandboxSubscriptionStatus } from "@fanfare/payments";
import {
  getSandboxCustomer,
  getSandboxSubscription,
  renewSandboxSubscriptionNow,
  setSandboxPaymentFails,
} from "@fanfare/payments";
import type { SandboxCardDeclinesInput, SubscriptionIdInput } from "@fanfare/validators";
import { ZSandboxCardDeclinesInput, ZSubscriptionIdInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { writeAudit } from "../audit/audit-log";
import { apiEnv } from "../env";

/** How many subscriptions the sandbox page lists (newest first). */
export const SANDBOX_SUBSCRIPTIONS_LISTED = 50;

/** Where the sandbox POSTs the events a renewal makes: the app's own Stripe webhook route. */
const sandboxWebhookUrl = () => new URL("/api/webhooks/stripe", apiEnv().APP_URL).toString();

/** One row of the sandbox page's subscriptions table. Money in cents, times UTC. */
export type SandboxSubscriptionRow = {
  /** Our `CatalogSubscription` id (what the actions take). */
  id: string;
  /** The processor's id, `sub_sandbox_…`. */
  stripeSubscriptionId: string;
  subscriber: { email: string; name: string | null };
  artist: { name: string; slug: string };
  interval: SubscriptionInterval;
  priceCents: number;
  currency: string;
  /** Our row's state, as the webhook last left it. */
  status: SubscriptionState;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  /** The promoter credited at sign-up (display name, else account name or email), or null. */
  promoterName: string | null;
  /** Invoices paid so far: the sales recorded for this subscription. */
  invoicesPaid: number;
  /** The sandbox's own view (null when the sandbox has no such subscription or customer). */
  sandbox: {
    status: SandboxSubscriptionStatus | null;
    currentPeriodEnd: Date | null;
    /** Whether the customer's card declines every later payment (`setSandboxPaymentFails`). */
    cardDeclines: boolean | null;
  };
};

/**
 * Our catalog subscriptions that reached the processor (a `stripeSubscriptionId`), newest first,
 * at most `SANDBOX_SUBSCRIPTIONS_LISTED`, each with its subscriber, artist, price (cents per
 * interval), our state, the promoter credited, the count of paid invoices, and the sandbox's
 * state of the same subscription (status, period end, whether the card declines).
 * @returns `SandboxSubscriptionRow[]`.
 */
export async function listSandboxSubscriptionsForAdmin(
  db: PrismaClient,
): Promise<SandboxSubscriptionRow[]> {
  const rows = await db.catalogSubscription.findMany({
    where: { stripeSubscriptionId: { not: null } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: SANDBOX_SUBSCRIPTIONS_LISTED,
    select: {
      id: true,
      stripeSubscriptionId: true,
      stripeCustomerId: true,
      interval: true,
      priceCents: true,
      currency: true,
      status: true,
      currentPeriodEnd: true,
      cancelAtPeriodEnd: true,
      user: { select: { email: true, name: true } },
      artist: { select: { name: true, slug: true } },
      promoter: {
        select: { displayName: true, user: { select: { name: true, email: true } } },
      },
    },
  });
  const counts = await db.sale.groupBy({
    by: ["subscriptionId"],
    where: { subscriptionId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
  });
  const paidBy = new Map(counts.map((c) => [c.subscriptionId, c._count._all]));
  // One sandbox read per row: the sandbox keeps its objects as JSON documents, read through
  // its exported functions rather than its storage format.
  return Promise.all(
    rows.map(async (r): Promise<SandboxSubscriptionRow> => {
      const stripeSubscriptionId = r.stripeSubscriptionId!;
      const sub = await getSandboxSubscription(db, stripeSubscriptionId);
      const customerId = r.stripeCustomerId ?? sub?.customer ?? null;
      const customer = customerId ? await getSandboxCustomer(db, customerId) : null;
      const periodEnd = sub?.items.data[0]?.current_period_end;
      return {
        id: r.id,
        stripeSubscriptionId,
        subscriber: r.user,
        artist: r.artist,
        interval: r.interval as SubscriptionInterval,
        priceCents: r.priceCents,
        currency: r.currency,
        status: r.status as SubscriptionState,
        currentPeriodEnd: r.currentPeriodEnd,
        cancelAtPeriodEnd: r.cancelAtPeriodEnd,
        promoterName: r.promoter
          ? (r.promoter.displayName ?? r.promoter.user.name ?? r.promoter.user.email)
          : null,
        invoicesPaid: paidBy.get(r.id) ?? 0,
        sandbox: {
          status: sub?.status ?? null,
          currentPeriodEnd: periodEnd != null ? new Date(periodEnd * 1000) : null,
          cardDeclines: customer ? customer.paymentFails : null,
        },
      };
    }),
  );
}

/** Our subscription with a processor id, or NOT_FOUND naming the id. */
async function sandboxSubscriptionOrThrow(db: PrismaClient, id: string, action: string) {
  const row = await db.catalogSubscription.findUnique({
    where: { id },
    select: { id: true, status: true, stripeSubscriptionId: true, stripeCustomerId: true },
  });
  if (!row)
    throw new AppError("NOT_FOUND", `Cannot ${action} subscription ${id}: no such subscription.`);
  if (!row.stripeSubscriptionId)
    throw new AppError(
      "NOT_FOUND",
      `Cannot ${action} subscription ${id}: its checkout never completed, so the sandbox has no subscription for it.`,
    );
  return { ...row, stripeSubscriptionId: row.stripeSubscriptionId };
}

/** What "Renew now" did. */
export type SandboxRenewResult = {
  /** Our subscription's id. */
  subscriptionId: string;
  /** The events the sandbox sent, in order, each with its webhook delivery's HTTP status (0: unreachable). */
  events: { id: string; type: SandboxEventType; deliveryStatus: number | null }[];
  /** Our row's state and paid-invoice count after the webhook applied the events. */
  status: SubscriptionState;
  currentPeriodEnd: Date | null;
  invoicesPaid: number;
};

/**
 * "Renew now" on the sandbox page: moves one subscription's sandbox clock to its next moment, as
 * Stripe's test clocks do (docs.stripe.com/billing/testing/test-clocks; `renewSandboxSubscriptionNow`):
 * at its period's end the next invoice is charged (`invoice.paid`, a new sale; or
 * `invoice.payment_failed` and `past_due` when the card declines), a `past_due` one gets its retry,
 * and one cancelled at its period's end ends. The events go to the app's Stripe webhook
 * (`${APP_URL}/api/webhooks/stripe`) before this returns. Audited ("sandbox.renew").
 * @param raw `{ subscriptionId }`: our `CatalogSubscription` id.
 * @returns the events with their delivery statuses, and our row's state afterwards.
 * @throws AppError NOT_FOUND (unknown id, or no processor subscription), CONFLICT (already
 *   ended); PaymentsError SUBSCRIPTION_NOT_FOUND when the sandbox has no such subscription.
 */
export async function renewSandboxSubscriptionForAdmin(
  raw: SubscriptionIdInput,
  actor: { userId: string | null },
  db: PrismaClient,
): Promise<SandboxRenewResult> {
  const input = ZSubscriptionIdInput.parse(raw);
  const row = await sandboxSubscriptionOrThrow(db, input.subscriptionId, "renew");
  if (row.status === "canceled")
    throw new AppError(
      "CONFLICT",
      `Cannot renew subscription ${row.id}: it has ended, so there is no next invoice.`,
    );
  const before = { status: row.status, invoicesPaid: await countPaid(db, row.id) };
  const clock = await renewSandboxSubscriptionNow(db, {
    subscriptionId: row.stripeSubscriptionId,
    webhookUrl: sandboxWebhookUrl(),
  });
  const deliveryOf = new Map(clock.deliveries.map((d) => [d.eventId, d.status]));
  const after = await db.catalogSubscription.findUniqueOrThrow({
    where: { id: row.id },
    select: { status: true, currentPeriodEnd: true },
  });
  const result: SandboxRenewResult = {
    subscriptionId: row.id,
    events: clock.events.map((e) => ({
      id: e.id,
      type: e.type,
      deliveryStatus: deliveryOf.get(e.id) ?? null,
    })),
    status: after.status as SubscriptionState,
    currentPeriodEnd: after.currentPeriodEnd,
    invoicesPaid: await countPaid(db, row.id),
  };
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.userId,
      action: "sandbox.renew",
      subjectType: "catalog_subscription",
      subjectId: row.id,
      before,
      after: {
        status: result.status,
        invoicesPaid: result.invoicesPaid,
        events: result.events.map((e) => e.type),
      },
    }),
  );
  return result;
}

const countPaid = (db: PrismaClient, subscriptionId: string) =>
  db.sale.count({ where: { subscriptionId } });

/**
 * The sandbox page's "Card declines" switch: makes every later payment of the subscription's
 * customer fail (`declines: true`, Stripe's test card 4000 0000 0000 0341 attached) or succeed
 * again (`false`), through `setSandboxPaymentFails`. No event is sent: the next renewal shows it.
 * Audited ("sandbox.card_declines").
 * @param raw `{ subscriptionId, declines }`: our `CatalogSubscription` id.
 * @returns `{ subscriptionId, customerId, cardDeclines }` as now set.
 * @throws AppError NOT_FOUND (unknown id, no processor subscription, or no customer known);
 *   PaymentsError CUSTOMER_NOT_FOUND when the sandbox has no such customer.
 */
export async function setSandboxCardDeclinesForAdmin(
  raw: SandboxCardDeclinesInput,
  actor: { userId: string | null },
  db: PrismaClient,
): Promise<{ subscriptionId: string; customerId: string; cardDeclines: boolean }> {
  const input = ZSandboxCardDeclinesInput.parse(raw);
  const row = await sandboxSubscriptionOrThrow(db, input.subscriptionId, "set the card of");
  const customerId =
    row.stripeCustomerId ??
    (await getSandboxSubscription(db, row.stripeSubscriptionId))?.customer ??
    null;
  if (!customerId)
    throw new AppError(
      "NOT_FOUND",
      `Cannot set the card of subscription ${row.id}: the sandbox knows no customer for it.`,
    );
  const before = (await getSandboxCustomer(db, customerId))?.paymentFails ?? null;
  await setSandboxPaymentFails(db, { customerId, fails: input.declines });
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.userId,
      action: "sandbox.card_declines",
      subjectType: "catalog_subscription",
      subjectId: row.id,
      before: { customerId, cardDeclines: before },
      after: { customerId, cardDeclines: input.declines },
    }),
  );
  return { subscriptionId: row.id, customerId, cardDeclines: input.declines };
}
