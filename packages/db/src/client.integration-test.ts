import { expect, test } from "vitest";

import { createTestDb } from "./testing";

test("an interactive transaction may run past Prisma's 5 s default (a CPU-starved process's transactions are not expired)", async () => {
  const t = await createTestDb();
  try {
    const result = await t.db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_sleep(5.5)::text AS slept`;
      return tx.$queryRaw<{ one: number }[]>`SELECT 1::int AS one`;
    });
    expect(result).toEqual([{ one: 1 }]);
  } finally {
    await t.close();
  }
});
