/**
 * Invalidation of the public pages the web app serves from its cache (track pages, artist
 * pages, discover, leaderboard). Services say *what* changed by tag; the web app decides how a
 * tag reaches its page cache (Next's `revalidateTag`) by registering an invalidator at start-up
 * (`apps/web/src/lib/public-page-cache.ts`). In processes without one (the worker, scripts,
 * tests) `invalidatePublicPages` does nothing.
 *
 * Call it after the write has committed: a page re-rendered before the commit would cache the
 * old state again.
 */

/** The cache tags of public pages. Tag strings are ASCII and at most 256 characters (Next's limit). */
export const publicTags = {
  /** Everything a track page shows about track `id` (title, price, commission, published state…). */
  track: (id: string) => `track:${id}`,
  /**
   * The lookup of the track page at `/t/<slug>`, including "no track here" (a 404 or the neutral
   * page of a draft): changes when a track with that slug is created.
   */
  trackSlug: (slug: string) => `track-slug:${slug}`,
  /**
   * Everything the artist page `/a/<slug>` of artist profile `id` shows: name, bio, links,
   * picture and the list of their tracks on sale. Expired when the profile is edited and when
   * any of the artist's tracks is created, edited, published, unpublished, deleted or taken down.
   */
  artist: (id: string) => `artist:${id}`,
  /**
   * The lookup of the artist page at `/a/<slug>`, including "no artist here" (a 404): changes
   * when an artist profile with that slug is created.
   */
  artistSlug: (slug: string) => `artist-slug:${slug}`,
  /**
   * Everything a release page `/r/<slug>` shows about release `id` (issue 16 §1): title, kind,
   * artwork, date, price, commission, track list, published state. Expired when the artist
   * edits, publishes, unpublishes or deletes it.
   */
  release: (id: string) => `release:${id}`,
  /**
   * The lookup of the release page at `/r/<slug>`, including "no release here" (a 404): changes
   * when a release with that slug is created.
   */
  releaseSlug: (slug: string) => `release-slug:${slug}`,
  /** The discover listings (every genre and page). */
  discover: "discover",
  /**
   * The public leaderboard (every period and metric) and what shows its boards in cached pages
   * (top fans on track pages): expired when the `leaderboard.refresh` job's rankings change and
   * when the leaderboard's settings do.
   */
  leaderboard: "leaderboard",
  /** The promoter program's terms at `/terms` (a new version was published). */
  terms: "terms",
  /** A contest's public page `/contests/<id>` (started, closed, edited). */
  contest: (id: string) => `contest:${id}`,
  /** The list of contests (any contest created, started, closed or cancelled). */
  contests: "contests",
  /**
   * What an affiliate link's code names on a recommended track page and its share card
   * (`/t/<slug>?ref=<code>`, issue 14 §4): its promoter and track, and whether it is disabled.
   * Expired when an admin disables or enables the link.
   */
  refCode: (code: string) => `ref:${code}`,
  /**
   * A promoter's public name and standing as share tags show them ("Recommended by …" on
   * `/t/<slug>?ref=<code>`): expired when their display name, leaderboard opt-in or status
   * changes.
   */
  promoter: (id: string) => `promoter:${id}`,
  /** A promoter's landing page `/p/<handle>` (saved, taken down, restored, standing changed). */
  landing: (handle: string) => `landing:${handle}`,
  /** The resource center `/resources` and every `/resources/<slug>` (any resource saved or deleted). */
  resources: "resources",
  /**
   * The "Press kits" list of the resource center (`listPressKits`): expired when an artist saves
   * their press kit, or changes their name or picture (the list shows both).
   */
  pressKits: "press-kits",
} as const;

/** Receives the tags to invalidate; must not throw (errors are logged and swallowed anyway). */
export type PublicPageInvalidator = (tags: string[]) => void;

// On globalThis: Next bundles this module separately into route handlers, pages and the
// instrumentation hook, and registration in one bundle must be seen by the others.
const KEY = Symbol.for("fanfare.publicPageInvalidator");
type Holder = { [KEY]?: PublicPageInvalidator | null };

/**
 * Registers the process's invalidator (the web app's, built on Next's `revalidateTag`), or
 * removes it with `null`. Registering again replaces the previous one.
 */
export function setPublicPageInvalidator(fn: PublicPageInvalidator | null): void {
  (globalThis as Holder)[KEY] = fn;
}

/** Sends tags to every process of the deployment (tag-channel.ts); rejects when it cannot. */
export type PublicPageBroadcaster = (tags: string[]) => Promise<void>;

const BROADCAST = Symbol.for("fanfare.publicPageBroadcaster");
type BroadcastHolder = { [BROADCAST]?: PublicPageBroadcaster | null };

/**
 * Registers how this process tells the others (`startCacheTagChannel` does it at start-up), or
 * removes it with `null`.
 */
export function setPublicPageBroadcaster(fn: PublicPageBroadcaster | null): void {
  (globalThis as BroadcastHolder)[BROADCAST] = fn;
}

const LISTENERS = Symbol.for("fanfare.publicPageListeners");
type ListenerHolder = { [LISTENERS]?: Set<PublicPageInvalidator> };

/**
 * Adds a listener told synchronously of every invalidation made in this process (server.mjs's
 * response cache, `apps/web/src/server/page-cache.ts`, purges on it before the request that
 * wrote has answered). Listeners must not throw (errors are logged and swallowed).
 * @returns a function that removes it.
 */
export function onLocalPublicPageInvalidation(fn: PublicPageInvalidator): () => void {
  const set = ((globalThis as ListenerHolder)[LISTENERS] ??= new Set());
  set.add(fn);
  return () => set.delete(fn);
}

/**
 * Marks the cached public pages carrying any of `tags` as outdated (see `publicTags`): in this
 * process at once through the registered invalidator (Next's `revalidateTag`, inside a
 * request) and the local listeners (`onLocalPublicPageInvalidation`), and in every process
 * through the registered broadcaster (tag-channel.ts; a
 * background job's or worker's invalidation arrives that way too). Without either it does
 * nothing. Never throws (a failed invalidation must not fail the write that already committed:
 * the page's own revalidate period bounds the staleness); the broadcast is not awaited.
 */
export function invalidatePublicPages(tags: string[]): void {
  if (tags.length === 0) return;
  const fn = (globalThis as Holder)[KEY];
  try {
    fn?.(tags);
  } catch (e) {
    console.error(`Public page invalidation failed for ${tags.join(", ")}:`, e);
  }
  for (const listener of (globalThis as ListenerHolder)[LISTENERS] ?? []) {
    try {
      listener(tags);
    } catch (e) {
      console.error(`Public page listener failed for ${tags.join(", ")}:`, e);
    }
  }
  const broadcast = (globalThis as BroadcastHolder)[BROADCAST];
  broadcast?.(tags).catch((e: unknown) =>
    console.error(`Public page broadcast failed for ${tags.join(", ")}:`, e),
  );
}
