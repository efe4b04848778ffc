import type { httpSubscriptionLink } from "@trpc/client";
import { useEffect, useRef, useSyncExternalStore } from "react";

import type { AppRouter, RouterOutputs } from "@fanfare/api";

/**
 * One `live.events` stream per page (issue 13 §6 and §7), shared by everything on it that shows
 * live data: the header's notification bell (on every page, for a signed-in user), the promoter
 * dashboard's earnings and the artist dashboard's sale toasts. Each used to open a stream of its
 * own (`useSubscription`); a page now holds one SSE connection whatever it shows. The stream is
 * tRPC's own client (`httpSubscriptionLink`, superjson), loaded when the first subscriber arrives,
 * so the header island ships it only to signed-in users; it opens with the first subscriber and
 * closes when the last one leaves (signing out unmounts the bell).
 *
 * The server sends a snapshot first on every connection (packages/api/src/services/live/
 * stream.ts), then the caller's events. A subscriber that needs a fresh snapshot when it mounts
 * (the earnings figures) asks for one, which reconnects an open stream. Delivery is at most
 * once: subscribers treat every snapshot (a reconnection) as "something may have been missed".
 */

/** What `live.events` sends. */
export type LiveMessage =
  RouterOutputs["live"]["events"] extends AsyncIterable<infer M> ? M : never;

/**
 * Where the page's stream stands: "off" (nobody subscribed), "connecting", "live", or "down"
 * (the connection dropped and is being retried, or the server refused or ended it): subscribers
 * fall back to polling while it is down.
 */
export type LiveStatus = "off" | "connecting" | "live" | "down";

/** One connection's callbacks. */
export type LiveConnectionHandlers = {
  onData: (m: LiveMessage) => void;
  onState: (s: "connecting" | "live" | "down") => void;
  /** The connection is over (a fatal error, or the server ended it); never after `stop`. */
  onEnd: () => void;
};

/** Opens one connection to `live.events`; returns what closes it. */
export type LiveConnector = (handlers: LiveConnectionHandlers) => () => void;

/** After a connection ends, the first retry waits this long (ms), doubling up to RESTART_MAX_MS. */
export const RESTART_MIN_MS = 5_000;
export const RESTART_MAX_MS = 5 * 60_000;

/**
 * A connector on tRPC's `httpSubscriptionLink` (same-origin `/api/trpc`, the session cookie going
 * along), the client and superjson imported on first use.
 * @param opts.EventSource a stand-in for the browser's (tests).
 */
export function trpcLiveConnector(
  opts: {
    EventSource?: NonNullable<Parameters<typeof httpSubscriptionLink>[0]["EventSource"]>;
    url?: string;
  } = {},
): LiveConnector {
  return (h) => {
    let stopped = false;
    let unsubscribe: (() => void) | null = null;
    const end = () => {
      if (!stopped) h.onEnd();
    };
    void Promise.all([import("@trpc/client"), import("superjson")])
      .then(([{ createTRPCClient, httpSubscriptionLink }, { default: SuperJSON }]) => {
        if (stopped) return;
        const client = createTRPCClient<AppRouter>({
          links: [
            httpSubscriptionLink({
              transformer: SuperJSON,
              url: opts.url ?? "/api/trpc",
              EventSource: opts.EventSource,
            }),
          ],
        });
        const sub = client.live.events.subscribe(undefined, {
          onData: (m) => {
            if (!stopped) h.onData(m);
          },
          // tRPC reconnects a dropped stream itself ("connecting" with the error meanwhile).
          onConnectionStateChange: (s) => {
            if (stopped || s.state === "idle") return;
            h.onState(s.state === "pending" ? "live" : s.error ? "down" : "connecting");
          },
          onError: end,
          onComplete: end,
        });
        unsubscribe = () => sub.unsubscribe();
      })
      .catch(end);
    return () => {
      stopped = true;
      unsubscribe?.();
    };
  };
}

/** The page's shared stream (see the module's comment). */
export type LiveStream = ReturnType<typeof createLiveStream>;

