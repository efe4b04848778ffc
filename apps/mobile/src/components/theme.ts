import { tokens } from "@fanfare/tailwind-config/tokens";

/**
 * Colours and spacing shared by every screen, from the design tokens the web's Tailwind theme is
 * generated from (tooling/tailwind/tokens.ts): the same brand, ink, paper and semantic colours
 * as the web app (theme.test.ts checks them against the web's theme.css).
 */
const c = tokens.color;
export const colors = {
  background: c.paper,
  card: c.card,
  text: c.ink,
  muted: c.muted,
  border: c.line,
  accent: c["brand-600"],
  accentText: "#ffffff",
  accentSoft: c["brand-50"],
  danger: c.danger,
  dangerSoft: c["danger-soft"],
  success: c.success,
  successSoft: c["success-soft"],
  warning: c.warning,
  warningSoft: c["warning-soft"],
} as const;

const u = tokens.spacing;
/** Spacing steps, multiples of the tokens' unit (4 px), as on the web. */
export const space = { xs: u, sm: 2 * u, md: 3 * u, lg: 4 * u, xl: 6 * u } as const;
/** Corner radii: small controls (the web's `rounded-md`), cards (`rounded-xl`), pills. */
export const radius = { sm: tokens.radius.md, md: tokens.radius.xl, pill: 999 } as const;

type TextStep = keyof typeof tokens.text;
/**
 * The type scale, the web's (`text-xs` … `text-3xl`): font size and line height in px, spread
 * into a style (`{ ...text.base, fontWeight: "600" }`). No screen sets a size of its own.
 */
export const text = Object.fromEntries(
  Object.entries(tokens.text).map(([step, [fontSize, lineHeight]]) => [
    step,
    { fontSize, lineHeight },
  ]),
) as Record<TextStep, { fontSize: number; lineHeight: number }>;
