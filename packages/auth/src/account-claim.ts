import type { Prisma, PrismaClient } from "@fanfare/db";

type Tx = Prisma.TransactionClient | PrismaClient;

/**
 * What an account's first proof of its mailbox takes away from whoever used the account before
 * it (account pre-hijacking: Sudhodanan & Paverd, "Pre-hijacked accounts", 2022): someone may
 * sign up with another person's address and a password they know, make app tokens, API keys and
 * webhooks, and wait for the owner. When the owner first proves the mailbox (an email sign-in
 * link, or a password reset), this deletes the account's app tokens (`Session` rows), revokes its
 * API keys and disables its webhook endpoints (with a reason the owner reads in settings), in the
 * caller's transaction. The caller removes or replaces the password and raises `sessionVersion`.
 * @returns how many keys and endpoints were cut off.
 */
export async function revokeAccessMadeBeforeClaim(
  tx: Tx,
  userId: string,
  now: Date,
): Promise<{ sessions: number; apiKeys: number; webhookEndpoints: number }> {
  const sessions = await tx.session.deleteMany({ where: { userId } });
  const apiKeys = await tx.apiKey.updateMany({
    where: { userId, revokedAt: null },
    data: { revokedAt: now },
  });
  const endpoints = await tx.webhookEndpoint.updateMany({
    where: { userId, disabledAt: null },
    data: {
      disabledAt: now,
      disabledReason:
        "Disabled when the account's email address was first confirmed: it was set up before that, by whoever created the account.",
    },
  });
  return { sessions: sessions.count, apiKeys: apiKeys.count, webhookEndpoints: endpoints.count };
}
