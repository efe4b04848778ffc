import { createHmac, timingSafeEqual } from "node:crypto";

import { localSecret } from "@fanfare/db";

import { onboardingEnv } from "./env";

/**
 * Signed unsubscribe tokens (issue 14 §8) for marketing mail's one-click link (RFC 8058) and the
 * unsubscribe page: `<base64url(userId)>.<base64url(HMAC-SHA256(secret, purpose + NUL + userId))>`
 * with the server's auth secret (AUTH_SECRET). The token names the user and proves the server
 * wrote it; nothing is stored. It never expires: RFC 8058 §3.1 expects the link in an old
 * message to keep working, and all it can do is stop marketing mail (never receipts, payouts or
 * security mail), which the user can turn back on in settings.
 */

/** What a token may be used for: the purpose is signed, so a token of another purpose fails. */
export const UNSUBSCRIBE_PURPOSE = "unsubscribe:marketing";

/** The secret tokens are signed with: AUTH_SECRET, else the local one Auth.js uses too. */
export function unsubscribeSecret(): string {
  return onboardingEnv().AUTH_SECRET ?? localSecret("AUTH_SECRET");
}

function signature(userId: string, secret: string, purpose: string): Buffer {
  return createHmac("sha256", secret).update(`${purpose}\u0000${userId}`).digest();
}

/**
 * The unsubscribe token of a user, e.g. "Y2x4Yz…" + "." + 43 base64url characters.
 * @param secret default `unsubscribeSecret()` (tests pass their own).
 */
export function signUnsubscribeToken(userId: string, secret = unsubscribeSecret()): string {
  const id = Buffer.from(userId, "utf8").toString("base64url");
  return `${id}.${signature(userId, secret, UNSUBSCRIBE_PURPOSE).toString("base64url")}`;
}

/** A token's check: the user it names, or why it was refused (for the 400 answer). */
export type UnsubscribeTokenCheck = { ok: true; userId: string } | { ok: false; reason: string };

/**
 * Checks a token from a link: its shape, then its signature in constant time.
 * @returns `{ ok: true, userId }`, or `{ ok: false, reason }` saying what was wrong (missing,
 *   malformed, or not signed by this server: a changed or truncated link).
 */
export function verifyUnsubscribeToken(
  token: string | null | undefined,
  secret = unsubscribeSecret(),
): UnsubscribeTokenCheck {
  if (!token) return { ok: false, reason: "The unsubscribe link has no token." };
  const m = /^([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m)
    return {
      ok: false,
      reason: "The unsubscribe link is malformed: copy the whole link from the email.",
    };
  const userId = Buffer.from(m[1]!, "base64url").toString("utf8");
  const given = Buffer.from(m[2]!, "base64url");
  const expected = signature(userId, secret, UNSUBSCRIBE_PURPOSE);
  if (
    !userId ||
    Buffer.from(userId, "utf8").toString("base64url") !== m[1] ||
    given.length !== expected.length ||
    !timingSafeEqual(given, expected)
  )
    return {
      ok: false,
      reason:
        "The unsubscribe link is not valid: it was changed or cut short. Use the whole link from the email, or turn marketing emails off in your settings.",
    };
  return { ok: true, userId };
}

/**
 * The two unsubscribe paths of a user's marketing mail (props of the template, resolved against
 * APP_URL by the renderer): the page (`/unsubscribe?token=…`, a confirm button) and the one-click
 * endpoint (`/api/unsubscribe?token=…`, named by the `List-Unsubscribe` header).
 */
export function unsubscribePaths(userId: string, secret?: string) {
  const token = encodeURIComponent(signUnsubscribeToken(userId, secret));
  return {
    pagePath: `/unsubscribe?token=${token}`,
    oneClickPath: `/api/unsubscribe?token=${token}`,
  };
}
