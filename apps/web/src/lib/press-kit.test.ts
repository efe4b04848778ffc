import { describe, expect, test } from "vitest";

import { moveItem, pressKitMetadata, pressPhotoFileName } from "./press-kit";

describe("moving a press photo in the editor", () => {
  test.each([
    ["the second one earlier", 1, -1, ["b", "a", "c"]],
    ["the first one later", 0, 1, ["b", "a", "c"]],
    ["the last one later (past the end: unchanged)", 2, 1, ["a", "b", "c"]],
    ["the first one earlier (past the start: unchanged)", 0, -1, ["a", "b", "c"]],
    ["an index outside the list (unchanged)", 5, -1, ["a", "b", "c"]],
  ])("moves %s", (_what, index, delta, expected) => {
    const items = ["a", "b", "c"] as const;
    expect(moveItem(items, index, delta)).toEqual(expected);
    expect(items).toEqual(["a", "b", "c"]);
  });
});

describe("a press photo downloads as <artist-slug>-press-<n>.<ext>", () => {
  test.each([
    ["/api/images/abc123.png", 0, "nova-lights-press-1.png"],
    ["/api/images/abc123.webp", 2, "nova-lights-press-3.webp"],
    ["/api/images/abc123.JPG", 5, "nova-lights-press-6.jpg"],
    ["/api/images/abc123", 0, "nova-lights-press-1.jpg"],
  ])("%s (photo %i) → %s", (url, index, name) => {
    expect(pressPhotoFileName("nova-lights", index, url)).toBe(name);
  });
});

describe("the press page's metadata", () => {
  const base = { name: "Nova Lights", bio: "", oneSheet: "", photoCount: 0 };

  test("the title names the kit and the description is the one-sheet as one line of text", () => {
    const m = pressKitMetadata({
      ...base,
      bio: "The bio.",
      oneSheet:
        "# Nova Lights\n\n**Synth-pop** from [Lisbon](https://example.com).\n\n![x](/api/images/a.png)",
    });
    expect(m.title).toBe("Press kit: Nova Lights");
    expect(m.description).toBe("Nova Lights Synth-pop from Lisbon.");
    expect(m.openGraph).toMatchObject({ title: "Press kit: Nova Lights", type: "profile" });
    expect(m.twitter).toMatchObject({ card: "summary_large_image" });
  });

  test("raw HTML tags in the one-sheet are left out, as the page leaves them out", () => {
    expect(
      pressKitMetadata({ ...base, oneSheet: 'Hi <img src=x onerror="alert(1)"> <b>there</b>' })
        .description,
    ).toBe("Hi there");
  });

  test("without a one-sheet, the bio; without either, a sentence about the kit", () => {
    expect(pressKitMetadata({ ...base, bio: "Line one\nLine two" }).description).toBe(
      "Line one Line two",
    );
    expect(pressKitMetadata({ ...base, photoCount: 2 }).description).toBe(
      "Photos, bio and tracks of Nova Lights for promoters and press.",
    );
    expect(pressKitMetadata(base).description).toBe(
      "Bio and tracks of Nova Lights for promoters and press.",
    );
  });

  test("the description is at most 160 characters", () => {
    const d = pressKitMetadata({ ...base, oneSheet: "word ".repeat(100) }).description ?? "";
    expect(d.length).toBeLessThanOrEqual(160);
    expect(d.endsWith("…")).toBe(true);
  });
});
