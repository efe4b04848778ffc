import type { PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { SignUpInput } from "@fanfare/validators";
import { ZSignUpInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { becomeArtist } from "../catalog/manage-tracks";
import { getOrCreatePromoterProfile } from "../affiliate/promoter-profile";
import { hashWithinLimits } from "./check-credentials";

/**
 * Creates an account with an email and a password (scrypt-hashed), its promoter profile and,
 * when `artistName` is given, its artist profile; queues the welcome email with the account.
 * @throws AppError CONFLICT (field email) when the email is taken.
 */
export async function signUp(raw: SignUpInput, db: PrismaClient) {
  const input = ZSignUpInput.parse(raw);
  const passwordHash = await hashWithinLimits(input.password);
  let user;
  try {
    // The welcome email is queued with the account (transactional outbox): both or neither.
    user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: input.email, name: input.name, passwordHash },
      });
      await enqueueEmail(tx, {
        idempotencyKey: `welcome:${created.id}`,
        to: created.email,
        template: "welcome",
        props: {
          appUrl: apiEnv().APP_URL,
          name: created.name,
          artistName: input.artistName ?? null,
        },
      });
      return created;
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002") {
      throw new AppError(
        "CONFLICT",
        `An account with ${input.email} already exists; sign in instead.`,
        { field: "email" },
      );
    }
    throw e;
  }
  await getOrCreatePromoterProfile({ userId: user.id, displayName: input.name }, db);
  if (input.artistName) await becomeArtist({ userId: user.id, name: input.artistName }, db);
  return { id: user.id, email: user.email, name: user.name };
}
