import { z } from "zod";

import { ZSourceTag } from "./sources";
import { zId, zText } from "./text";

/**
 * The share kit's generated promo posts (issue 14 §4): ready-to-post texts per network, filled
 * from a track's data and the promoter's link by a local template engine (Mustache, logic-less:
 * packages/api/src/services/share/post-templates.ts). The database keeps the network list as a
 * CHECK on `PostTemplate.network` (migration `20261206174607_promoter_reach_landing_pages`).
 */

/** The networks a promo post is written for, in the order the share kit shows them. */
export const POST_NETWORKS = ["x", "instagram", "tiktok", "newsletter"] as const;
export type PostNetwork = (typeof POST_NETWORKS)[number];

/** How each network is named to people. */
export const POST_NETWORK_LABELS: Record<PostNetwork, string> = {
  x: "X",
  instagram: "Instagram caption",
  tiktok: "TikTok caption",
  newsletter: "Newsletter blurb",
};

/**
 * The most characters a post may have on each network, null for none. X: 280 in its weighted
 * count (`xPostLength`); Instagram and TikTok captions: 2,200 characters (Instagram's and
 * TikTok's help pages on caption length). A newsletter blurb has no limit.
 */
export const POST_NETWORK_LIMITS: Record<PostNetwork, number | null> = {
  x: 280,
  instagram: 2200,
  tiktok: 2200,
  newsletter: null,
};

/**
 * The variables a post template may use, with what each holds (the editor lists them). Any
 * other name is refused on save; a name the engine does not know renders as nothing.
 */
export const POST_TEMPLATE_VARIABLES = {
  title: "The track's title",
  artist: "The artist's name",
  price: 'The price: "$1.99", or "pay what you want from $1.00"',
  genre: "The genre's name (empty when the track has none)",
  description: "The track's description (shortened to fit X's 280 characters)",
  url: "The promoter's link to the track, with their source tag",
  hashtags: 'Hashtags from the genre, e.g. "#Synthwave" (empty without a genre)',
} as const;
export type PostTemplateVariable = keyof typeof POST_TEMPLATE_VARIABLES;
export const POST_TEMPLATE_VARIABLE_NAMES = Object.keys(
  POST_TEMPLATE_VARIABLES,
) as PostTemplateVariable[];

/** The longest template body, in characters. */
export const POST_TEMPLATE_MAX_CHARS = 2000;

/**
 * X's t.co rule: every URL counts as 23 characters, however long or short it is (X developer
 * docs, "Counting characters"). See `xPostLength`.
 */
export const X_URL_LENGTH = 23;

// One whitespace-separated word: what comes before a URL ("(" or "link:"), the URL, and the
// punctuation after it (X leaves trailing punctuation out of the link and counts it).
const WORD_WITH_URL = /^(.*?)(https?:\/\/\S+?)([.,!?:;)\]"'\u201d\u2019]*)$/is;
// A bare word that reads as a domain ("fanfare.app", "fanfare.app/t/x"): X may link it.
const DOMAIN_LIKE = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?:\/\S*)?$/i;

/** Code points X counts as one character; every other code point counts as two. */
function xWeight(codePoint: number): 1 | 2 {
  return codePoint <= 0x10ff ||
    (codePoint >= 0x2000 && codePoint <= 0x200d) ||
    (codePoint >= 0x2010 && codePoint <= 0x201f) ||
    (codePoint >= 0x2032 && codePoint <= 0x2037)
    ? 1
    : 2;
}

/**
 * The length X gives a post (twitter-text's weighted count, version 3): code points in Latin and
 * the common punctuation ranges count 1, the others (CJK, emoji) count 2, and every URL counts
 * as `X_URL_LENGTH` (23) whatever its length (X developer docs, "Counting characters").
 * Deliberately never below X's own count, so a post that fits here fits on X: a bare word that
 * looks like a domain counts as at least 23 (X may link it), and an emoji sequence joined with
 * ZWJ counts each of its parts (X counts the sequence as 2).
 *
 * Example: `xPostLength("Night Drive https://fanfare.example/t/night-drive?ref=k3m9x2pq")` is
 * 12 + 23 = 35.
 */
export function xPostLength(text: string): number {
  let n = 0;
  const plain = (s: string) => {
    for (const ch of s) n += xWeight(ch.codePointAt(0)!);
  };
  for (const part of text.split(/(\s+)/)) {
    const url = WORD_WITH_URL.exec(part);
    if (url) {
      plain(url[1]!);
      n += X_URL_LENGTH;
      plain(url[3]!);
      continue;
    }
    const word = /^([("'\u201c\u2018]*)(.*?)([.,!?:;)"'\u201d\u2019]*)$/s.exec(part)!;
    if (DOMAIN_LIKE.test(word[2]!)) {
      plain(word[1]!);
      n += Math.max(X_URL_LENGTH, [...word[2]!].length);
      plain(word[3]!);
    } else plain(part);
  }
  return n;
}

/**
 * A post's length as its network counts it: X's weighted count (`xPostLength`), else code points
 * (what Instagram and TikTok count).
 */
export function postLength(network: PostNetwork, text: string): number {
  return network === "x" ? xPostLength(text) : [...text].length;
}

/** `promoter.promoPosts`: the ready-to-post texts for a track, with an optional source tag. */
export const ZPromoPostsInput = z.object({
  trackId: zId("Track id"),
  /** Empty or absent: the link carries no `src`. */
  sourceTag: ZSourceTag.optional(),
});
export type PromoPostsInput = z.input<typeof ZPromoPostsInput>;

/** A network, as a field with a readable refusal. */
export const ZPostNetwork = z.enum(POST_NETWORKS, {
  error: () => `Network must be one of ${POST_NETWORKS.join(", ")}.`,
});

/**
 * A template body: text (line breaks allowed), not blank, at most 2,000 characters. Whether it
 * parses and names only known variables is checked by the service (Mustache parses it there).
 */
export const ZPostTemplateBody = zText("Template", { multiline: true })
  .refine((s) => s.trim().length > 0, "Write the template's text.")
  .refine(
    (s) => s.length <= POST_TEMPLATE_MAX_CHARS,
    `Keep the template to ${POST_TEMPLATE_MAX_CHARS.toLocaleString("en-US")} characters or fewer.`,
  );

/** `artist.savePostTemplate`: the artist's own template for one network (their tracks only). */
export const ZSavePostTemplateInput = z.object({
  network: ZPostNetwork,
  body: ZPostTemplateBody,
});
export type SavePostTemplateInput = z.input<typeof ZSavePostTemplateInput>;

/** `admin.savePostTemplate`: the platform's default for one network, with an optional reason. */
export const ZSavePlatformPostTemplateInput = ZSavePostTemplateInput.extend({
  reason: zText("Reason").trim().max(500, "Keep the reason to 500 characters or fewer.").optional(),
});

/** `artist.resetPostTemplate` / `admin.resetPostTemplate`: back to the default for a network. */
export const ZResetPostTemplateInput = z.object({ network: ZPostNetwork });
