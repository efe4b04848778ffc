import type { LiveMessage, LiveStream } from "~/lib/live-stream";

/** How often the bell asks for the unread count while the live stream is down, ms. */
export const UNREAD_POLL_MS = 60_000;

/** What the store needs from the page (the browser's, or a test's stand-ins). */
export type UnreadStoreDeps = {
  /** The caller's unread count (`notification.unreadCount`). */
  fetchCount: () => Promise<number>;
  /** The page's `live.events` stream. */
  stream: LiveStream;
  /** Where "focus" fires (window). */
  win: Pick<EventTarget, "addEventListener" | "removeEventListener">;
  /** Where "visibilitychange" fires, and whether the tab is hidden (document). */
  doc: Pick<EventTarget, "addEventListener" | "removeEventListener"> & {
    readonly visibilityState: string;
  };
};

/**
 * The state behind every bell of a page (the header has one for wide screens and one beside the
 * phone menu; CSS shows one): the unread count, and a version that grows with each notification
 * pushed (an open bell reloads its list when it changes). Pushed, not polled (issue 13 §7): while
 * any bell is mounted the store listens to the page's live stream, and
 * - asks for the count once at mount, when a notification event arrives, and after the stream
 *   reconnects (each new connection begins with a snapshot; events may have been missed);
 * - polls every UNREAD_POLL_MS only while the stream is down, asking at once when it goes down;
 * - asks nothing while the tab is hidden, and catches up when it shows again if an event came
 *   meanwhile or the stream is not live; a window regaining focus asks only when not live.
 * The last bell to go (signing out unmounts them) stops it all and forgets the count.
 */
export function createUnreadStore(deps: UnreadStoreDeps) {
  let unread: number | null = null;
  let version = 0;
  const listeners = new Set<() => void>();
  let bells = 0;
  let teardown: (() => void) | null = null;

  const emit = () => {
    for (const l of [...listeners]) l();
  };
  const publish = (n: number | null) => {
    unread = n;
    emit();
  };

  let stale = false;
  /** Asks for the count now, unless the tab is hidden (it is asked when the tab shows). */
  const refresh = () => {
    if (deps.doc.visibilityState === "hidden") {
      stale = true;
      return;
    }
    stale = false;
    deps
      .fetchCount()
      .then((n) => {
        if (bells > 0) publish(n);
      })
      .catch(() => undefined);
  };

  const start = () => {
    let snapshots = 0;
    const onMessage = (m: LiveMessage) => {
      if (m.type === "notification") {
        version++;
        emit();
        refresh();
      } else if (m.type === "snapshot" && snapshots++ > 0) refresh();
    };
    let poll: ReturnType<typeof setInterval> | null = null;
    const onStatus = () => {
      const down = deps.stream.status() === "down";
      if (down && !poll) {
        refresh();
        poll = setInterval(refresh, UNREAD_POLL_MS);
      } else if (!down && poll) {
        clearInterval(poll);
        poll = null;
      }
    };
    const onVisible = () => {
      if (deps.doc.visibilityState === "hidden") return;
      if (stale || deps.stream.status() !== "live") refresh();
    };
    const onFocus = () => {
      if (deps.stream.status() !== "live") refresh();
    };
    const stopStatus = deps.stream.onStatus(onStatus);
    const stopStream = deps.stream.subscribe(onMessage);
    // Down already (another subscriber's stream waits to reconnect): polling asks at once.
    if (deps.stream.status() === "down") onStatus();
    else refresh();
    deps.doc.addEventListener("visibilitychange", onVisible);
    deps.win.addEventListener("focus", onFocus);
    return () => {
      stopStatus();
      stopStream();
      if (poll) clearInterval(poll);
      deps.doc.removeEventListener("visibilitychange", onVisible);
      deps.win.removeEventListener("focus", onFocus);
    };
  };

  return {
    /** A bell mounted; returns its unmount. */
    mount(): () => void {
      if (bells++ === 0) teardown = start();
      let mounted = true;
      return () => {
        if (!mounted) return;
        mounted = false;
        if (--bells > 0) return;
        teardown?.();
        teardown = null;
        stale = false;
        publish(null);
      };
    },
    subscribe(fn: () => void): () => void {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
    /** The unread count; null before it is known and after the last bell went. */
    unread: (): number | null => unread,
    /** Grows by one with each notification pushed. */
    version: (): number => version,
    /** Sets the count (from the list's answer, or a mark-read's). */
    publish,
    /** Asks for the count now. */
    refresh,
  };
}

/** The page's unread store. */
export type UnreadStore = ReturnType<typeof createUnreadStore>;
