import type { Prisma, PrismaClient } from "@fanfare/db";

type Tx = Prisma.TransactionClient;

/**
 * Records that something touched these promoters' signals, in the caller's transaction (an
 * append-only row each: no writer waits on another). The `fraud.score` job rescores them.
 */
export async function markFraudScoreDirty(tx: Tx | PrismaClient, promoterIds: string[]) {
  const ids = [...new Set(promoterIds)];
  if (ids.length === 0) return;
  await tx.$executeRaw`INSERT INTO "FraudScoreEvent" ("promoterId") SELECT unnest(${ids}::text[])`;
}

/**
 * After a Connect account's bank details changed (`account.updated`, a refresh): marks every
 * promoter paid to the same bank account as `stripeAccountId` (its owner included, when a
 * promoter) for rescoring, so the `shared_bank` signal appears or clears on both sides.
 */
export async function markSharedBankDirty(tx: Tx | PrismaClient, stripeAccountId: string) {
  await tx.$executeRaw`
    INSERT INTO "FraudScoreEvent" ("promoterId")
    SELECT DISTINCT o."payeeId" FROM "ConnectAccount" c
    JOIN "ConnectAccount" o ON o."id" = c."id"
      OR (c."bankFingerprint" IS NOT NULL AND o."bankFingerprint" = c."bankFingerprint")
    WHERE c."stripeAccountId" = ${stripeAccountId} AND o."payeeType" = 'PROMOTER'`;
}
