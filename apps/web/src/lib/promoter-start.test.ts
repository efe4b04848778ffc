import { describe, expect, test } from "vitest";

import type { PromoterStartFacts } from "./promoter-start";
import { promoterStartStep, promoterStartSteps } from "./promoter-start";

const ready: PromoterStartFacts = {
  track: { title: "Night Drive", affiliateEnabled: true, isOwner: false },
  mustAcceptTerms: false,
  applicationState: "NOT_NEEDED",
};

describe("promoterStartStep for a release (issue 16 §1)", () => {
  test("the reasons name a release, not a track", () => {
    expect(promoterStartStep({ ...ready, track: null, noun: "release" })).toEqual({
      step: "no-track",
      reason: "This release is not on sale any more.",
    });
    expect(
      promoterStartStep({
        ...ready,
        noun: "release",
        track: { title: "Harbour Lights", affiliateEnabled: true, isOwner: true },
      }),
    ).toEqual({
      step: "no-track",
      reason: '"Harbour Lights" is your own release: share its page instead.',
    });
    expect(promoterStartStep({ ...ready, noun: "release" }).step).toBe("link");
  });
});

describe("promoterStartStep: terms, then the application when approval is required, then the link", () => {
  test.each<[string, Partial<PromoterStartFacts>, string]>([
    ["the link once the terms are accepted in an open program", {}, "link"],
    ["the terms first when they are not accepted", { mustAcceptTerms: true }, "terms"],
    [
      "the terms before the application",
      { mustAcceptTerms: true, applicationState: "NOT_APPLIED" },
      "terms",
    ],
    [
      "the application for a PENDING promoter who has not applied",
      { applicationState: "NOT_APPLIED" },
      "application",
    ],
    ["the application (received) while it waits", { applicationState: "APPLIED" }, "application"],
    ["the application again after a rejection", { applicationState: "REJECTED" }, "application"],
    ["the dashboard link when the track is not found", { track: null }, "no-track"],
    [
      "the dashboard link when promoter links are off",
      { track: { title: "Night Drive", affiliateEnabled: false, isOwner: false } },
      "no-track",
    ],
    [
      "the dashboard link for the artist's own track",
      { track: { title: "Night Drive", affiliateEnabled: true, isOwner: true } },
      "no-track",
    ],
  ])("%s", (_label, change, step) => {
    expect(promoterStartStep({ ...ready, ...change }).step).toBe(step);
  });

  test("a track with promoter links off says so, naming the track", () => {
    expect(
      promoterStartStep({
        ...ready,
        mustAcceptTerms: true,
        track: { title: "Night Drive", affiliateEnabled: false, isOwner: false },
      }),
    ).toEqual({
      step: "no-track",
      reason: 'The artist has turned off promoter links for "Night Drive".',
    });
  });
});

test("promoterStartSteps numbers the application only when the promoter must apply", () => {
  expect(promoterStartSteps(false).map((s) => s.key)).toEqual(["terms", "link"]);
  expect(promoterStartSteps(true).map((s) => s.key)).toEqual(["terms", "application", "link"]);
});
