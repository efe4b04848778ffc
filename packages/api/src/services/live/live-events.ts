import { randomUUID } from "node:crypto";

import type { DbHandle, Prisma, PrismaClient } from "@fanfare/db";
import { dbEnv, getDbHandle } from "@fanfare/db";
import type { NotificationType } from "@fanfare/validators";

import { listenForNotifications } from "../cache/tag-channel";

/**
 * Live events (issue 13 §6): "a commission arrived" for a promoter and "a sale" for an artist,
 * pushed to their open screens (the `live.events` subscription, over SSE) instead of polled; and
 * (issue 13 §7) "you have a new notification" for a user's bell.
 *
 * Across processes an event travels as a PostgreSQL `NOTIFY` on `LIVE_CHANNEL`: the webhook that
 * completed the sale may run in any web process, and the promoter's stream in another. Every
 * process that serves streams holds one `LISTEN` session (started with its first subscriber,
 * `listenForNotifications`, reconnecting with backoff). The publishing process also delivers to
 * its own subscribers at once (on the embedded database that is the only path: one process by
 * construction); an event heard twice (locally and back through LISTEN) is delivered once, by its
 * id. Delivery is at most once: a client that reconnects reads a fresh snapshot, so a missed
 * event only delays the count-up, never the figures.
 *
 * Events published inside a transaction (a notification, `notify()`) are only NOTIFYed, never
 * delivered locally: PostgreSQL delivers a NOTIFY when (and only if) its transaction commits, so
 * nothing is announced for a change that rolls back. Such events reach this process's own
 * subscribers back through its listener too: the LISTEN session on PostgreSQL, and on the
 * embedded database `PGlite.listen` (also delivered at commit), which every process on it starts
 * with its first subscriber.
 */

/** The PostgreSQL notification channel of live events. */
export const LIVE_CHANNEL = "fanfare_live";

/** Who an event is for: a promoter's or an artist's profile, or a user (their notifications). */
export type LiveTopic = `promoter:${string}` | `artist:${string}` | `user:${string}`;

/** What happened (what the screen shows in its toast or count-up). */
export type LiveEvent =
  | {
      id: string;
      topic: `promoter:${string}`;
      kind: "commission";
      /** The commission, cents. */
      amountCents: number;
      trackTitle: string;
      /** When the webhook's transaction committed (ms since the epoch), for the latency bench. */
      at: number;
    }
  | {
      id: string;
      topic: `artist:${string}`;
      kind: "sale";
      /** The artist's share, cents. */
      amountCents: number;
      trackTitle: string;
      at: number;
    }
  | {
      id: string;
      topic: `user:${string}`;
      kind: "notification";
      /** The notification written (the bell refetches it; nothing of its text travels here). */
      notificationId: string;
      type: NotificationType;
      /** When `notify()` wrote it (ms since the epoch); it is announced when that commits. */
      at: number;
    };

/** An event to publish: everything but its id, which `publishLiveEvents` gives it. */
export type NewLiveEvent = LiveEvent extends infer E
  ? E extends LiveEvent
    ? Omit<E, "id">
    : never
  : never;

type Listener = (e: LiveEvent) => void;
type Hub = {
  topics: Map<string, Set<Listener>>;
  /** Ids delivered lately (an event published here comes back through LISTEN). */
  seen: Set<string>;
  listening: Listening | null;
};

type Listening = { ready: Promise<void>; stop: () => Promise<void> };

/** The embedded database, as far as listening goes (`DbHandle["pglite"]`). */
type Embedded = Pick<NonNullable<DbHandle["pglite"]>, "listen">;

/**
 * Where a process hears the NOTIFYs of every transaction: a PostgreSQL connection string (a
 * LISTEN session of its own), or the embedded database itself.
 */
export type LiveSource = string | { pglite: Embedded };

// On globalThis: Next bundles this module separately into route handlers and the instrumentation.
const KEY = Symbol.for("fanfare.liveHub");
const hub = (): Hub =>
  ((globalThis as { [KEY]?: Hub })[KEY] ??= {
    topics: new Map(),
    seen: new Set(),
    listening: null,
  });

const SEEN_MAX = 5_000;

function deliver(e: LiveEvent): void {
  const h = hub();
  if (h.seen.has(e.id)) return;
  h.seen.add(e.id);
  if (h.seen.size > SEEN_MAX) h.seen.delete(h.seen.values().next().value!);
  for (const fn of h.topics.get(e.topic) ?? []) {
    try {
      fn(e);
    } catch (err) {
      console.error("[live] a subscriber failed:", err);
    }
  }
}

/** An event's NOTIFY payload. */
export const livePayload = (e: LiveEvent): string => JSON.stringify(e);

