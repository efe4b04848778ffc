/** One step as the due rule sees it. */
export type StepSchedule = { step: number; dayOffset: number; enabled: boolean };

/** What to do for one promoter now: the step to send (or none) and the steps to pass over. */
export type DueDecision = { send: number | null; passOver: number[] };

const DAY_MS = 86_400_000;

/**
 * The onboarding rule for one promoter at `now` (issue 14 §8). A step is due once `dayOffset`
 * whole days (of 24 hours, UTC) have passed since `startedAt`. Of the due steps not recorded yet
 * (`recorded`: sent or passed over before), only the latest (highest `dayOffset`, then highest
 * step number) is sent; every other one is passed over, so a run after an outage, or the first
 * run for a promoter who started days ago, sends one email and never a burst. A disabled step is
 * passed over too (and the latest enabled one is sent instead). When `eligible` is false (the
 * promoter is not ACTIVE or opted out of marketing mail) nothing is sent and every due step is
 * passed over, so it is never sent later.
 *
 * Example: started on day 0, nothing recorded, now is day 3 + 1 hour, default schedule (0, 1, 2,
 * 3, 5, 7, 14) → send step 4 (day 3), pass over steps 1, 2, 3.
 * @returns steps in ascending order; `send` null when nothing is due.
 */
export function decideDueSteps(input: {
  steps: readonly StepSchedule[];
  recorded: ReadonlySet<number>;
  startedAt: Date;
  now: Date;
  eligible: boolean;
}): DueDecision {
  const elapsedMs = input.now.getTime() - input.startedAt.getTime();
  const due = input.steps
    .filter((s) => !input.recorded.has(s.step) && elapsedMs >= s.dayOffset * DAY_MS)
    .sort((a, b) => a.dayOffset - b.dayOffset || a.step - b.step);
  const candidates = input.eligible ? due.filter((s) => s.enabled) : [];
  const send = candidates.length ? candidates[candidates.length - 1]!.step : null;
  return {
    send,
    passOver: due
      .map((s) => s.step)
      .filter((s) => s !== send)
      .sort((a, b) => a - b),
  };
}
