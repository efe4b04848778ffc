import type { ApplicationStateName, PromoterStatusName } from "@fanfare/validators";

/** The profile columns an application's state is read from. */
export type ApplicationColumns = {
  status: PromoterStatusName;
  statusReason: string | null;
  applicationPitch: string | null;
  applicationChannels: string | null;
  appliedAt: Date | null;
};

/**
 * Where a promoter's application stands (`APPLICATION_STATES`), from the profile alone: only a
 * PENDING promoter has one to send; `appliedAt` is set while one waits for a decision; a
 * rejection clears `appliedAt` and keeps the text (`rejectApplication`), so text without
 * `appliedAt` is a rejected application the promoter may send again.
 */
export function applicationStateOf(p: ApplicationColumns): ApplicationStateName {
  if (p.status !== "PENDING") return "NOT_NEEDED";
  if (p.appliedAt) return "APPLIED";
  return p.applicationPitch != null ? "REJECTED" : "NOT_APPLIED";
}

/**
 * The application as its author sees it (`promoter.application`, `promoter.submitApplication`): the state,
 * what was sent (kept after a rejection, to edit and send again), when, and the reason the
 * promoter reads (the admin's rejection reason, or why an application is needed).
 */
export function applicationView(p: ApplicationColumns) {
  return {
    state: applicationStateOf(p),
    status: p.status,
    pitch: p.applicationPitch,
    channels: p.applicationChannels,
    appliedAt: p.appliedAt,
    reason: p.statusReason,
  };
}
export type ApplicationView = ReturnType<typeof applicationView>;
