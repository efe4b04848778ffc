import { describe, expect, test } from "vitest";

import { ZApplicationDecisionInput, ZPromoterApplicationInput } from "./applications";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

const valid = {
  pitch: "I run a weekly synthwave playlist and love new artists.",
  channels: "Instagram @nightdrive, a Discord of 2,000 fans",
};

describe("ZPromoterApplicationInput", () => {
  test("accepts a pitch of 20 characters and channels of 3, trimmed, with line breaks", () => {
    expect(
      ZPromoterApplicationInput.parse({ pitch: `  ${"p".repeat(20)}  `, channels: " a\nb " }),
    ).toEqual({ pitch: "p".repeat(20), channels: "a\nb" });
  });

  test.each([
    [
      "a pitch of 19 characters",
      { ...valid, pitch: "p".repeat(19) },
      "Tell us why you want to promote in at least 20 characters.",
    ],
    [
      "a pitch of spaces only",
      { ...valid, pitch: " ".repeat(30) },
      "Tell us why you want to promote in at least 20 characters.",
    ],
    [
      "a pitch of 1,001 characters",
      { ...valid, pitch: "p".repeat(1001) },
      "Keep why you want to promote under 1,000 characters.",
    ],
    [
      "channels of 2 characters",
      { ...valid, channels: "ig" },
      "Say where you will promote (accounts, sites, communities), at least 3 characters.",
    ],
    [
      "channels of 501 characters",
      { ...valid, channels: "c".repeat(501) },
      "Keep where you will promote under 500 characters.",
    ],
    [
      "a NUL in the pitch",
      { ...valid, pitch: `${valid.pitch}\u0000` },
      "Why you want to promote contains a NUL character (U+0000), which is not allowed.",
    ],
    [
      "an ANSI escape in the channels",
      { ...valid, channels: "\u001b[31mred" },
      "Where you will promote contains a control character (U+001B), which is not allowed.",
    ],
    ["no pitch", { channels: valid.channels }, "Why you want to promote is required."],
    [
      "channels that are a number",
      { ...valid, channels: 42 },
      "Where you will promote must be text.",
    ],
  ])("refuses %s with a readable message", (_label, input, message) => {
    expect(messages(ZPromoterApplicationInput.safeParse(input))).toEqual([message]);
  });
});

describe("ZApplicationDecisionInput", () => {
  test("needs a reason of at least 3 characters the applicant reads", () => {
    expect(
      messages(ZApplicationDecisionInput.safeParse({ promoterId: "p1", reason: " a " })),
    ).toEqual(["Say why (the applicant reads it), at least 3 characters."]);
    expect(ZApplicationDecisionInput.parse({ promoterId: "p1", reason: " Welcome! " })).toEqual({
      promoterId: "p1",
      reason: "Welcome!",
    });
  });
});
