import type { PrismaClient } from "@fanfare/db";

import { AppError } from "../app-error";

/**
 * Puts a DEAD email back in the outbox with a fresh set of attempts, due now; the next
 * `email.deliver` run sends it (same idempotency key, so the same Message-ID).
 * @param deps.kick asks for a delivery run now (optional; the tick comes within seconds anyway).
 * @throws AppError NOT_FOUND for an unknown id; CONFLICT when the email is not DEAD.
 */
export async function retryDeadEmail(
  input: { id: string; now?: Date },
  deps: { db: PrismaClient; kick?: () => Promise<void> },
) {
  const now = input.now ?? new Date();
  const { count } = await deps.db.emailOutbox.updateMany({
    where: { id: input.id, status: "DEAD" },
    data: { status: "QUEUED", attempts: 0, nextAttemptAt: now, claimedAt: null, error: null },
  });
  if (!count) {
    const email = await deps.db.emailOutbox.findUnique({
      where: { id: input.id },
      select: { status: true },
    });
    if (!email)
      throw new AppError("NOT_FOUND", `Email ${input.id} was not found in the outbox.`, {
        field: "id",
      });
    throw new AppError(
      "CONFLICT",
      `Email ${input.id} is ${email.status}, not DEAD: only dead emails can be retried.`,
    );
  }
  await deps.kick?.();
  return { id: input.id, status: "QUEUED" as const };
}
