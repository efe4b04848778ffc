import { revokeAccessMadeBeforeClaim } from "@fanfare/auth/server";
import type { PrismaClient } from "@fanfare/db";
import { ZEmail, ZPassword } from "@fanfare/validators";
import { z } from "zod";

import { AppError } from "../app-error";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import type { RateLimitOptions } from "../rate-limit";
import { accountKey, consumeRateLimit, resetRateLimit } from "../rate-limit";
import { getSettings } from "../settings/settings";
import { randomToken, sha256Hex } from "../shared/tokens";
import { hashWithinLimits } from "./check-credentials";

/** A reset token as it appears in the link: 32 random bytes, base64url (`randomToken`). */
export const ZPasswordResetToken = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, "This reset link is malformed.");

export const ZRequestPasswordResetInput = z.object({
  email: ZEmail,
  ip: z.string().min(1).max(100),
});
export const ZResetPasswordInput = z.object({ token: ZPasswordResetToken, newPassword: ZPassword });

/** What every reset request answers, whether or not the account exists (no enumeration). */
export const PASSWORD_RESET_REQUESTED = {
  message: "If an account uses that address, we sent it a link to choose a new password.",
} as const;

/**
 * Starts a password reset: for an existing account, a single-use token (only its SHA-256 is
 * stored, `PasswordResetToken.tokenHash`) valid for PASSWORD_RESET_TTL_MINUTES, and the
 * "password-reset" email carrying the raw token, queued in the same transaction
 * (`password-reset:<token row id>`). The answer is the same for an unknown address, so the form
 * cannot be used to learn who has an account (OWASP Forgot Password Cheat Sheet).
 *
 * Rate limits (rules `passwordResetPerIp` and `passwordResetPerAccount`, settings
 * RATE_LIMIT_RESET_PER_IP_HOUR and RATE_LIMIT_RESET_PER_ACCOUNT_HOUR) count every request, the
 * per-account one keyed on the address asked for, existing or not.
 * @returns always `PASSWORD_RESET_REQUESTED`.
 * @throws ZodError for a malformed email; RateLimitedError (AppError RATE_LIMITED, with
 *   retryAfterSeconds) over either limit.
 */
export async function requestPasswordReset(
  raw: { email: string; ip: string },
  db: PrismaClient,
  opts: RateLimitOptions = {},
): Promise<typeof PASSWORD_RESET_REQUESTED> {
  const input = ZRequestPasswordResetInput.parse(raw);
  await consumeRateLimit("passwordResetPerIp", input.ip, opts);
  await consumeRateLimit("passwordResetPerAccount", accountKey(input.email), opts);
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, name: true },
  });
  if (!user) return PASSWORD_RESET_REQUESTED;

  const ttlMinutes = (await getSettings()).PASSWORD_RESET_TTL_MINUTES;
  const token = randomToken();
  await db.$transaction(async (tx) => {
    const row = await tx.passwordResetToken.create({
      data: {
        userId: user.id,
        tokenHash: sha256Hex(token),
        expiresAt: new Date(Date.now() + ttlMinutes * 60_000),
      },
    });
    await enqueueEmail(tx, {
      idempotencyKey: `password-reset:${row.id}`,
      to: user.email,
      template: "password-reset",
      props: {
        appUrl: apiEnv().APP_URL,
        name: user.name,
        resetPath: `/reset-password/${token}`,
        expiresInMinutes: ttlMinutes,
      },
    });
  });
  return PASSWORD_RESET_REQUESTED;
}

/** Whether a reset link can still be used, for the reset page to say so before the form. */
export type PasswordResetTokenState = "valid" | "unknown" | "used" | "expired";

/** The state of a reset token (raw, from the link); a malformed one is "unknown". */
export async function getPasswordResetTokenState(
  input: { token: string; now?: Date },
  db: PrismaClient,
): Promise<PasswordResetTokenState> {
  const parsed = ZPasswordResetToken.safeParse(input.token);
  if (!parsed.success) return "unknown";
  const row = await db.passwordResetToken.findUnique({
    where: { tokenHash: sha256Hex(parsed.data) },
  });
  if (!row) return "unknown";
  if (row.usedAt) return "used";
  if (row.expiresAt.getTime() <= (input.now ?? new Date()).getTime()) return "expired";
  return "valid";
}

