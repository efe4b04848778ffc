/**
 * Fanfare's design tokens: the one source of the palette, type scale, radii and spacing unit.
 * The web reads them through `theme.css` (Tailwind v4's `@theme`, generated from this file by
 * `pnpm --filter @fanfare/tailwind-config generate`; a test fails when the two differ); the
 * mobile app's theme (`apps/mobile/src/components/theme.ts`) imports them directly. Colours are
 * hex (React Native has no oklch); sizes in px.
 */
export const tokens = {
  color: {
    /** The brand: a music-poster magenta, used for actions, the current item and money earned. */
    "brand-50": "#fdf1fc",
    "brand-100": "#fcdcf8",
    "brand-500": "#c54ebe",
    "brand-600": "#b030aa",
    "brand-700": "#911e8c",
    /** Text on paper. */
    ink: "#14151f",
    /** The page behind cards. */
    paper: "#fafafa",
    card: "#ffffff",
    /** Secondary text. */
    muted: "#52525b",
    /** Borders and dividers. */
    line: "#e4e4e7",
    danger: "#b91c1c",
    "danger-soft": "#fee2e2",
    success: "#047857",
    "success-soft": "#d1fae5",
    warning: "#92400e",
    "warning-soft": "#fef3c7",
  },
  /** Font size and line height in px, by step (Tailwind's names). */
  text: {
    xs: [12, 16],
    sm: [14, 20],
    base: [16, 24],
    lg: [18, 28],
    xl: [20, 28],
    "2xl": [24, 32],
    "3xl": [30, 36],
  },
  /** Corner radii in px. */
  radius: { sm: 4, md: 6, lg: 8, xl: 12, "2xl": 16 },
  /** The spacing unit in px: every padding, margin and gap is a multiple of it. */
  spacing: 4,
  /**
   * The web's text face: Geist (the `geist` package, served by next/font from the app itself,
   * no font network), then the platform's UI font while it loads. The mobile app keeps the
   * platform's UI font (San Francisco, Roboto) on the same type scale.
   */
  fontSans:
    'var(--font-geist-sans), ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
} as const;

export type Tokens = typeof tokens;

const rem = (px: number) => `${px / 16}rem`;

/** The text of `theme.css`: Tailwind's import and an `@theme` block holding every token. */
export function themeCss(t: Tokens = tokens): string {
  const lines = [
    ...Object.entries(t.color).map(([name, hex]) => `  --color-${name}: ${hex};`),
    ...Object.entries(t.text).flatMap(([name, [size, lineHeight]]) => [
      `  --text-${name}: ${rem(size)};`,
      `  --text-${name}--line-height: ${rem(lineHeight)};`,
    ]),
    ...Object.entries(t.radius).map(([name, px]) => `  --radius-${name}: ${rem(px)};`),
    `  --spacing: ${rem(t.spacing)};`,
    `  --font-sans: ${t.fontSans};`,
  ];
  return [
    '@import "tailwindcss";',
    "",
    "/* Generated from tokens.ts by `pnpm --filter @fanfare/tailwind-config generate`: edit the tokens, not this file. */",
    "@theme {",
    ...lines,
    "}",
    "",
  ].join("\n");
}
