import { describe, expect, test } from "vitest";

import { JOB_NAMES, JOBS, payoutBatchCron } from "./queues";

describe("job queues", () => {
  test.each([
    ["off", null],
    ["weekly", "0 9 * * 1"],
    ["monthly", "0 9 1 * *"],
  ] as const)("PAYOUT_SCHEDULE %s runs the payout batch on cron %s (UTC)", (schedule, cron) => {
    expect(payoutBatchCron(schedule)).toBe(cron);
  });

  test("every queue has exactly one definition, and no waiting runs pile up behind a slow one (stately)", () => {
    expect(JOBS.map((j) => j.name)).toEqual([...JOB_NAMES]);
    for (const j of JOBS) expect(j.queue.policy).toBe("stately");
  });
});
