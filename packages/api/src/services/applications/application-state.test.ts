import { describe, expect, test } from "vitest";

import type { ApplicationColumns } from "./application-state";
import { applicationStateOf } from "./application-state";

const at = new Date("2026-12-01T10:00:00Z");
const none = {
  statusReason: null,
  applicationPitch: null,
  applicationChannels: null,
  appliedAt: null,
};
const sent = {
  applicationPitch: "I host a weekly show.",
  applicationChannels: "Radio",
  appliedAt: at,
};

describe("applicationStateOf", () => {
  test.each<[string, ApplicationColumns, string]>([
    [
      "an active promoter (joined an open program) has none to send",
      { ...none, status: "ACTIVE" },
      "NOT_NEEDED",
    ],
    [
      "an approved applicant has none to send",
      { ...none, ...sent, status: "ACTIVE" },
      "NOT_NEEDED",
    ],
    ["a suspended promoter has none to send", { ...none, status: "SUSPENDED" }, "NOT_NEEDED"],
    [
      "a closed applicant has none to send",
      { ...none, ...sent, status: "TERMINATED" },
      "NOT_NEEDED",
    ],
    [
      "a pending promoter who sent nothing must apply",
      { ...none, status: "PENDING" },
      "NOT_APPLIED",
    ],
    [
      "a pending promoter with appliedAt waits for a decision",
      { ...none, ...sent, status: "PENDING" },
      "APPLIED",
    ],
    [
      "a pending promoter whose text stayed but appliedAt was cleared was rejected",
      { ...none, ...sent, appliedAt: null, status: "PENDING" },
      "REJECTED",
    ],
  ])("%s", (_label, profile, state) => {
    expect(applicationStateOf(profile)).toBe(state);
  });
});
