import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";

import { themeCss, tokens } from "./tokens";

describe("design tokens", () => {
  test("theme.css is what tokens.ts generates (run `pnpm --filter @fanfare/tailwind-config generate` after editing the tokens)", () => {
    expect(readFileSync(new URL("./theme.css", import.meta.url), "utf8")).toBe(themeCss());
  });

  test("every colour is a 6-digit hex (React Native reads them too) and text on the brand and on paper is readable (WCAG AA, 4.5:1)", () => {
    for (const hex of Object.values(tokens.color)) expect(hex).toMatch(/^#[0-9a-f]{6}$/);
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = parseInt(hex.slice(i, i + 2), 16) / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a: string, b: string) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const c = tokens.color;
    expect(contrast("#ffffff", c["brand-600"])).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.paper, c.ink)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.paper, c.muted)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(c.card, c["brand-700"])).toBeGreaterThanOrEqual(4.5);
  });
});
