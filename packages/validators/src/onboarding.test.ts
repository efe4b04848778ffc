import { describe, expect, test } from "vitest";

import {
  onboardingTemplateProblem,
  onboardingVariablesIn,
  ZSaveOnboardingStepInput,
} from "./onboarding";

const valid = {
  step: 1,
  dayOffset: 0,
  subject: "Hi {{name}}",
  body: "Go: {{linksUrl}}",
  enabled: true,
};

describe("onboarding template variables", () => {
  test.each([
    ["Hi {{name}}, open {{dashboardUrl}}"],
    ["{{ name }} with spaces inside the braces"],
    ["{{firstWeekClicks}} clicks, {{firstWeekSales}} sales, {{firstWeekCommission}}"],
    ["No variables at all"],
  ])("accepts known variables: %s", (text) => {
    expect(onboardingTemplateProblem(text)).toBeNull();
  });

  test.each([
    ["Hi {{nmae}}", /Unknown variable \{\{nmae\}\}: use \{\{name\}\}/],
    ["{{Name}} is case-sensitive", /Unknown variable \{\{Name\}\}/],
    ["{{unsubscribeUrl}}", /Unknown variable \{\{unsubscribeUrl\}\}/],
    ["{{}}", /Unknown variable \{\{\}\}/],
    ["Hi {{name}", /stray \{\{ or \}\}/],
    ["Hi name}}", /stray/],
    ["{{{name}}}", /stray/],
  ])("refuses %s", (text, message) => {
    expect(onboardingTemplateProblem(text)).toMatch(message);
  });

  test("lists the variables a text uses, each once", () => {
    expect(onboardingVariablesIn("{{name}} {{ name }} {{dashboardUrl}}")).toEqual([
      "name",
      "dashboardUrl",
    ]);
  });
});

describe("ZSaveOnboardingStepInput", () => {
  test("accepts a step and trims its text", () => {
    expect(ZSaveOnboardingStepInput.parse({ ...valid, subject: "  Hi {{name}} " }).subject).toBe(
      "Hi {{name}}",
    );
  });

  test.each([
    [{ step: 0 }, "step", /1 to 7/],
    [{ step: 8 }, "step", /1 to 7/],
    [{ step: 2.5 }, "step", /whole number/],
    [{ dayOffset: -1 }, "dayOffset", /0/],
    [{ dayOffset: 61 }, "dayOffset", /60 or earlier/],
    [{ subject: "" }, "subject", /Write a subject/],
    [{ subject: "x".repeat(201) }, "subject", /200 characters/],
    [{ subject: "Hi {{who}}" }, "subject", /Unknown variable \{\{who\}\}/],
    [{ body: " " }, "body", /Write the email's text/],
    [{ body: "x".repeat(10_001) }, "body", /10,000 characters/],
    [{ body: "Hello {{promoterName}}" }, "body", /Unknown variable \{\{promoterName\}\}/],
    [{ body: "Bad \u0000" }, "body", /NUL/],
    [{ enabled: "yes" }, "enabled", /true or false/],
  ])("refuses %o naming the field", (patch, field, message) => {
    const r = ZSaveOnboardingStepInput.safeParse({ ...valid, ...patch });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toMatch(message);
  });
});
