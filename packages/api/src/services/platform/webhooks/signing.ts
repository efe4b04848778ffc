import { randomBytes } from "node:crypto";

import { Webhook } from "standardwebhooks";

/**
 * Standard Webhooks signing (standardwebhooks.com, issue 15 §3): every delivery of an event
 * carries `webhook-id` (`msg_<event id>`, the same on every retry and replay, so receivers can
 * drop duplicates), `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, one per secret, space-separated).
 */

/** How long the secret before a rotation keeps signing deliveries beside the new one, in hours. */
export const SECRET_ROTATION_GRACE_HOURS = 24;

/** A new endpoint secret: `whsec_` + base64 of 24 random bytes (the Standard Webhooks form). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

/** The `webhook-id` of an event: stable across retries and replays. */
export function webhookMessageId(eventId: string): string {
  return `msg_${eventId}`;
}

/**
 * The secrets a delivery at `now` is signed with: the current one, and the previous one while
 * its rotation grace period lasts (so a receiver may switch secrets without losing events).
 */
export function signingSecrets(
  endpoint: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null },
  now: Date,
): string[] {
  const previous =
    endpoint.previousSecret &&
    endpoint.previousSecretExpiresAt &&
    endpoint.previousSecretExpiresAt > now
      ? [endpoint.previousSecret]
      : [];
  return [endpoint.secret, ...previous];
}

/**
 * The three Standard Webhooks headers of a body sent at `at`, signed with each of `secrets`.
 * @throws Error when a secret is not `whsec_<base64>` (the standardwebhooks package's check).
 */
export function signWebhook(input: {
  eventId: string;
  body: string;
  at: Date;
  secrets: string[];
}): { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string } {
  const id = webhookMessageId(input.eventId);
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(input.at.getTime() / 1000)),
    "webhook-signature": input.secrets
      .map((s) => new Webhook(s).sign(id, input.at, input.body))
      .join(" "),
  };
}
