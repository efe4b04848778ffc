import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { colors, radius, space, text } from "./theme";

/** The web's Tailwind theme (generated from the same tokens): `--name: value;` pairs. */
function webTheme(): Record<string, string> {
  const css = readFileSync(path.join(__dirname, "../../../../tooling/tailwind/theme.css"), "utf8");
  return Object.fromEntries(
    [...css.matchAll(/^\s*--([\w-]+):\s*([^;]+);/gm)].map((m) => [m[1]!, m[2]!.trim()]),
  );
}

const rem = (value: string) => Number(value.replace("rem", "")) * 16;

describe("the mobile theme agrees with the web's", () => {
  test("brand, ink, paper, card, muted text, borders and the semantic colours are the web's", () => {
    const web = webTheme();
    expect(colors.accent).toBe(web["color-brand-600"]);
    expect(colors.accentSoft).toBe(web["color-brand-50"]);
    expect(colors.text).toBe(web["color-ink"]);
    expect(colors.background).toBe(web["color-paper"]);
    expect(colors.card).toBe(web["color-card"]);
    expect(colors.muted).toBe(web["color-muted"]);
    expect(colors.border).toBe(web["color-line"]);
    for (const tone of ["danger", "success", "warning"] as const) {
      expect(colors[tone]).toBe(web[`color-${tone}`]);
      expect(colors[`${tone}Soft`]).toBe(web[`color-${tone}-soft`]);
    }
  });

  test("spacing is in the web's unit and the radii are the web's", () => {
    const web = webTheme();
    const unit = rem(web.spacing!);
    for (const step of Object.values(space)) expect(step % unit).toBe(0);
    expect(radius.sm).toBe(rem(web["radius-md"]!));
    expect(radius.md).toBe(rem(web["radius-xl"]!));
  });

  test("the type scale is the web's: each step's size and line height", () => {
    const web = webTheme();
    for (const [step, style] of Object.entries(text)) {
      expect(style.fontSize).toBe(rem(web[`text-${step}`]!));
      expect(style.lineHeight).toBe(rem(web[`text-${step}--line-height`]!));
    }
  });

  test("no screen or component sets a font size of its own (they spread a step of `text`)", () => {
    const src = path.join(__dirname, "..");
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".tsx") && !f.endsWith(".test.tsx"),
    );
    expect(files.length).toBeGreaterThan(10);
    const own = files.flatMap((f) =>
      [...readFileSync(path.join(src, f), "utf8").matchAll(/fontSize:\s*\d+/g)].map(
        (m) => `${f}: ${m[0]}`,
      ),
    );
    expect(own).toEqual([]);
  });
});
