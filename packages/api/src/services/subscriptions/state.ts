/**
 * A catalog subscription's state as Fanfare mirrors it from the processor (issue 16 §3): the one
 * place the processor's statuses become ours and the rule deciding whether an event's state is
 * newer than what we hold. Pure: `events.ts` loads, calls these and writes.
 */
import type { SubscriptionState as OurStatus } from "@fanfare/db";
import type { SubscriptionStatus } from "@fanfare/payments";

/**
 * Stripe's subscription status (docs.stripe.com/billing/subscriptions/overview#subscription-
 * statuses) as ours: `active`/`trialing` → active; `past_due`/`unpaid` → past_due (a renewal
 * failed, retries run: the subscriber keeps access meanwhile); `canceled`/`incomplete_expired` →
 * canceled; `incomplete` → incomplete. `paused` (a trial that ended without a payment method;
 * our checkouts offer no trials, so it does not happen today) → incomplete: no access, not ended.
 */
export function ourStatusOf(status: SubscriptionStatus): OurStatus {
  switch (status) {
    case "active":
    case "trialing":
      return "active";
    case "past_due":
    case "unpaid":
      return "past_due";
    case "canceled":
    case "incomplete_expired":
      return "canceled";
    case "incomplete":
    case "paused":
      return "incomplete";
    default: {
      const unknown: never = status;
      throw new Error(`Unknown subscription status ${String(unknown)}.`);
    }
  }
}

/** What we hold of a subscription's processor state. */
export type MirroredState = {
  status: OurStatus;
  currentPeriodStart: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  endedAt: Date | null;
  /** The `created` of the last processor event applied; null before the first. */
  lastEventAt: Date | null;
};

/** A processor event's view of the subscription, stamped with the event's `created`. */
export type ReportedState = {
  status: SubscriptionStatus;
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  cancelAtPeriodEnd: boolean;
  endedAt: Date | null;
  /** The event's `created` (Stripe: whole seconds). */
  at: Date;
};

export type MergeResult =
  | { apply: true; next: MirroredState }
  | { apply: false; reason: "ended" | "older_event" | "older_period" };

/**
 * Whether a processor event's state replaces ours, and what ours becomes. Stripe may deliver
 * events late, twice and out of order (docs.stripe.com/webhooks#event-ordering), so:
 * 1. a subscription that ended (`canceled` with `endedAt`) stays ended: Stripe never reopens a
 *    canceled subscription;
 * 2. an event created before the last one applied (`lastEventAt`) changes nothing;
 * 3. an event whose period ends before ours (a renewal already applied) changes nothing unless it
 *    ends the subscription: periods only move forward. This orders events of the same second
 *    (Stripe's `created` is whole seconds) across renewals;
 * 4. otherwise its state is ours: status (`ourStatusOf`), period, `cancelAtPeriodEnd`, `endedAt`
 *    (the event's time when it reports `canceled` without one), `lastEventAt` = the later of the two.
 * Events of the same second within one period apply in arrival order (the sandbox delivers in
 * order; a duplicate event id never reaches here, `handleProviderEvent` drops it).
 * So any delivery order of a subscription's events converges on the state of the newest one.
 */
export function mergeReportedState(current: MirroredState, reported: ReportedState): MergeResult {
  if (current.status === "canceled" && current.endedAt) return { apply: false, reason: "ended" };
  if (current.lastEventAt && reported.at.getTime() < current.lastEventAt.getTime())
    return { apply: false, reason: "older_event" };
  const status = ourStatusOf(reported.status);
  if (
    status !== "canceled" &&
    current.currentPeriodEnd &&
    reported.currentPeriodEnd.getTime() < current.currentPeriodEnd.getTime()
  )
    return { apply: false, reason: "older_period" };
  return {
    apply: true,
    next: {
      status,
      currentPeriodStart: reported.currentPeriodStart,
      currentPeriodEnd: reported.currentPeriodEnd,
      cancelAtPeriodEnd: reported.cancelAtPeriodEnd,
      endedAt: status === "canceled" ? (reported.endedAt ?? reported.at) : null,
      lastEventAt: laterOf(current.lastEventAt, reported.at),
    },
  };
}

/** The later of two instants (null: none). */
export function laterOf(a: Date | null, b: Date): Date {
  return a && a.getTime() > b.getTime() ? a : b;
}

/** The states in which a subscriber may download the artist's catalog. */
export const ENTITLED_STATES: readonly OurStatus[] = ["active", "past_due"];
