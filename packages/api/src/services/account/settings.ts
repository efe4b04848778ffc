import type { PrismaClient } from "@fanfare/db";
import type {
  ChangePasswordInput,
  UpdateAccountInput,
  UpdatePromoterProfileInput,
} from "@fanfare/validators";
import {
  ZChangePasswordInput,
  ZUpdateAccountInput,
  ZUpdatePromoterProfileInput,
} from "@fanfare/validators";

import { AppError } from "../app-error";
import { invalidatePublicPages, publicTags } from "../cache/public-pages";
import type { RateLimitOptions } from "../rate-limit";
import { checkCredentials, hashWithinLimits } from "../users/check-credentials";

/**
 * What the settings page shows: the account's name and email, and the promoter profile's
 * leaderboard settings (a promoter profile exists for every signed-in user once they open their
 * dashboard; null before that).
 * @throws AppError NOT_FOUND when the user no longer exists.
 */
export async function getAccountSettings(input: { userId: string }, db: PrismaClient) {
  const user = await db.user.findUnique({
    where: { id: input.userId },
    select: {
      name: true,
      email: true,
      passwordHash: true,
      marketingOptOutAt: true,
      promoter: { select: { displayName: true, showOnLeaderboard: true } },
    },
  });
  if (!user) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  return {
    name: user.name,
    email: user.email,
    /** False for an account made by magic link only: it has no password to change yet. */
    hasPassword: user.passwordHash != null,
    /** Whether marketing mail (the onboarding sequence) is on: `marketingOptOutAt` is null. */
    marketingEmails: user.marketingOptOutAt == null,
    promoter: user.promoter,
  };
}

/**
 * Renames the account (the header, receipts and emails use the name).
 * @throws ZodError (BAD_REQUEST) for an empty or over-long name.
 */
export async function updateAccount(
  input: { userId: string; data: UpdateAccountInput },
  db: PrismaClient,
) {
  const data = ZUpdateAccountInput.parse(input.data);
  return db.user.update({
    where: { id: input.userId },
    data: { name: data.name },
    select: { name: true, email: true },
  });
}

/**
 * The promoter's public profile: the name leaderboards show and whether they appear there at all
 * (opted out, they are listed by initials only).
 * @throws ZodError (BAD_REQUEST) for an empty or over-long display name.
 */
export async function updatePromoterProfile(
  input: { promoterId: string; data: UpdatePromoterProfileInput },
  db: PrismaClient,
) {
  const data = ZUpdatePromoterProfileInput.parse(input.data);
  const updated = await db.promoterProfile.update({
    where: { id: input.promoterId },
    data,
    select: { displayName: true, showOnLeaderboard: true },
  });
  // The name shared track pages show for this promoter ("Recommended by", issue 14 §4).
  invalidatePublicPages([publicTags.promoter(input.promoterId)]);
  return updated;
}

/**
 * Changes the password after checking the current one through `checkCredentials` (so it shares
 * the sign-in rate limits per account and IP: this form cannot be used to guess passwords
 * faster than the sign-in form). Then, like a reset, every session ends: the session version is
 * bumped (every web session of the account, this one included, is signed out at its next
 * request) and every bearer token (the mobile app's) is deleted.
 * @throws ZodError (BAD_REQUEST) for a new password outside 8–128 characters or equal to the
 *   current one; AppError FORBIDDEN "Your current password is not correct." (field
 *   currentPassword); RATE_LIMITED over the sign-in limits.
 */
export async function changePassword(
  input: { userId: string; ip: string; data: ChangePasswordInput },
  db: PrismaClient,
  opts: RateLimitOptions = {},
) {
  const data = ZChangePasswordInput.parse(input.data);
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { email: true } });
  if (!user) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  const ok = await checkCredentials(
    { email: user.email, password: data.currentPassword, ip: input.ip },
    db,
    opts,
  );
  if (!ok || ok.id !== input.userId)
    throw new AppError("FORBIDDEN", "Your current password is not correct.", {
      field: "currentPassword",
    });
  const passwordHash = await hashWithinLimits(data.newPassword);
  await db.$transaction([
    db.user.update({
      where: { id: input.userId },
      data: { passwordHash, sessionVersion: { increment: 1 } },
    }),
    db.session.deleteMany({ where: { userId: input.userId } }),
  ]);
  return { signedOut: true as const };
}
