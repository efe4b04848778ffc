import Mustache from "mustache";

import type { PrismaClient } from "@fanfare/db";
import type { PostNetwork, PostTemplateVariable } from "@fanfare/validators";
import {
  buildTrackLink,
  formatCents,
  POST_NETWORK_LABELS,
  POST_NETWORK_LIMITS,
  POST_NETWORKS,
  POST_TEMPLATE_MAX_CHARS,
  POST_TEMPLATE_VARIABLE_NAMES,
  postLength,
} from "@fanfare/validators";

import { AppError } from "../app-error";
import { assertPromoterActive } from "../affiliate/promoter-standing";
import { apiEnv } from "../env";

/**
 * Generated promo posts (issue 14 §4): one ready-to-post text per network (X, Instagram caption,
 * TikTok caption, newsletter blurb) for a promoter's link to a track, rendered by Mustache, a
 * local logic-less template engine (no external service), from templates admins (the platform's
 * defaults) and artists (their own tracks) edit.
 *
 * Template variables (`POST_TEMPLATE_VARIABLES` in packages/validators/src/share.ts), all plain
 * text:
 * - `{{title}}` the track's title; `{{artist}}` the artist's name;
 * - `{{price}}` "$1.99", or "pay what you want from $1.00" for a pay-what-you-want track (the
 *   minimum), in the track's currency;
 * - `{{genre}}` the genre's name, empty without a genre; `{{hashtags}}` a hashtag made of it
 *   ("Lo-fi Hip Hop" → "#LoFiHipHop"), empty without a genre;
 * - `{{description}}` the track's description (on X shortened at a word with "…" until the post
 *   fits);
 * - `{{url}}` the promoter's link, `<APP_URL>/t/<slug>?ref=<code>` plus `&src=<tag>` when a
 *   source tag is given.
 * Sections work on any of them (`{{#genre}}in {{genre}}{{/genre}}` shows only with a genre;
 * `{{^genre}}…{{/genre}}` only without). Any other name renders as nothing; saving a template
 * that uses one is refused (`postTemplateProblem`), as are partials (`{{> x}}`).
 *
 * Plain text only: `{{x}}` is not HTML-escaped (the texts are shown in text nodes and
 * `<textarea>`s, which React escapes, and pasted into networks as text). Control characters
 * (C0 but line feed and tab, DEL, C1) and bidirectional overrides are removed from the track's
 * data and from the result.
 */

/** The built-in templates: what a network shows while neither an admin nor the artist saved one. */
export const DEFAULT_POST_TEMPLATES: Record<PostNetwork, string> = {
  x: '🎧 "{{title}}" by {{artist}}{{#description}} — {{description}}{{/description}}\n\n{{price}} on Fanfare: {{url}}{{#hashtags}} {{hashtags}}{{/hashtags}}',
  instagram:
    'New find 🎧 "{{title}}" by {{artist}}{{#genre}} ({{genre}}){{/genre}}\n\n{{description}}\n\nListen to the preview and buy it straight from the artist, {{price}}: {{url}}\n\n{{hashtags}} #NewMusic #SupportArtists',
  tiktok:
    '"{{title}}" by {{artist}} 🔊 {{price}} on Fanfare: {{url}} {{hashtags}} #NewMusic #MusicDiscovery',
  newsletter:
    'Track of the week: "{{title}}" by {{artist}}{{#genre}} ({{genre}}){{/genre}}.\n\n{{description}}\n\nListen to the preview and buy it straight from the artist ({{price}}): {{url}}',
};

/** The values a template is rendered with (every variable, as plain text). */
export type PostVariables = Record<PostTemplateVariable, string>;

/** What the editors' previews are rendered with. */
export const SAMPLE_POST_VARIABLES: PostVariables = {
  title: "Night Drive",
  artist: "Nova Lights",
  price: "$1.99",
  genre: "Synthwave",
  description:
    "A slow-burning synth track for the last hour of the road, recorded live in one take.",
  url: "https://fanfare.example/t/night-drive?ref=k3m9x2pq&src=newsletter",
  hashtags: "#Synthwave",
};

