import { customAlphabet } from "nanoid";

const suffix = customAlphabet("abcdefghijkmnpqrstuvwxyz23456789", 6);

/**
 * "Déjà Vu (Remix)!" -> "deja-vu-remix"; at most 60 characters; `fallback` ("track" unless said)
 * when nothing is left.
 */
export function slugify(text: string, fallback = "track"): string {
  const s = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return s || fallback;
}

/** `base` plus a short random suffix, used when the plain slug is taken. */
export function slugWithSuffix(base: string): string {
  return `${base}-${suffix()}`;
}
