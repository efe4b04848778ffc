import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";

import { MarkdownView } from "./markdown";

const html = (source: string) => renderToStaticMarkup(<MarkdownView source={source} />);

describe("MarkdownView", () => {
  it("renders GitHub-flavoured Markdown", () => {
    const out = html("## Tips\n\n- **bold**\n\n| a | b |\n| - | - |\n| 1 | 2 |");
    expect(out).toContain("<strong>bold</strong>");
    expect(out).toContain("<table");
    expect(out).toContain(">Tips</h2>");
  });

  it("never renders raw HTML", () => {
    const out = html('Hi <script>alert(1)</script> <img src=x onerror="alert(1)"> there');
    expect(out).not.toMatch(/<script|onerror|<img/);
  });

  it("keeps http(s) and mailto links, with rel noopener noreferrer nofollow", () => {
    const out = html("[a](https://example.com) [m](mailto:a@b.example)");
    expect(out).toContain(
      '<a href="https://example.com" rel="noopener noreferrer nofollow" target="_blank"',
    );
    expect(out).toContain('href="mailto:a@b.example"');
  });

  it("turns other links into plain text and drops foreign pictures", () => {
    const out = html(
      "[x](javascript:alert(1)) [d](data:text/html,hi) [r](/dashboard) ![pixel](https://tracker.example/p.gif)",
    );
    expect(out).not.toMatch(/href=|javascript|<img/);
    expect(out).toContain("<span>x</span>");
    expect(out).toContain("<span>pixel</span>");
    expect(html("![card](/api/images/abc.png)")).toContain('src="/api/images/abc.png"');
  });
});