// Built from code points so this file holds no control characters itself.
const hex = (n: number) => `\\u${n.toString(16).padStart(4, "0")}`;
const UNSAFE = new RegExp(
  `[${hex(0)}-${hex(8)}${hex(0xb)}-${hex(0x1f)}${hex(0x7f)}-${hex(0x9f)}${hex(0x202a)}-${hex(0x202e)}${hex(0x2066)}-${hex(0x2069)}]`,
  "g",
);

/**
 * Text as it may go into a post: `\r\n` and `\r` become `\n`, and control characters (all of
 * C0 but `\n` and `\t`, DEL, C1) and bidirectional embedding and override characters are removed
 * (nothing in a post should reorder or hide the text around it).
 */
export function stripUnsafeCharacters(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(UNSAFE, "");
}

/** A hashtag made of a genre's name: its words capitalised and joined ("lo-fi hip hop" → "#LoFiHipHop"). */
export function genreHashtag(genre: string | null | undefined): string {
  const words = (genre ?? "").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length === 0) return "";
  return `#${words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")}`;
}

// One writer for this module, with its template cache off: bodies come from people and would
// otherwise stay in Mustache's process-wide cache forever, one entry per edit.
const writer = new Mustache.Writer();
(writer as unknown as { templateCache: unknown }).templateCache = undefined;

type Token = [string, string, number, number, Token[]?, ...unknown[]];
const KNOWN = new Set<string>(POST_TEMPLATE_VARIABLE_NAMES);

/**
 * Why a template cannot be saved for `network`, in a sentence, or null when it can: it does not
 * parse; it uses a variable other than the known ones (`POST_TEMPLATE_VARIABLES`) or a partial;
 * it lacks `{{url}}` (a post without the link earns nothing); it is longer than 2,000
 * characters; or, for X, its own text without the description already passes 280 characters.
 */
export function postTemplateProblem(network: PostNetwork, body: string): string | null {
  if (body.length > POST_TEMPLATE_MAX_CHARS)
    return `Keep the template to ${POST_TEMPLATE_MAX_CHARS.toLocaleString("en-US")} characters or fewer.`;
  let tokens: Token[];
  try {
    tokens = writer.parse(body) as Token[];
  } catch (e) {
    return `The template does not parse: ${(e as Error).message}.`;
  }
  const names: string[] = [];
  let partial: string | null = null;
  const walk = (list: Token[]) => {
    for (const t of list) {
      if (t[0] === ">") partial ??= t[1];
      if (t[0] === "name" || t[0] === "&" || t[0] === "#" || t[0] === "^") names.push(t[1]);
      if (t[4]) walk(t[4]);
    }
  };
  walk(tokens);
  if (partial !== null)
    return `Partials ({{> ${partial}}}) are not supported: use the variables ${variableList()}.`;
  const unknown = names.find((n) => !KNOWN.has(n));
  if (unknown !== undefined)
    return `Unknown variable {{${unknown}}}: a template may use ${variableList()}.`;
  if (!names.includes("url"))
    return "The template must include {{url}}, the promoter's link: a post without it earns nothing.";
  const limit = POST_NETWORK_LIMITS[network];
  if (limit !== null) {
    const bare = renderPostTemplate(body, { ...SAMPLE_POST_VARIABLES, description: "" });
    const length = postLength(network, bare);
    if (length > limit)
      return `The ${POST_NETWORK_LABELS[network]} template is ${length} characters long before the description; ${POST_NETWORK_LABELS[network]} allows ${limit}${network === "x" ? " (a link counts as 23)" : ""}. Shorten its text.`;
  }
  return null;
}

const variableList = () => POST_TEMPLATE_VARIABLE_NAMES.map((n) => `{{${n}}}`).join(", ");

/**
 * Throws unless the template can be saved (see `postTemplateProblem`).
 * @throws AppError BAD_INPUT with field `body` and the reason.
 */
export function assertValidPostTemplate(network: PostNetwork, body: string): void {
  const problem = postTemplateProblem(network, body);
  if (problem) throw new AppError("BAD_INPUT", problem, { field: "body" });
}

