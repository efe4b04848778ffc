import { describe, expect, test } from "vitest";

import { MAX_ONE_SHEET, MAX_PRESS_PHOTOS, ZUpdatePressKitInput } from "./press-kit";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);
const ids = (n: number) => Array.from({ length: n }, (_, i) => `upload${i}`);

describe("a press kit holds at most 6 photos, each once, and a one-sheet of at most 10 000 characters", () => {
  test("6 photos and a 10 000-character one-sheet are accepted; the one-sheet is trimmed", () => {
    expect(MAX_PRESS_PHOTOS).toBe(6);
    const r = ZUpdatePressKitInput.parse({
      photoUploadIds: ids(6),
      oneSheet: ` ${"o".repeat(MAX_ONE_SHEET)} `,
    });
    expect(r.photoUploadIds).toHaveLength(6);
    expect(r.oneSheet).toHaveLength(10_000);
  });

  test("every field may be absent (kept as stored)", () => {
    expect(ZUpdatePressKitInput.parse({})).toEqual({});
  });

  test.each([
    ["7 photos", { photoUploadIds: ids(7) }, /at most 6 photos/],
    ["a photo twice", { photoUploadIds: ["a", "a"] }, /listed twice/],
    ["an empty upload id", { photoUploadIds: [""] }, /Press photo upload id is required/],
    ["photos as one string", { photoUploadIds: "a" }, /must be a list of upload ids/],
    ["a one-sheet of 10 001 characters", { oneSheet: "o".repeat(10_001) }, /at most 10,000/],
    ["a one-sheet with a NUL", { oneSheet: "a\u0000b" }, /One-sheet contains/],
  ])("refuses %s", (_what, input, message) => {
    expect(messages(ZUpdatePressKitInput.safeParse(input)).join(" ")).toMatch(message);
  });

  test("a one-sheet keeps its line breaks and tabs (Markdown)", () => {
    expect(ZUpdatePressKitInput.parse({ oneSheet: "# A\n\n\t- b" }).oneSheet).toBe("# A\n\n\t- b");
  });
});
