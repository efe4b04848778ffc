import type { RouterOutputs } from "@fanfare/api";

import { formatUtcDate } from "./format";

/** One of the caller's subscriptions as `subscription.mine` answers (dates may arrive as strings). */
export type MySubscription = RouterOutputs["subscription"]["mine"][number];

/** A published track a subscriber may download (from the artist's public page content). */
export type SubscriberTrack = { id: string; title: string; slug: string };

/**
 * Whether the subscription downloads the catalog now: active or past due (the processor retries
 * the renewal) and not past the end of a period it was cancelled at — the rule of
 * `consumeSubscriberDownload`, which the download route applies again.
 */
export function subscriptionEntitled(
  s: Pick<MySubscription, "status" | "cancelAtPeriodEnd" | "currentPeriodEnd">,
  now: Date = new Date(),
): boolean {
  if (s.status !== "active" && s.status !== "past_due") return false;
  return !(s.cancelAtPeriodEnd && s.currentPeriodEnd && new Date(s.currentPeriodEnd) <= now);
}

/**
 * The subscription's state in words with its date (UTC): "Renews on 2027-01-07", "Cancels on …",
 * "Payment failed: … retrying", "Awaiting payment", "Ended on …".
 */
export function subscriptionStateText(
  s: Pick<MySubscription, "status" | "cancelAtPeriodEnd" | "currentPeriodEnd" | "endedAt">,
): string {
  const end = s.currentPeriodEnd ? formatUtcDate(s.currentPeriodEnd) : null;
  switch (s.status) {
    case "incomplete":
      return "Awaiting payment";
    case "canceled":
      return s.endedAt ? `Ended on ${formatUtcDate(s.endedAt)}` : "Ended";
    case "past_due":
      return "Payment failed: the renewal is being retried. Update your card to keep downloading.";
    case "active":
      if (s.cancelAtPeriodEnd)
        return end ? `Cancels on ${end}` : "Cancels at the end of the period";
      return end ? `Renews on ${end}` : "Active";
  }
}
