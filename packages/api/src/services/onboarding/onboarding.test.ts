import { describe, expect, test } from "vitest";

import type { OnboardingStepNumber } from "@fanfare/validators";
import { onboardingTemplateProblem, ONBOARDING_STEPS } from "@fanfare/validators";

import { DEFAULT_ONBOARDING_STEPS } from "./default-steps";
import { decideDueSteps } from "./due-steps";
import { fillOnboardingTemplate } from "./fill-template";
import {
  signUnsubscribeToken,
  unsubscribePaths,
  verifyUnsubscribeToken,
} from "./unsubscribe-token";

const SECRET = "test-secret-0123456789abcdef";
const OTHER_SECRET = "another-secret-0123456789abcdef";

describe("unsubscribe token", () => {
  test("a token signed for a user verifies to that user", () => {
    const token = signUnsubscribeToken("cl_user_1", SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyUnsubscribeToken(token, SECRET)).toEqual({ ok: true, userId: "cl_user_1" });
  });

  test("the same user always gets the same token (nothing is stored)", () => {
    expect(signUnsubscribeToken("u1", SECRET)).toBe(signUnsubscribeToken("u1", SECRET));
    expect(signUnsubscribeToken("u1", SECRET)).not.toBe(signUnsubscribeToken("u2", SECRET));
  });

  test.each([
    ["missing", "", /has no token/],
    ["malformed", "not-a-token", /malformed/],
    ["truncated signature", () => signUnsubscribeToken("u1", SECRET).slice(0, -1), /malformed/],
    [
      "another user's id with this user's signature",
      () => {
        const [, sig] = signUnsubscribeToken("u1", SECRET).split(".");
        return `${Buffer.from("u2").toString("base64url")}.${sig}`;
      },
      /not valid/,
    ],
    ["signed with another secret", () => signUnsubscribeToken("u1", OTHER_SECRET), /not valid/],
    [
      "a flipped signature character",
      () => {
        const t = signUnsubscribeToken("u1", SECRET);
        const last = t.at(-2) === "A" ? "B" : "A";
        return `${t.slice(0, -2)}${last}${t.at(-1)}`;
      },
      /not valid/,
    ],
  ])("refuses a %s token with a reason", (_label, token, reason) => {
    const t = typeof token === "function" ? token() : token;
    const r = verifyUnsubscribeToken(t, SECRET);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });

  test("the paths carry the token to the page and to the one-click endpoint", () => {
    const token = signUnsubscribeToken("u1", SECRET);
    expect(unsubscribePaths("u1", SECRET)).toEqual({
      pagePath: `/unsubscribe?token=${token}`,
      oneClickPath: `/api/unsubscribe?token=${token}`,
    });
  });
});

describe("decideDueSteps", () => {
  const start = new Date("2027-01-01T10:00:00Z");
  const at = (days: number, hours = 0) =>
    new Date(start.getTime() + days * 86_400_000 + hours * 3_600_000);
  const steps = ONBOARDING_STEPS.map((step) => ({
    step,
    dayOffset: DEFAULT_ONBOARDING_STEPS[step].dayOffset,
    enabled: true,
  }));
  const decide = (
    now: Date,
    recorded: number[] = [],
    opts: { eligible?: boolean; disabled?: number[] } = {},
  ) =>
    decideDueSteps({
      steps: steps.map((s) => ({ ...s, enabled: !opts.disabled?.includes(s.step) })),
      recorded: new Set(recorded),
      startedAt: start,
      now,
      eligible: opts.eligible ?? true,
    });

  test.each([
    ["day 0 at the start: the welcome", at(0), [], { send: 1, passOver: [] }],
    [
      "day 1 minus a minute: nothing new",
      new Date(at(1).getTime() - 60_000),
      [1],
      { send: null, passOver: [] },
    ],
    ["day 1: step 2", at(1), [1], { send: 2, passOver: [] }],
    [
      "day 3 with nothing sent: only step 4, steps 1–3 passed over",
      at(3, 1),
      [],
      { send: 4, passOver: [1, 2, 3] },
    ],
    [
      "day 7 after day 3: step 6, step 5 passed over",
      at(7),
      [1, 2, 3, 4],
      { send: 6, passOver: [5] },
    ],
    ["day 30, all recorded: nothing", at(30), [1, 2, 3, 4, 5, 6, 7], { send: null, passOver: [] }],
    ["before the start: nothing", at(-1), [], { send: null, passOver: [] }],
  ] as const)("%s", (_label, now, recorded, expected) => {
    expect(decide(now, [...recorded])).toEqual(expected);
  });

  test("a disabled latest step is passed over and the latest enabled one is sent", () => {
    expect(decide(at(2), [1], { disabled: [3] })).toEqual({ send: 2, passOver: [3] });
  });

  test("a promoter who may not get marketing mail gets nothing and every due step is passed over", () => {
    expect(decide(at(2), [1], { eligible: false })).toEqual({ send: null, passOver: [2, 3] });
  });
});

describe("default onboarding steps", () => {
  test.each(ONBOARDING_STEPS)("step %i uses only known variables", (step) => {
    const s = DEFAULT_ONBOARDING_STEPS[step as OnboardingStepNumber];
    expect(onboardingTemplateProblem(s.subject)).toBeNull();
    expect(onboardingTemplateProblem(s.body)).toBeNull();
  });

  test("the days are 0, 1, 2, 3, 5, 7 and 14 (issue 14 §8)", () => {
    expect(ONBOARDING_STEPS.map((s) => DEFAULT_ONBOARDING_STEPS[s].dayOffset)).toEqual([
      0, 1, 2, 3, 5, 7, 14,
    ]);
  });
});

describe("fillOnboardingTemplate", () => {
  test("a name is literal Markdown text in a body, links stay usable, the subject stays plain", () => {
    const values = { name: "*Pat* [x](javascript:1)", dashboardUrl: "https://f.example/d" };
    expect(
      fillOnboardingTemplate("Hi {{name}}: [go]({{dashboardUrl}})", values, { markdown: true }),
    ).toBe("Hi \\*Pat\\* \\[x\\]\\(javascript:1\\): [go](https://f.example/d)");
    expect(fillOnboardingTemplate("Hi {{ name }}", values, { markdown: false })).toBe(
      "Hi *Pat* [x](javascript:1)",
    );
  });
});
