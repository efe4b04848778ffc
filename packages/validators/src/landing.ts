import { z } from "zod";

import { zId, zText } from "./text";

/**
 * Landing pages (issue 14 §3): a promoter's co-branded page `/p/<handle>` listing the tracks they
 * recommend. The database keeps the same rules as CHECKs (migration
 * `20261206174607_promoter_reach_landing_pages`).
 */

/** The most tracks one landing page lists. */
export const MAX_LANDING_TRACKS = 12;
/** The theme colours offered in the editor (any `#rrggbb` is accepted). */
export const LANDING_THEME_COLORS = [
  "#7c3aed",
  "#2563eb",
  "#0891b2",
  "#059669",
  "#d97706",
  "#dc2626",
  "#db2777",
  "#18181b",
] as const;

/** Handles no page may take: they read as the platform speaking. */
export const RESERVED_LANDING_HANDLES = [
  "admin",
  "api",
  "fanfare",
  "help",
  "official",
  "staff",
  "support",
  "team",
] as const;

/**
 * A landing page handle: 3–30 characters, lowercase a–z, 0–9 and single hyphens between them
 * (`pat-picks`), not reserved. Upper case is lowered before the check.
 */
export const ZLandingHandle = zText("Handle")
  .trim()
  .toLowerCase()
  .min(3, "The handle needs at least 3 characters.")
  .max(30, "Keep the handle to 30 characters or fewer.")
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    "Use lowercase letters, digits and single hyphens between them (like pat-picks).",
  )
  .refine((h) => !(RESERVED_LANDING_HANDLES as readonly string[]).includes(h), {
    message: "That handle is reserved; choose another.",
  });

/** A `#rrggbb` colour, lowered. */
export const ZThemeColor = zText("Theme colour")
  .trim()
  .toLowerCase()
  .regex(/^#[0-9a-f]{6}$/, "Choose a colour as #rrggbb.");

/** What the editor saves (`landing.save`). */
export const ZLandingPageInput = z.object({
  handle: ZLandingHandle,
  headline: zText("Headline")
    .trim()
    .min(1, "Write a headline.")
    .max(120, "Keep the headline to 120 characters or fewer."),
  bio: zText("About you", { multiline: true })
    .trim()
    .max(1000, "Keep the text about you to 1000 characters or fewer.")
    .default(""),
  ctaText: zText("Button text")
    .trim()
    .min(1, "Write the button text.")
    .max(30, "Keep the button text to 30 characters or fewer.")
    .default("Listen and buy"),
  themeColor: ZThemeColor.default("#7c3aed"),
  /** An IMAGE upload to use as the photo; null removes the photo; absent keeps it. */
  photoUploadId: zId("Photo").nullable().optional(),
  published: z.boolean().default(false),
  tracks: z
    .array(
      z.object({
        trackId: zId("Track"),
        note: zText("Note")
          .trim()
          .max(140, "Keep each note to 140 characters or fewer.")
          .default(""),
      }),
    )
    .max(MAX_LANDING_TRACKS, `List at most ${MAX_LANDING_TRACKS} tracks.`)
    .refine((ts) => new Set(ts.map((t) => t.trackId)).size === ts.length, {
      message: "Each track can be listed once.",
    })
    .default([]),
});
export type LandingPageInput = z.input<typeof ZLandingPageInput>;

/** `landing.handleAvailable`. */
export const ZLandingHandleInput = z.object({ handle: ZLandingHandle });

/** `landing.trackOptions`: `q` filters by title or artist. */
export const ZLandingTrackOptionsInput = z.object({
  q: zText("Search").trim().max(60, "Search is too long.").optional(),
});

/** Admin: take a page down with a reason the promoter reads. */
export const ZTakeDownLandingInput = z.object({
  landingPageId: zId("Landing page"),
  reason: zText("Reason")
    .trim()
    .min(3, "Give the promoter a reason.")
    .max(500, "Keep the reason to 500 characters or fewer."),
});

/** Admin: restore a taken-down page. */
export const ZLandingPageIdInput = z.object({ landingPageId: zId("Landing page") });

/** Admin: the list of landing pages, newest first; `q` matches handle or headline. */
export const ZAdminLandingListInput = z.object({
  q: zText("Search").trim().max(60, "Search is too long.").optional(),
  status: z.enum(["all", "published", "draft", "taken-down"]).default("all"),
  cursor: zId("Cursor").optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

/** Up to two initials for an avatar ("Pat Lee" → "PL", "robin" → "R"; "?" for no name). */
export function avatarInitials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0]];
  return letters.filter(Boolean).join("").toUpperCase() || "?";
}
