import { describe, expect, test } from "vitest";

import { findControlCharacter, zId, zText } from "./text";

const issues = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

describe("control characters are refused, naming the field", () => {
  test.each([
    ["NUL", "a\u0000b", "Title contains a NUL character (U+0000), which is not allowed."],
    [
      "ANSI escape (ESC)",
      "\u001b[31mred\u001b[0m",
      "Title contains a control character (U+001B), which is not allowed.",
    ],
    ["DEL", "a\u007f", "Title contains a control character (U+007F), which is not allowed."],
    [
      "C1 (CSI)",
      "a\u009b31m",
      "Title contains a control character (U+009B), which is not allowed.",
    ],
    [
      "line feed in a one-line field",
      "a\nb",
      "Title contains a control character (U+000A), which is not allowed.",
    ],
    [
      "tab in a one-line field",
      "a\tb",
      "Title contains a control character (U+0009), which is not allowed.",
    ],
  ])("single-line text refuses %s", (_label, value, message) => {
    expect(issues(zText("Title").safeParse(value))).toEqual([message]);
  });

  test.each([
    ["NUL", "a\u0000b", "U+0000"],
    ["ESC", "a\u001bb", "U+001B"],
    ["vertical tab", "a\u000bb", "U+000B"],
    ["C1 NEL", "a\u0085b", "U+0085"],
  ])("multi-line text still refuses %s", (_label, value, code) => {
    expect(issues(zText("Description", { multiline: true }).safeParse(value))).toEqual([
      `Description contains a control character (${code}), which is not allowed.`.replace(
        "a control character (U+0000)",
        "a NUL character (U+0000)",
      ),
    ]);
  });

  test.each([
    ["plain text", "Night Drive", false],
    ["accents and emoji", "Café 🎧 — naïve", false],
    ["line feed, carriage return and tab in a multi-line field", "one\r\ntwo\tthree", true],
  ])("accepts %s", (_label, value, multiline) => {
    expect(zText("Field", { multiline }).safeParse(value)).toEqual({ success: true, data: value });
  });

  test("nothing is stripped: the value comes back unchanged or is refused", () => {
    expect(zText("Title").safeParse("a\u0000").success).toBe(false);
    expect(zText("Title").trim().parse("  ok ")).toBe("ok");
  });

  test("ids refuse NUL with the id's name, and keep their length limits", () => {
    expect(issues(zId("Cursor").safeParse("abc\u0000"))).toEqual([
      "Cursor contains a NUL character (U+0000), which is not allowed.",
    ]);
    expect(issues(zId("Track id").safeParse(""))).toEqual(["Track id is required."]);
    expect(issues(zId().safeParse("x".repeat(65)))).toEqual(["Id is too long."]);
  });

  test("findControlCharacter names the first one as U+XXXX", () => {
    expect(findControlCharacter("ok")).toBeNull();
    expect(findControlCharacter("a\u0001\u0000")).toBe("U+0001");
    expect(findControlCharacter("a\nb", { multiline: true })).toBeNull();
  });
});
