import { z } from "zod";

import { zId, zText } from "./text";

/**
 * The resource center (issue 14 §8): swipe files, post templates, FAQs, best-practice guides and
 * pictures promoters use, at `/resources`. The database keeps the same rules as CHECKs
 * (migration `20261206184109_resource_center`).
 */

/** The categories, in the order the resource center lists them. */
export const RESOURCE_CATEGORIES = ["swipe", "template", "faq", "guide", "image"] as const;
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];

/** Each category's heading. */
export const RESOURCE_CATEGORY_LABELS: Record<ResourceCategory, string> = {
  swipe: "Swipe files",
  template: "Post templates",
  faq: "FAQs",
  guide: "Best practices",
  image: "Images",
};

/** Categories whose body is text to copy and paste (they get a "Copy" button). */
export const COPYABLE_RESOURCE_CATEGORIES: readonly ResourceCategory[] = ["swipe", "template"];

/** The longest Markdown body, characters (the database CHECKs the same). */
export const MAX_RESOURCE_BODY = 20_000;

/**
 * A resource's slug (`/resources/<slug>`): 3–60 characters, lowercase a–z, 0–9 and single
 * hyphens between them. Upper case is lowered before the check.
 */
export const ZResourceSlug = zText("Slug")
  .trim()
  .toLowerCase()
  .min(3, "The slug needs at least 3 characters.")
  .max(60, "Keep the slug to 60 characters or fewer.")
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    "Use lowercase letters, digits and single hyphens between them (like first-post-template).",
  );

/** A resource as an admin writes it (`admin.resources.upsert`); `id` replaces that one. */
export const ZResourceInput = z.object({
  id: zId("Resource id").optional(),
  slug: ZResourceSlug,
  title: zText("Title")
    .trim()
    .min(1, "Write a title.")
    .max(120, "Keep the title to 120 characters or fewer."),
  category: z.enum(RESOURCE_CATEGORIES, {
    message: "Choose a category: swipe file, post template, FAQ, best practice or image.",
  }),
  summary: zText("Summary")
    .trim()
    .max(300, "Keep the summary to 300 characters or fewer.")
    .default(""),
  body: zText("Body", { multiline: true })
    .trim()
    .min(1, "Write the body (Markdown).")
    .max(
      MAX_RESOURCE_BODY,
      `Keep the body to ${MAX_RESOURCE_BODY.toLocaleString("en-US")} characters or fewer.`,
    ),
  published: z.boolean({ message: "Published is true or false." }).default(false),
  position: z
    .number({ message: "Position must be a number." })
    .int("Position must be a whole number.")
    .min(0, "Position must be 0 or more.")
    .max(100_000, "Position must be at most 100,000.")
    .default(0),
  /** An IMAGE upload to use as the picture; null removes it; absent keeps it. */
  imageUploadId: zId("Picture").nullable().optional(),
});
export type ResourceInput = z.input<typeof ZResourceInput>;

/** `admin.resources.delete`'s input. */
export const ZDeleteResourceInput = z.object({ id: zId("Resource id") });

/** A resource as the admin page lists it (drafts included). */
export const ZAdminResourceOutput = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  category: z.enum(RESOURCE_CATEGORIES),
  summary: z.string(),
  body: z.string(),
  imageUrl: z.string().nullable(),
  published: z.boolean(),
  position: z.number().int(),
  updatedAt: z.date(),
});
export type AdminResource = z.output<typeof ZAdminResourceOutput>;

/**
 * The address a Markdown link may keep: only absolute http(s) and mailto URLs; anything else
 * (`javascript:`, `data:`, relative or protocol-relative addresses) gives null, and the link
 * renders as plain text.
 */
export function safeMarkdownHref(href: string | null | undefined): string | null {
  const h = href?.trim();
  if (!h) return null;
  let url: URL;
  try {
    url = new URL(h);
  } catch {
    return null;
  }
  return ["http:", "https:", "mailto:"].includes(url.protocol) ? h : null;
}
