import { describe, expect, test } from "vitest";

import { renderEmail, unsubscribeHeaders } from "./index";
import { escapeMarkdown, parseMarkdownBlocks, safeEmailHref } from "./markdown";

const appUrl = "https://fanfare.example";
const unsubscribe = {
  pagePath: "/unsubscribe?token=abc.def",
  oneClickPath: "/api/unsubscribe?token=abc.def",
};
const render = (body: string) =>
  renderEmail("onboarding-step", { appUrl, step: 2, subject: "Tips", body, unsubscribe });

describe("email Markdown", () => {
  test("raw HTML in the source is shown as text, never as markup", async () => {
    const email = await render(
      'Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> <a href="https://evil.example">x</a>',
    );
    expect(email.html).not.toContain("<script");
    expect(email.html).not.toContain("<img src=x");
    expect(email.html).not.toContain('href="https://evil.example"');
    expect(email.html).toContain("&lt;script&gt;");
  });

  test("links keep http(s), mailto and app paths; script and protocol-relative addresses lose the link but keep the label", async () => {
    const email = await render(
      "[a](https://x.example/a) [b](mailto:help@fanfare.example) [c](/resources) [d](javascript:alert(1)) [e](//evil.example) [f](data:text/html,x)",
    );
    expect(email.html).toContain('href="https://x.example/a"');
    expect(email.html).toContain('href="mailto:help@fanfare.example"');
    expect(email.html).toContain(`href="${appUrl}/resources"`);
    expect(email.html).not.toMatch(/href="(javascript|data):/);
    expect(email.html).not.toContain("evil.example");
    for (const label of ["d", "e", "f"]) expect(email.text).toContain(label);
  });

  test("headings, emphasis, lists, quotes, code and rules render as elements", async () => {
    const email = await render(
      "## Title\n\nSome **bold**, *em* and `code`.\n\n1. first\n2. second\n\n> quoted\n\n---\n\n```\n<b>raw</b>\n```",
    );
    expect(email.html).toMatch(/<h3[^>]*>Title<\/h3>/);
    expect(email.html).toContain("<strong>bold</strong>");
    expect(email.html).toContain("<em>em</em>");
    expect(email.html).toMatch(/<code[^>]*>code<\/code>/);
    expect(email.html).toMatch(/<ol[^>]*>.*<li[^>]*>first<\/li>/s);
    expect(email.html).toMatch(/<blockquote[^>]*>.*quoted/s);
    expect(email.html).toMatch(/<pre[^>]*>&lt;b&gt;raw&lt;\/b&gt;<\/pre>/);
    expect(email.text).toContain("first");
  });

  test("escapeMarkdown makes a value literal: no emphasis and no link", async () => {
    const email = await render(`Hi ${escapeMarkdown("**Pat** [x](javascript:alert(1))")}`);
    expect(email.text).toContain("**Pat** [x](javascript:alert(1))");
    expect(email.html).not.toContain("<strong>");
    expect(email.html).not.toContain('<a href="javascript');
  });

  test("a paragraph's single line break is a space; a blank line starts a new paragraph", () => {
    expect(parseMarkdownBlocks("one\ntwo\n\nthree")).toEqual([
      { kind: "paragraph", text: "one\ntwo" },
      { kind: "paragraph", text: "three" },
    ]);
  });

  test.each([
    ["https://a.example/x", "https://a.example/x"],
    ["/dashboard", `${appUrl}/dashboard`],
    ["//evil.example", null],
    ["/\\evil.example", null],
    ["javascript:alert(1)", null],
    ["ftp://a.example", null],
  ])("safeEmailHref(%s) is %s", (href, expected) => {
    expect(safeEmailHref(href, appUrl)).toBe(expected);
  });
});

describe("unsubscribe headers (RFC 8058)", () => {
  test("marketing mail carries List-Unsubscribe with the one-click URL and List-Unsubscribe-Post", async () => {
    const email = await render("Hi");
    expect(email.headers).toEqual({
      "List-Unsubscribe": `<${appUrl}/api/unsubscribe?token=abc.def>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  test("a receipt carries none", async () => {
    const email = await renderEmail("payout-sent", {
      appUrl,
      payoutId: "po_1",
      amountCents: 100,
      currency: "usd",
    });
    expect(email.headers).toEqual({});
    expect(unsubscribeHeaders({ appUrl })).toEqual({});
  });

  test("an unsubscribe link that is not ours is refused with the field named", async () => {
    await expect(
      renderEmail("onboarding-step", {
        appUrl,
        step: 1,
        subject: "x",
        body: "y",
        unsubscribe: { ...unsubscribe, oneClickPath: "//evil.example/api/unsubscribe?token=a" },
      }),
    ).rejects.toThrow(/oneClickPath/);
  });
});
