export { openDb, getDb, getDbHandle, closeDb } from "./client";
export type { Db, DbHandle } from "./client";
export { dataDir, dbEnv, repoRoot } from "./env";
export * from "./generated/prisma/client";

import type { PrismaClient } from "./generated/prisma/client";

/** A client or an interactive-transaction client: what services take as `db`. */
export type DbClient = Omit<
  PrismaClient,
  "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends"
> &
  Partial<Pick<PrismaClient, "$transaction">>;
export { localSecret } from "./local-secret";
export { cents, centsOrNull } from "./cents";
export * from "./kinds";
