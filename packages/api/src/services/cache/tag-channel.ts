import type { DbHandle } from "@fanfare/db";
import pg from "pg";

import { setPublicPageBroadcaster } from "./public-pages";

/**
 * Cache tag invalidations shared by every process of one deployment. Next keeps the tags it
 * expired in memory, per process: a track edited through one web process left the others (and
 * any write made by a worker process, or by a background job outside a request) serving the old
 * page until its revalidate period ended. Here every invalidation is broadcast:
 *
 * - on PostgreSQL, as a `NOTIFY` on `CACHE_TAG_CHANNEL` (delivered to every listening session
 *   once the writing transaction has committed; `invalidatePublicPages` runs after commit);
 *   each web process holds one `LISTEN` session (`listenForCacheTags`, reconnecting with
 *   backoff) and expires the tags it hears in its own page cache, its own notifications
 *   included;
 * - on the embedded database (one process by construction), in process.
 *
 * Delivery is at most once (a process that is reconnecting misses what was sent meanwhile);
 * the pages' revalidate period (PAGE_REVALIDATE_SECONDS) still bounds how long a missed
 * invalidation can show an old page.
 */

/** The PostgreSQL notification channel of cache tag invalidations. */
export const CACHE_TAG_CHANNEL = "fanfare_cache_tags";

/** PostgreSQL refuses a NOTIFY payload of 8000 bytes or more: larger batches are split. */
const MAX_PAYLOAD_BYTES = 7000;

type TagHandler = (tags: string[]) => void;

// On globalThis: server.mjs, Next's bundles and tsx-loaded modules may each load this file.
const LOCAL = Symbol.for("fanfare.cacheTagSubscribers");
type Holder = { [LOCAL]?: Set<TagHandler> };
const subscribers = (): Set<TagHandler> =>
  ((globalThis as Holder)[LOCAL] ??= new Set<TagHandler>());

/**
 * Splits tags into NOTIFY payloads (JSON arrays of strings) below PostgreSQL's 8000-byte limit.
 * A single tag is at most 256 characters (Next's limit), so every tag fits a payload.
 */
export function tagPayloads(tags: readonly string[]): string[] {
  const out: string[] = [];
  let batch: string[] = [];
  for (const tag of tags) {
    const next = [...batch, tag];
    if (batch.length > 0 && Buffer.byteLength(JSON.stringify(next)) > MAX_PAYLOAD_BYTES) {
      out.push(JSON.stringify(batch));
      batch = [tag];
    } else batch = next;
  }
  if (batch.length > 0) out.push(JSON.stringify(batch));
  return out;
}

/** The tags of one NOTIFY payload; [] for anything that is not a JSON array of strings. */
export function parseTagPayload(payload: string | undefined): string[] {
  try {
    const value: unknown = JSON.parse(payload ?? "");
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === "string") : [];
  } catch {
    return [];
  }
}

/**
 * Broadcasts `tags` to every process: a NOTIFY per payload on PostgreSQL, the in-process
 * subscribers on the embedded database.
 * @throws the database's error when the NOTIFY fails (callers log it: the write has committed).
 */
export async function publishCacheTags(handle: DbHandle, tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  if (handle.kind !== "postgres") {
    for (const fn of subscribers()) fn([...tags]);
    return;
  }
  for (const payload of tagPayloads(tags))
    await handle.db.$executeRaw`SELECT pg_notify(${CACHE_TAG_CHANNEL}, ${payload})`;
}

/**
 * Listens for broadcast tags on a dedicated PostgreSQL session (`listenForNotifications` on
 * `CACHE_TAG_CHANNEL`).
 * @param url the PostgreSQL connection string (DATABASE_URL).
 * @param onTags called with each payload's tags; must not throw.
 * @returns `ready` (resolves once the first LISTEN is in place) and `stop()`.
 */
export function listenForCacheTags(
  url: string,
  onTags: TagHandler,
): { ready: Promise<void>; stop: () => Promise<void> } {
  return listenForNotifications(url, CACHE_TAG_CHANNEL, (payload) =>
    onTags(parseTagPayload(payload)),
  );
}

/**
 * Listens on one PostgreSQL notification channel on a dedicated session (`LISTEN` needs one that
 * stays open; the query pool's connections come and go). Reconnects after an error or a dropped
 * connection, waiting 0.5 s, then doubling up to 30 s. Used by the cache tags and the live
 * events (services/live).
 * @param url the PostgreSQL connection string (DATABASE_URL).
 * @param channel a channel name of letters, digits and underscores.
 * @param onPayload called with each notification's payload; must not throw.
 * @returns `ready` (resolves once the first LISTEN is in place) and `stop()`.
 */
export function listenForNotifications(
  url: string,
  channel: string,
  onPayload: (payload: string | undefined) => void,
): { ready: Promise<void>; stop: () => Promise<void> } {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`Bad channel name: ${channel}`);
  let client: pg.Client | null = null;
  let stopped = false;
  let delay = 500;
  let timer: NodeJS.Timeout | null = null;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, 30_000);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString: url, application_name: `fanfare-${channel}` });
    client = c;
    c.on("notification", (msg) => {
      if (msg.channel === channel) onPayload(msg.payload);
    });
    c.on("error", (e) => {
      console.error(`Listener on ${channel}: connection failed, reconnecting:`, e.message);
      void c.end().catch(() => undefined);
      retry();
    });
    c.on("end", () => {
      if (!stopped) retry();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      delay = 500;
      markReady();
    } catch (e) {
      console.error(
        `Listener on ${channel}: could not listen, retrying:`,
        e instanceof Error ? e.message : e,
      );
      void c.end().catch(() => undefined);
      retry();
    }
  };

  void connect();
  return {
    ready,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => undefined);
    },
  };
}

/**
 * Starts the shared invalidation for this process: `invalidatePublicPages` broadcasts from now
 * on, and (when `onTags` is given, i.e. in a web process) the tags broadcast by any process
 * reach `onTags` (on PostgreSQL through `listenForCacheTags`, otherwise in process). Opens
 * nothing at once: the database is first used by the first broadcast, and the listener
 * connects (and reconnects) in the background, so a process starts even while PostgreSQL is
 * briefly unreachable.
 * @param url the PostgreSQL connection string (DATABASE_URL); none on the embedded database.
 * @param getDbHandle the process's database (`getDbHandle` of @fanfare/db), for broadcasts.
 * @param onTags expires the tags in this process's page cache; omitted in processes that serve
 *   no pages (the worker).
 * @returns `ready` (the listener is in place) and `stop()`.
 */
export function startCacheTagChannel(opts: {
  url: string | undefined;
  getDbHandle: () => Promise<DbHandle>;
  onTags?: TagHandler;
}): { ready: Promise<void>; stop: () => Promise<void> } {
  setPublicPageBroadcaster(async (tags) => publishCacheTags(await opts.getDbHandle(), tags));
  const onTags = opts.onTags;
  if (!onTags)
    return { ready: Promise.resolve(), stop: async () => setPublicPageBroadcaster(null) };
  if (opts.url) {
    const listener = listenForCacheTags(opts.url, onTags);
    return {
      ready: listener.ready,
      stop: async () => {
        setPublicPageBroadcaster(null);
        await listener.stop();
      },
    };
  }
  subscribers().add(onTags);
  return {
    ready: Promise.resolve(),
    stop: async () => {
      setPublicPageBroadcaster(null);
      subscribers().delete(onTags);
    },
  };
}