/** Listens on `pglite` (NOTIFYs are delivered there at commit too). */
function listenEmbedded(pglite: Promise<Embedded | undefined>): Listening {
  let unlisten: (() => Promise<void>) | null = null;
  let stopped = false;
  const ready = pglite
    .then(async (db) => {
      if (!db || stopped) return;
      unlisten = await db.listen(LIVE_CHANNEL, (payload) => {
        const e = parseLiveEvent(payload);
        if (e) deliver(e);
      });
    })
    .catch((err: unknown) =>
      console.error("[live] could not listen on the embedded database:", err),
    );
  return {
    ready,
    stop: async () => {
      stopped = true;
      await ready;
      await unlisten?.().catch(() => undefined);
    },
  };
}

/** Starts this process's listener on `source`; the process's own database when none is given. */
function listen(source: LiveSource | undefined): Listening {
  const url = source === undefined ? dbEnv().DATABASE_URL : source;
  if (typeof url === "string")
    return listenForNotifications(url, LIVE_CHANNEL, (payload) => {
      const e = parseLiveEvent(payload);
      if (e) deliver(e);
    });
  if (url) return listenEmbedded(Promise.resolve(url.pglite));
  // The embedded database of this process (the one `getDb()` serves), opened by now in practice.
  return listenEmbedded(getDbHandle().then((h) => h.pglite));
}

/** A NOTIFY payload back to an event; null for anything else. */
export function parseLiveEvent(payload: string | undefined): LiveEvent | null {
  try {
    const e = JSON.parse(payload ?? "") as LiveEvent;
    return typeof e?.id === "string" && typeof e.topic === "string" && typeof e.kind === "string"
      ? e
      : null;
  } catch {
    return null;
  }
}

/**
 * Publishes events after the change they report has committed: delivered to this process's
 * subscribers at once, and NOTIFYed to the others (on the embedded database, which has no other
 * process, the listener hears it back and drops it as already delivered). Never throws: the sale
 * stands whatever happens to its announcement. Not for use inside a transaction (the local
 * delivery would announce a change that may still roll back): there, NOTIFY alone, as `notify()`
 * does.
 */
export async function publishLiveEvents(
  db: PrismaClient | Prisma.TransactionClient,
  events: NewLiveEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const all = events.map((raw) => ({ ...raw, id: randomUUID() }) as LiveEvent);
  for (const e of all) deliver(e);
  // One statement for all of them (a completed sale announces two): each NOTIFY in order.
  try {
    await db.$executeRaw`
      SELECT pg_notify(${LIVE_CHANNEL}, p) FROM unnest(${all.map(livePayload)}::text[]) WITH ORDINALITY AS e(p, n) ORDER BY n`;
  } catch (err) {
    console.error("[live] could not broadcast an event:", err);
  }
}

/**
 * Subscribes to the events of some topics until `signal` aborts. The first subscriber of a
 * process starts its listener: on `source`, by default the process's database (a LISTEN session
 * on DATABASE_URL, or the embedded database `getDbHandle()` opened). Later subscribers share it,
 * whatever `source` they name (tests stop it between files: `stopLiveListener`).
 * @returns an async iterator of the events, in the order they arrived; it ends when `signal`
 *   aborts.
 */
export async function* liveEvents(
  topics: LiveTopic[],
  signal: AbortSignal | undefined,
  source?: LiveSource,
): AsyncGenerator<LiveEvent> {
  const h = hub();
  h.listening ??= listen(source);
  const queue: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const listener: Listener = (e) => {
    queue.push(e);
    wake?.();
  };
  for (const t of topics) {
    const set = h.topics.get(t) ?? new Set<Listener>();
    set.add(listener);
    h.topics.set(t, set);
  }
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    while (!signal?.aborted) {
      if (queue.length === 0)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      wake = null;
      while (queue.length > 0 && !signal?.aborted) yield queue.shift()!;
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    for (const t of topics) {
      const set = h.topics.get(t);
      set?.delete(listener);
      if (set?.size === 0) h.topics.delete(t);
    }
  }
}

/**
 * Starts this process's listener now, on `source` (tests: their own database), unless one runs;
 * otherwise the first subscriber starts it on the process's database.
 */
export function startLiveListener(source?: LiveSource): Promise<void> {
  const h = hub();
  h.listening ??= listen(source);
  return h.listening.ready;
}

/** Waits until this process listens for other processes' events (tests, the bench). */
export async function liveListenerReady(): Promise<void> {
  await hub().listening?.ready;
}

/** Stops this process's LISTEN session (tests). */
export async function stopLiveListener(): Promise<void> {
  const h = hub();
  await h.listening?.stop();
  h.listening = null;
}
