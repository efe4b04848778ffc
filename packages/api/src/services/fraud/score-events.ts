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
