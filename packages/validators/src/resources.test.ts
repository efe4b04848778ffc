import { describe, expect, it } from "vitest";

import { safeMarkdownHref, ZResourceInput } from "./resources";

describe("safeMarkdownHref", () => {
  it("keeps http(s) and mailto addresses", () => {
    expect(safeMarkdownHref("https://fanfare.example/t/song")).toBe(
      "https://fanfare.example/t/song",
    );
    expect(safeMarkdownHref(" http://example.com ")).toBe("http://example.com");
    expect(safeMarkdownHref("mailto:help@fanfare.example")).toBe("mailto:help@fanfare.example");
  });
  it("drops script, data, relative and empty addresses", () => {
    for (const h of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:x",
      "//evil.example",
      "/dashboard",
      "#top",
      "",
      null,
      undefined,
    ])
      expect(safeMarkdownHref(h)).toBeNull();
  });
});

describe("ZResourceInput", () => {
  const ok = { slug: "First-Post", title: "First post", category: "template", body: "Hi\n\nthere" };
  it("lowers the slug and fills defaults", () => {
    expect(ZResourceInput.parse(ok)).toMatchObject({
      slug: "first-post",
      summary: "",
      published: false,
      position: 0,
    });
  });
  it("refuses bad slugs, empty or long bodies and unknown categories with messages", () => {
    const msg = (v: object) => ZResourceInput.safeParse({ ...ok, ...v }).error?.issues[0]?.message;
    expect(msg({ slug: "ab" })).toMatch(/at least 3/);
    expect(msg({ slug: "a--b" })).toMatch(/single hyphens/);
    expect(msg({ slug: "a".repeat(61) })).toMatch(/60/);
    expect(msg({ body: "  " })).toMatch(/Write the body/);
    expect(msg({ body: "x".repeat(20_001) })).toMatch(/20,000/);
    expect(msg({ category: "video" })).toMatch(/Choose a category/);
    expect(msg({ position: -1 })).toMatch(/0 or more/);
    expect(msg({ body: "a\u0000b" })).toMatch(/NUL/);
  });
});
