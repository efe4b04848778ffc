import type { PrismaClient } from "@fanfare/db";

import { AppError } from "../app-error";
import type { RateLimitOptions } from "../rate-limit";
import { consumeRateLimit } from "../rate-limit";
import { verifyUnsubscribeToken } from "./unsubscribe-token";

/**
 * Marketing mail consent (issue 14 §8): `User.marketingOptOutAt`, null while subscribed. It stops
 * marketing mail only (the onboarding sequence, and later program news); receipts, payouts and
 * security mail are sent whatever it says.
 */

/**
 * Unsubscribes the user a signed token names (the one-click POST of RFC 8058 and the confirm
 * button of the unsubscribe page). Idempotent: a second call keeps the first opt-out time.
 * @param input.now the time recorded as `marketingOptOutAt` (UTC); default the current time.
 * @returns `alreadyUnsubscribed` true when the user had opted out before.
 * @throws AppError BAD_INPUT with the reason when the token is missing, malformed or not signed
 *   by this server; NOT_FOUND when its account no longer exists.
 */
export async function unsubscribeByToken(
  input: { token: string | null | undefined; now?: Date; secret?: string },
  db: PrismaClient,
): Promise<{ alreadyUnsubscribed: boolean }> {
  const check = verifyUnsubscribeToken(input.token, input.secret);
  if (!check.ok) throw new AppError("BAD_INPUT", check.reason, { field: "token" });
  const { count } = await db.user.updateMany({
    where: { id: check.userId, marketingOptOutAt: null },
    data: { marketingOptOutAt: input.now ?? new Date() },
  });
  if (count > 0) return { alreadyUnsubscribed: false };
  const exists = await db.user.count({ where: { id: check.userId } });
  if (!exists)
    throw new AppError("NOT_FOUND", "The account of this unsubscribe link no longer exists.");
  return { alreadyUnsubscribed: true };
}

/**
 * The one-click unsubscribe of POST /api/unsubscribe?token=… (RFC 8058) and of the unsubscribe
 * page's button (`account.unsubscribe`): counts the request against `unsubscribePerIp`
 * (RATE_LIMIT_UNSUBSCRIBE_PER_IP_MINUTE), then `unsubscribeByToken`. No session and no Origin
 * check: a mail provider's server posts it, and the signed token is the whole authorisation.
 * @param input.ip the client network (`ipFromHeaders`), the rate-limit key.
 * @throws RateLimitedError (RATE_LIMITED, 429) over the limit; AppError BAD_INPUT (400) with the
 *   reason for a bad token; NOT_FOUND for a deleted account.
 */
export async function oneClickUnsubscribe(
  input: { token: string | null | undefined; ip: string; now?: Date; secret?: string },
  db: PrismaClient,
  opts: RateLimitOptions = {},
): Promise<{ alreadyUnsubscribed: boolean }> {
  await consumeRateLimit("unsubscribePerIp", input.ip, { db, ...opts });
  return unsubscribeByToken(input, db);
}

/**
 * The signed-in user's own switch in settings: `subscribed` false records the opt-out (keeping
 * an earlier time), true clears it.
 * @returns the state now.
 * @throws AppError NOT_FOUND when the user no longer exists.
 */
export async function setMarketingEmails(
  input: { userId: string; subscribed: boolean; now?: Date },
  db: PrismaClient,
): Promise<{ marketingEmails: boolean }> {
  const exists = await db.user.count({ where: { id: input.userId } });
  if (!exists) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  if (input.subscribed)
    await db.user.update({ where: { id: input.userId }, data: { marketingOptOutAt: null } });
  else
    await db.user.updateMany({
      where: { id: input.userId, marketingOptOutAt: null },
      data: { marketingOptOutAt: input.now ?? new Date() },
    });
  return { marketingEmails: input.subscribed };
}
