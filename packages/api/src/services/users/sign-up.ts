import type { PrismaClient } from "@fanfare/db";
import { Prisma } from "@fanfare/db";
import type { SignUpInput } from "@fanfare/validators";
import { ZSignUpInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import { enqueueEmail } from "../email/outbox";
import { apiEnv } from "../env";
import { becomeArtist } from "../catalog/manage-tracks";
import { getOrCreatePromoterProfile } from "../affiliate/promoter-profile";
import { recruiterForSignUp } from "../affiliate/recruits";
import { markFraudScoreDirty } from "../fraud/score-events";
import { hashWithinLimits } from "./check-credentials";

/**
 * Creates an account with an email and a password (scrypt-hashed), its promoter profile and,
 * when `artistName` is given, its artist profile; queues the welcome email with the account.
 * With the `recruitCode` of a recruit link (issue 14 §6) naming an ACTIVE promoter, the new
 * promoter profile records that recruiter (`joinedVia` recruit) — once, as only a new account is
 * made here; an unknown code is ignored. Both are queued for fraud rescoring (the
 * duplicate-account signal compares their browsers and banks).
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
  const recruiter = await recruiterForSignUp(input.recruitCode, db);
  const profile = await getOrCreatePromoterProfile(
    {
      userId: user.id,
      displayName: input.name,
      ...(recruiter ? { joinedVia: "recruit" as const, recruitedById: recruiter.id } : {}),
    },
    db,
  );
  if (recruiter) await markFraudScoreDirty(db, [profile.id, recruiter.id]);
  if (input.artistName) await becomeArtist({ userId: user.id, name: input.artistName }, db);
  return { id: user.id, email: user.email, name: user.name };
}