/**
 * A shared stream over `connect`: one connection while anyone listens, reopened after it ends
 * (RESTART_MIN_MS, doubling to RESTART_MAX_MS, back to the minimum once live again).
 */
export function createLiveStream(connect: LiveConnector) {
  let status: LiveStatus = "off";
  const listeners = new Set<(m: LiveMessage) => void>();
  const statusListeners = new Set<() => void>();
  let stop: (() => void) | null = null;
  let restart: ReturnType<typeof setTimeout> | null = null;
  let delay = RESTART_MIN_MS;

  const setStatus = (s: LiveStatus) => {
    if (s === status) return;
    status = s;
    for (const l of [...statusListeners]) l();
  };

  const open = () => {
    setStatus("connecting");
    let over = false;
    const close = connect({
      onData: (m) => {
        if (over) return;
        for (const l of [...listeners]) {
          try {
            l(m);
          } catch (e) {
            console.error("[live] a subscriber failed:", e);
          }
        }
      },
      onState: (s) => {
        if (over) return;
        if (s === "live") delay = RESTART_MIN_MS;
        setStatus(s);
      },
      onEnd: () => {
        if (over) return;
        over = true;
        stop = null;
        setStatus("down");
        restart = setTimeout(() => {
          restart = null;
          if (listeners.size > 0) open();
        }, delay);
        delay = Math.min(delay * 2, RESTART_MAX_MS);
      },
    });
    stop = () => {
      over = true;
      close();
    };
  };

  const shut = () => {
    stop?.();
    stop = null;
    if (restart) clearTimeout(restart);
    restart = null;
    delay = RESTART_MIN_MS;
    setStatus("off");
  };

  return {
    /**
     * Listens to the stream's messages; the first listener opens it.
     * @param opts.freshSnapshot reconnect a live stream so that a snapshot follows (every
     *   listener hears it); a stream still connecting sends one anyway.
     * @returns what stops listening (the last one closes the stream).
     */
    subscribe(
      listener: (m: LiveMessage) => void,
      opts: { freshSnapshot?: boolean } = {},
    ): () => void {
      listeners.add(listener);
      if (listeners.size === 1 && !stop && !restart) open();
      else if (opts.freshSnapshot && stop && status === "live") {
        stop();
        open();
      }
      return () => {
        if (!listeners.delete(listener)) return;
        if (listeners.size === 0) shut();
      };
    },
    status: (): LiveStatus => status,
    /** Calls `fn` whenever the status changes; returns what stops it. */
    onStatus(fn: () => void): () => void {
      statusListeners.add(fn);
      return () => void statusListeners.delete(fn);
    },
  };
}

// One per page (module state, on globalThis like the query client: every island shares it).
const KEY = Symbol.for("fanfare.liveStream");
/** The page's stream. */
export const pageLiveStream = (): LiveStream =>
  ((globalThis as { [KEY]?: LiveStream })[KEY] ??= createLiveStream(trpcLiveConnector()));

/**
 * Subscribes a component to the page's stream while it is mounted.
 * @param onMessage called with each message (the latest function given; no resubscription).
 * @param opts.freshSnapshot ask for a new snapshot on mount (figures that may be stale).
 * @returns the stream's status ("off" during the server render).
 */
export function useLiveEvents(
  onMessage: (m: LiveMessage) => void,
  opts: { freshSnapshot?: boolean; stream?: LiveStream } = {},
): LiveStatus {
  // Resolved in the browser only (effects, store callbacks): the server keeps no page stream.
  const given = opts.stream;
  const latest = useRef(onMessage);
  useEffect(() => {
    latest.current = onMessage;
  });
  const fresh = opts.freshSnapshot ?? false;
  useEffect(
    () => (given ?? pageLiveStream()).subscribe((m) => latest.current(m), { freshSnapshot: fresh }),
    [given, fresh],
  );
  return useSyncExternalStore(
    (fn) => (given ?? pageLiveStream()).onStatus(fn),
    () => (given ?? pageLiveStream()).status(),
    () => "off",
  );
}
