import type { PromoterStatusName } from "@fanfare/validators";

import { AppError } from "../app-error";

const STANDING_WORDS: Record<Exclude<PromoterStatusName, "ACTIVE">, string> = {
  // Before and after sending an application (services/applications/): not approved yet.
  PENDING: "your promoter account is awaiting approval",
  SUSPENDED: "your promoter account is suspended",
  TERMINATED: "your promoter account is closed",
};

/**
 * The sentence a promoter reads when the program stops something because they are not ACTIVE:
 * `"<what>: <standing>. Reason: <reason>"`, e.g. "Payouts are paused: your promoter account is
 * suspended. Reason: clicks from one network."
 */
export function promoterStandingMessage(
  status: Exclude<PromoterStatusName, "ACTIVE">,
  reason: string | null,
  what: string,
): string {
  return `${what}: ${STANDING_WORDS[status]}.${reason ? ` Reason: ${reason}` : ""}`;
}

/**
 * Refuses what only an ACTIVE promoter may do (a new link, issue 11 §2).
 * @throws AppError FORBIDDEN naming the status and the admin's reason.
 */
export function assertPromoterActive(
  promoter: { status: PromoterStatusName; statusReason: string | null },
  what: string,
): void {
  if (promoter.status === "ACTIVE") return;
  throw new AppError(
    "FORBIDDEN",
    promoterStandingMessage(promoter.status, promoter.statusReason, what),
  );
}
