import type { PrismaClient } from "@fanfare/db";
import { PROGRAM_MODES } from "@fanfare/validators";

import { programSettings } from "../settings/program-settings";
import { emitPromoterJoinedToAdmins } from "./promoter-joined";

/**
 * The reason a promoter who joined while the program requires approval reads until an admin
 * decides (dashboard notice, refusals such as "New links are paused").
 */
export const APPLICATION_NEEDED_REASON =
  "The program requires approval: send your application (why you want to promote, and where) from your promoter dashboard.";

/** The standing a profile created now starts with: ACTIVE in an open program, else PENDING. */
export function newPromoterStanding(programMode: number) {
  return programMode === PROGRAM_MODES.APPROVAL_REQUIRED
    ? ({ status: "PENDING", statusReason: APPLICATION_NEEDED_REASON } as const)
    : ({ status: "ACTIVE" } as const);
}

/**
 * The promoter profile of a user, created on first use: every signed-in user is a promoter. It
 * is created at sign-up (`signUp`) or on the first promoter call of an account made otherwise
 * (`promoterProcedure`); both come here. In an open program (`programMode` 0) it starts ACTIVE
 * as it always did; while approval is required (issue 11 §1) it starts PENDING with
 * APPLICATION_NEEDED_REASON until an admin approves the application. An existing profile is
 * returned untouched, so a change of mode never rewrites anyone's standing (nor its recruiter:
 * a recruitment is recorded once, with the profile). Safe under concurrent first calls (upsert
 * on the unique userId).
 */
export async function getOrCreatePromoterProfile(
  input: {
    userId: string;
    displayName?: string | null;
    /** How the account came to promote (issue 14 §6, §7), kept on a new profile only. */
    joinedVia?: "recruit" | "receipt" | null;
    /** The recruiter's profile id for a new account made through a recruit link (issue 14 §6). */
    recruitedById?: string | null;
  },
  db: PrismaClient,
  now: Date = new Date(),
) {
  const { programMode } = await programSettings(db);
  const standing = newPromoterStanding(programMode);
  const profile = await db.promoterProfile.upsert({
    where: { userId: input.userId },
    update: {},
    create: {
      userId: input.userId,
      displayName: input.displayName ?? null,
      ...standing,
      // The onboarding sequence (issue 14 §8) starts now in an open program, on approval else.
      onboardingStartedAt: standing.status === "ACTIVE" ? now : null,
      joinedVia: input.joinedVia ?? null,
      ...(input.recruitedById ? { recruitedById: input.recruitedById, recruitedAt: now } : {}),
    },
  });
  // Created ACTIVE by this call (its onboarding starts at this call's `now`): the admins'
  // integrations hear of it (issue 15 §3); an approval is announced by setPromoterStatus.
  if (profile.onboardingStartedAt?.getTime() === now.getTime())
    await emitPromoterJoinedToAdmins(db, profile, now);
  return profile;
}
