import type { PrismaClient } from "@fanfare/db";

/**
 * The promoter profile of a user, created on first use: every signed-in user is a promoter.
 * Safe under concurrent first calls (upsert on the unique userId).
 */
export async function getOrCreatePromoterProfile(
  input: { userId: string; displayName?: string | null },
  db: PrismaClient,
) {
  return db.promoterProfile.upsert({
    where: { userId: input.userId },
    update: {},
    create: { userId: input.userId, displayName: input.displayName ?? null },
  });
}
