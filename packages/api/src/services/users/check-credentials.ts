import type { PasswordHashLimits } from "@fanfare/auth/server";
import { checkPassword, hashPassword, PasswordHashBusyError } from "@fanfare/auth/server";
import type { DbClient } from "@fanfare/db";

import { AppError } from "../app-error";
import type { RateLimitOptions } from "../rate-limit";
import { accountKey, consumeRateLimit, resetRateLimit, rewardRateLimit } from "../rate-limit";
import { getSettingsSync } from "../settings/settings";

/** The hashing queue's limits from the settings PASSWORD_HASH_CONCURRENCY / _QUEUE_LIMIT. */
export function passwordHashLimits(): PasswordHashLimits {
  const s = getSettingsSync();
  return { concurrency: s.PASSWORD_HASH_CONCURRENCY, queueLimit: s.PASSWORD_HASH_QUEUE_LIMIT };
}

export type CheckCredentialsInput = {
  email: string;
  password: string;
  /** Client IP (`ipFromHeaders`), for the per-IP and per-(account, IP) limits. */
  ip: string;
};

/**
 * The one email + password check of the web sign-in (Auth.js credentials) and of
 * `POST /api/auth/token`.
 *
 * Order: the three sign-in limits are counted BEFORE the hash, so concurrent guesses cannot slip
 * past them (rules in rate-limit/rules.ts: strict per (account, IP), per IP, a high ceiling per
 * account); then one argon2id verify through the bounded hashing queue, against the account's
 * hash or, for an unknown email or an account without a password, a dummy hash (equal work, so
 * timing does not reveal which emails have accounts). A success clears the (account, IP) count and
 * gives back the points it took, and rewrites a legacy scrypt hash as argon2id.
 *
 * @returns the user, or null for a wrong email or password (never saying which).
 * @throws RateLimitedError (AppError RATE_LIMITED, 429 + retryAfterSeconds) over a limit;
 *   PasswordHashBusyError (503 + retryAfterSeconds) when the hashing queue is full.
 */
export async function checkCredentials(
  input: CheckCredentialsInput,
  db: DbClient,
  rateLimit: RateLimitOptions = {},
) {
  const opts: RateLimitOptions = { db, ...rateLimit };
  const account = accountKey(input.email);
  const accountIp = `${account}|${input.ip}`;
  await consumeRateLimit("signInPerAccountIp", accountIp, opts);
  await consumeRateLimit("signInPerIp", input.ip, opts);
  await consumeRateLimit("signInPerAccount", account, opts);

  const user = await db.user.findUnique({ where: { email: input.email } });
  const limits = passwordHashLimits();
  const check = await checkPassword(input.password, user?.passwordHash, { limits });
  if (!user || !check.valid) return null;

  await resetRateLimit("signInPerAccountIp", accountIp, opts);
  await rewardRateLimit("signInPerIp", input.ip, opts);
  await rewardRateLimit("signInPerAccount", account, opts);
  if (check.needsRehash) {
    // Best effort: the sign-in succeeds even if the rewrite fails (it is retried next time).
    const passwordHash = await hashPassword(input.password, { limits }).catch(() => null);
    if (passwordHash) {
      await db.user
        .update({ where: { id: user.id, passwordHash: user.passwordHash }, data: { passwordHash } })
        .catch(() => null);
    }
  }
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}

/**
 * Hashes a new password (sign-up, reset) through the bounded hashing queue with the settings'
 * limits, so new passwords cannot starve the server either.
 * @throws AppError RATE_LIMITED ("busy") when the queue is full.
 */
export async function hashWithinLimits(password: string): Promise<string> {
  try {
    return await hashPassword(password, { limits: passwordHashLimits() });
  } catch (e) {
    if (e instanceof PasswordHashBusyError) {
      throw new AppError(
        "RATE_LIMITED",
        `The server is busy; try again in ${e.retryAfterSeconds} s.`,
        { cause: e },
      );
    }
    throw e;
  }
}
