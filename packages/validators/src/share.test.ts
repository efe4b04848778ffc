import { describe, expect, test } from "vitest";

import { postLength, xPostLength, ZPromoPostsInput, ZSavePostTemplateInput } from "./share";

describe("xPostLength (X's weighted count, URLs as 23)", () => {
  test.each<[string, string, number]>([
    ["plain Latin text: one per character", "Night Drive", 11],
    ["an empty post", "", 0],
    [
      "a long https link counts 23 whatever its length",
      "https://fanfare.example/t/night-drive?ref=k3m9x2pq&src=newsletter&utm_source=fanfare",
      23,
    ],
    ["a short http link still counts 23", "http://a.co", 23],
    ["text, a space and a link", "Listen: https://fanfare.example/t/x", 8 + 23],
    ["punctuation after a link is counted apart", "(https://fanfare.example/t/x).", 1 + 23 + 2],
    ["two links count 23 each", "https://a.example/1 https://b.example/2", 23 + 1 + 23],
    ["a bare domain counts at least 23 (X may link it)", "fanfare.app", 23],
    ["a price with a decimal point is not a domain", "$1.99", 5],
    ["an emoji counts 2", "🎧", 2],
    ["CJK characters count 2 each", "夜の", 4],
    ["curly quotes and dashes count 1 (X's light ranges)", "“a” — ‘b’", 9],
  ])("%s", (_label, text, length) => {
    expect(xPostLength(text)).toBe(length);
  });

  test("postLength counts code points on the other networks (an emoji is 1, a link its length)", () => {
    expect(postLength("instagram", "🎧 https://a.example/1")).toBe(1 + 1 + 19);
    expect(postLength("x", "🎧 https://a.example/1")).toBe(2 + 1 + 23);
  });

  test("line breaks count 1 each", () => {
    expect(xPostLength("a\n\nb https://a.example/1")).toBe(5 + 23);
  });
});

describe("share inputs", () => {
  test("a source tag is optional, and an empty one means none", () => {
    expect(ZPromoPostsInput.parse({ trackId: "t1" })).toEqual({ trackId: "t1" });
    expect(ZPromoPostsInput.parse({ trackId: "t1", sourceTag: "" }).sourceTag).toBe("");
  });

  test.each<[string, unknown, RegExp]>([
    [
      "an unknown network",
      { network: "myspace", body: "{{url}}" },
      /Network must be one of x, instagram, tiktok, newsletter/,
    ],
    ["a blank body", { network: "x", body: "  \n " }, /Write the template's text/],
    [
      "a body over 2,000 characters",
      { network: "x", body: "a".repeat(2001) },
      /2,000 characters or fewer/,
    ],
    [
      "a body with a NUL",
      { network: "x", body: "a\u0000{{url}}" },
      /Template contains a NUL character/,
    ],
  ])("a template refuses %s", (_label, input, message) => {
    const r = ZSavePostTemplateInput.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join(" ")).toMatch(message);
  });

  test("a template body may hold line breaks", () => {
    expect(ZSavePostTemplateInput.parse({ network: "newsletter", body: "a\n\n{{url}}" }).body).toBe(
      "a\n\n{{url}}",
    );
  });
});