/**
 * Renders a template with `vars` as plain text (no HTML escaping; see the file comment), then
 * tidies it: unsafe characters removed, runs of spaces made one, spaces at line ends and blank
 * lines beyond one removed, the whole trimmed. Unknown names render as nothing (the view has no
 * prototype, so not even `{{constructor}}` finds anything); partials render as nothing.
 * @throws Error when the body does not parse (saved templates always do).
 */
export function renderPostTemplate(body: string, vars: PostVariables): string {
  const view = Object.assign(Object.create(null) as object, vars);
  const text = writer.render(body, view, {}, { escape: (v: unknown) => String(v) });
  return stripUnsafeCharacters(text)
    .replace(/[ \t]+/g, (m) => (m.includes("\t") ? "\t" : " "))
    .replace(/ +\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The first `n` code points of `text` cut back to a word, with "…"; all of it when it is short. */
function shorten(chars: string[], n: number): string {
  if (n >= chars.length) return chars.join("");
  if (n <= 0) return "";
  let cut = chars.slice(0, n).join("");
  const space = cut.search(/\s\S*$/);
  if (space > n / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s.,;:!?—–-]+$/u, "")}…`;
}

/** The longest `shorten(field, n)` whose rendering fits, by bisection over n; null if none does. */
function fitField(
  body: string,
  vars: PostVariables,
  field: "description" | "title",
  fits: (text: string) => boolean,
): string | null {
  const chars = [...vars[field]];
  const render = (n: number) => renderPostTemplate(body, { ...vars, [field]: shorten(chars, n) });
  if (!fits(render(0))) return null;
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(render(mid))) lo = mid;
    else hi = mid - 1;
  }
  return render(lo);
}

/** One ready-to-post text. `length` is counted as the network counts (`postLength`). */
export type PromoPost = {
  network: PostNetwork;
  label: string;
  text: string;
  length: number;
  /** The network's limit in its count, null for none. */
  limit: number | null;
  /** Whether the description (or, failing that, the title) was shortened to fit. */
  shortened: boolean;
};

/**
 * Renders `body` for `network` and makes it fit the network's limit (`POST_NETWORK_LIMITS`; on
 * X, 280 with each URL counted as 23): the description is shortened at a word first, then the
 * title; the link is never touched. Should even that not fit (a template saved before a rule
 * changed), the post falls back to the title and the link.
 */
export function fitPromoPost(network: PostNetwork, body: string, vars: PostVariables): PromoPost {
  const limit = POST_NETWORK_LIMITS[network];
  const fits = (text: string) => limit === null || postLength(network, text) <= limit;
  const post = (text: string, shortened: boolean): PromoPost => ({
    network,
    label: POST_NETWORK_LABELS[network],
    text,
    length: postLength(network, text),
    limit,
    shortened,
  });
  const full = renderPostTemplate(body, vars);
  if (fits(full)) return post(full, false);
  const byDescription = fitField(body, vars, "description", fits);
  if (byDescription !== null) return post(byDescription, true);
  const byTitle = fitField(body, { ...vars, description: "" }, "title", fits);
  if (byTitle !== null) return post(byTitle, true);
  return post(fitField("{{title}} {{url}}", vars, "title", fits) ?? vars.url, true);
}

/**
 * The variables of a track's posts. Prices in cents (formatted here, in the track's currency).
 */
export function postVariablesOf(track: {
  title: string;
  description: string;
  priceCents: number;
  minPriceCents: number | null;
  currency: string;
  artistName: string;
  genreName: string | null;
  url: string;
}): PostVariables {
  const clean = (s: string) => stripUnsafeCharacters(s).trim();
  return {
    title: clean(track.title),
    artist: clean(track.artistName),
    price:
      track.minPriceCents != null
        ? `pay what you want from ${formatCents(track.minPriceCents, track.currency)}`
        : formatCents(track.priceCents, track.currency),
    genre: clean(track.genreName ?? ""),
    description: clean(track.description),
    url: track.url,
    hashtags: genreHashtag(track.genreName),
  };
}

/**
 * The templates in force for an artist's tracks, per network: the artist's own row, else the
 * platform's (`artistId` ""), else the built-in default; and where each came from.
 */
export async function effectivePostTemplates(
  input: { artistId: string },
  db: PrismaClient,
): Promise<Record<PostNetwork, { body: string; source: "artist" | "platform" | "builtin" }>> {
  const rows = await db.postTemplate.findMany({
    where: { artistId: { in: ["", input.artistId] } },
    select: { network: true, artistId: true, body: true },
  });
  const pick = (network: PostNetwork) => {
    const own = rows.find((r) => r.network === network && r.artistId === input.artistId);
    if (own && input.artistId !== "") return { body: own.body, source: "artist" as const };
    const platform = rows.find((r) => r.network === network && r.artistId === "");
    if (platform) return { body: platform.body, source: "platform" as const };
    return { body: DEFAULT_POST_TEMPLATES[network], source: "builtin" as const };
  };
  return Object.fromEntries(POST_NETWORKS.map((n) => [n, pick(n)])) as Record<
    PostNetwork,
    ReturnType<typeof pick>
  >;
}

/**
 * The ready-to-post texts for a promoter's link to a track, one per network in
 * `POST_NETWORKS` order, from the templates in force for the track's artist.
 * @param input.promoterUserId the promoter's user id; `sourceTag` (already validated:
 *   `ZSourceTag`) goes into the link as `src`, empty or absent for none.
 * @throws AppError FORBIDDEN (the promoter is not ACTIVE; the artist turned promoter links off;
 *   the link was disabled by an admin), NOT_FOUND (no such track on sale, or the promoter has no
 *   link for it yet).
 */
export async function renderPromoPosts(
  input: { trackId: string; promoterUserId: string; sourceTag?: string | null },
  db: PrismaClient,
): Promise<{ trackId: string; url: string; posts: PromoPost[] }> {
  const [promoter, track] = await Promise.all([
    db.promoterProfile.findUnique({
      where: { userId: input.promoterUserId },
      select: { id: true, status: true, statusReason: true },
    }),
    db.track.findUnique({
      where: { id: input.trackId },
      select: {
        id: true,
        slug: true,
        title: true,
        description: true,
        priceCents: true,
        minPriceCents: true,
        currency: true,
        published: true,
        deletedAt: true,
        affiliateEnabled: true,
        artistId: true,
        artist: { select: { name: true } },
        genre: { select: { name: true } },
      },
    }),
  ]);
  if (!promoter)
    throw new AppError("NOT_FOUND", "You have no promoter profile yet: get a link first.");
  assertPromoterActive(promoter, "Promo posts are paused");
  if (!track || track.deletedAt || !track.published)
    throw new AppError("NOT_FOUND", `Track ${input.trackId} is not on sale.`);
  if (!track.affiliateEnabled)
    throw new AppError(
      "FORBIDDEN",
      `The artist has turned off promoter links for "${track.title}".`,
    );
  const link = await db.affiliateLink.findUnique({
    where: { promoterId_trackId: { promoterId: promoter.id, trackId: track.id } },
    select: { code: true, disabled: true, disabledReason: true },
  });
  if (!link)
    throw new AppError(
      "NOT_FOUND",
      `You have no link for "${track.title}" yet: get your link on its page first.`,
    );
  if (link.disabled)
    throw new AppError(
      "FORBIDDEN",
      `Your link for "${track.title}" was disabled by Fanfare${link.disabledReason ? `: ${link.disabledReason}` : "."}`,
    );
  const url = buildTrackLink({
    appUrl: apiEnv().APP_URL,
    slug: track.slug,
    code: link.code,
    sourceTag: input.sourceTag || null,
  });
  const vars = postVariablesOf({
    title: track.title,
    description: track.description,
    priceCents: track.priceCents,
    minPriceCents: track.minPriceCents,
    currency: track.currency,
    artistName: track.artist.name,
    genreName: track.genre?.name ?? null,
    url,
  });
  const templates = await effectivePostTemplates({ artistId: track.artistId }, db);
  return {
    trackId: track.id,
    url,
    posts: POST_NETWORKS.map((n) => fitPromoPost(n, templates[n].body, vars)),
  };
}
