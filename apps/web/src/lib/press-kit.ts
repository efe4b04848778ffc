import type { Metadata } from "next";

/**
 * Pure helpers of the press kit (issue 14 §8): the editor's photo order, the file names the
 * public page offers for download, and the press page's metadata.
 */

/**
 * `items` with the one at `index` moved by `delta` places (−1: earlier, +1: later), as a new
 * array. A move past either end, or an index outside the list, returns the list unchanged (a
 * copy).
 */
export function moveItem<T>(items: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  const copy = [...items];
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return copy;
  const [moved] = copy.splice(index, 1);
  copy.splice(to, 0, moved as T);
  return copy;
}

/**
 * The file name a press photo downloads as: `<artist-slug>-press-<n>.<ext>`, `n` from 1 in the
 * kit's order, the extension of the stored file (`/api/images/<id>.<ext>`; `jpg` when it has
 * none we know). E.g. `("nova-lights", 0, "/api/images/abc.png")` → `nova-lights-press-1.png`.
 */
export function pressPhotoFileName(artistSlug: string, index: number, url: string): string {
  const ext = /\.(jpg|jpeg|png|webp)$/i.exec(url)?.[1]?.toLowerCase() ?? "jpg";
  return `${artistSlug}-press-${index + 1}.${ext}`;
}

/** What the press page's metadata needs of the artist and their kit. */
export type PressKitMetaInput = {
  name: string;
  bio: string;
  oneSheet: string;
  photoCount: number;
};

/** The first `max` characters of Markdown as one line of plain text (for a description). */
function markdownSnippet(source: string, max: number): string {
  const text = source
    .replace(/!\[[^\]]*\]\([^)]*\)/g, " ") // pictures
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1") // links: their text
    .replace(/<[^>]*>/g, " ") // raw HTML tags, which the page does not render either
    .replace(/[#>*_`~|]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/**
 * The press page's (`/a/<slug>/press`) title, description and Open Graph / Twitter tags: "Press
 * kit: <name>", and the one-sheet's opening (as plain text), else the bio, else a sentence about
 * the kit; at most 160 characters. The share image is added by the page (`withOgImage` with the
 * artist's card), as on the artist page (`artistMetadata`).
 */
export function pressKitMetadata(input: PressKitMetaInput): Metadata {
  const title = `Press kit: ${input.name}`;
  const fallback =
    input.photoCount > 0
      ? `Photos, bio and tracks of ${input.name} for promoters and press.`
      : `Bio and tracks of ${input.name} for promoters and press.`;
  const description =
    markdownSnippet(input.oneSheet, 160) ||
    markdownSnippet(input.bio, 160) ||
    fallback.slice(0, 160);
  return {
    title,
    description,
    openGraph: { title, description, type: "profile", siteName: "Fanfare" },
    twitter: { card: "summary_large_image", title, description },
  };
}
