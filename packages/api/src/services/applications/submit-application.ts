import type { PrismaClient } from "@fanfare/db";
import type { PromoterApplicationInput } from "@fanfare/validators";
import { ZPromoterApplicationInput } from "@fanfare/validators";

import { AppError } from "../app-error";
import type { ApplicationView } from "./application-state";
import { applicationView } from "./application-state";

const APPLICATION_COLUMNS = {
  status: true,
  statusReason: true,
  applicationPitch: true,
  applicationChannels: true,
  appliedAt: true,
} as const;

/**
 * The promoter's application as they see it (`applicationView`).
 * @throws AppError NOT_FOUND when the promoter does not exist.
 */
export async function getApplication(
  input: { promoterId: string },
  db: PrismaClient,
): Promise<ApplicationView> {
  const p = await db.promoterProfile.findUnique({
    where: { id: input.promoterId },
    select: APPLICATION_COLUMNS,
  });
  if (!p) throw new AppError("NOT_FOUND", `Promoter ${input.promoterId} does not exist.`);
  return applicationView(p);
}

/**
 * Sends the application of a promoter awaiting approval (issue 11 §2): why they want to promote
 * and where (`ZPromoterApplicationInput`), stamped `appliedAt = now`; the admins see it in
 * `/admin/promoters` (Applications). Sending again while PENDING replaces the text and the
 * time (an edit before the decision, or a new try after a rejection). The status, its reason and
 * the audit log are the admins' and stay untouched: this is the applicant's own action. One
 * conditional UPDATE, so an approval or closure that lands first wins and this is refused.
 * @returns the application as the promoter now sees it (state APPLIED).
 * @throws AppError NOT_FOUND (no such promoter), CONFLICT (the promoter is not PENDING: active,
 *   suspended or closed promoters have nothing to apply for).
 */
export async function submitApplication(
  input: { promoterId: string; application: PromoterApplicationInput },
  db: PrismaClient,
  now: Date = new Date(),
): Promise<ApplicationView> {
  const { pitch, channels } = ZPromoterApplicationInput.parse(input.application);
  const { count } = await db.promoterProfile.updateMany({
    where: { id: input.promoterId, status: "PENDING" },
    data: { applicationPitch: pitch, applicationChannels: channels, appliedAt: now },
  });
  if (count === 0) {
    const p = await db.promoterProfile.findUnique({
      where: { id: input.promoterId },
      select: { status: true },
    });
    if (!p) throw new AppError("NOT_FOUND", `Promoter ${input.promoterId} does not exist.`);
    throw new AppError(
      "CONFLICT",
      `Promoter ${input.promoterId} is ${p.status.toLowerCase()}: only a promoter awaiting approval sends an application.`,
    );
  }
  return getApplication({ promoterId: input.promoterId }, db);
}