/** The error for a link that cannot be used, by its state. */
function tokenError(state: Exclude<PasswordResetTokenState, "valid">): AppError {
  switch (state) {
    case "unknown":
      return new AppError("NOT_FOUND", "This reset link is not valid; ask for a new one.", {
        field: "token",
      });
    case "used":
      return new AppError(
        "GONE",
        "This reset link was already used; ask for a new one if you need to.",
        { field: "token" },
      );
    case "expired":
      return new AppError("GONE", "This reset link has expired; ask for a new one.", {
        field: "token",
      });
  }
}

/**
 * Sets a new password with a reset token and signs the account out everywhere, in one
 * transaction:
 * - the token is spent atomically (`usedAt` set only while unused and unexpired, so two
 *   concurrent uses cannot both succeed), and the account's other outstanding reset tokens are
 *   deleted;
 * - the new password hash (`hashPassword`, argon2id) replaces the old one;
 * - `User.sessionVersion` goes up by one, so every JWT cookie issued before is refused by the
 *   Auth.js jwt callback (packages/auth/src/config.ts);
 * - every bearer token (`Session` rows: the mobile app's) is deleted.
 * The per-account sign-in ceiling is cleared afterwards, so an account an attacker flooded can
 * sign in again at once.
 * @returns the account's id and email.
 * @throws ZodError for a password outside ZPassword's rules (8 to 128 characters); AppError
 *   NOT_FOUND (unknown or malformed token) or GONE (used or expired), field "token".
 */
export async function resetPassword(
  raw: { token: string; newPassword: string },
  db: PrismaClient,
  opts: RateLimitOptions & { now?: Date } = {},
) {
  const input = ZResetPasswordInput.safeParse(raw);
  if (!input.success) {
    if (!ZPasswordResetToken.safeParse(raw.token).success) throw tokenError("unknown");
    throw input.error;
  }
  const now = opts.now ?? new Date();
  // Checked before the (slow) hash so a bad link costs nothing; re-checked atomically below.
  const state = await getPasswordResetTokenState({ token: input.data.token, now }, db);
  if (state !== "valid") throw tokenError(state);
  const passwordHash = await hashWithinLimits(input.data.newPassword);
  const tokenHash = sha256Hex(input.data.token);

  const user = await db.$transaction(async (tx) => {
    const spent = await tx.$queryRaw<{ userId: string }[]>`
      UPDATE "PasswordResetToken" SET "usedAt" = ${now}
      WHERE "tokenHash" = ${tokenHash} AND "usedAt" IS NULL AND "expiresAt" > ${now}
      RETURNING "userId"`;
    // Spent or expired between the check and here (a concurrent reset with the same link).
    if (!spent[0]) throw tokenError("used");
    const userId = spent[0].userId;
    const before = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { emailVerified: true },
    });
    // The reset link reached the mailbox: the address is verified now (so a later email sign-in
    // link keeps this password). A first proof of the mailbox also cuts off the keys and
    // webhooks made before it (account pre-hijacking, `revokeAccessMadeBeforeClaim`).
    const updated = await tx.user.update({
      where: { id: userId },
      data: {
        passwordHash,
        sessionVersion: { increment: 1 },
        ...(before.emailVerified ? {} : { emailVerified: now }),
      },
      select: { id: true, email: true },
    });
    await tx.passwordResetToken.deleteMany({ where: { userId, usedAt: null } });
    await tx.session.deleteMany({ where: { userId } });
    if (!before.emailVerified) await revokeAccessMadeBeforeClaim(tx, userId, now);
    return updated;
  });
  try {
    await resetRateLimit("signInPerAccount", accountKey(user.email), opts);
  } catch {
    // A convenience only: the password is already changed, so a store hiccup must not say otherwise.
  }
  return user;
}
