import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

import type { LiveConnectionHandlers, LiveMessage } from "~/lib/live-stream";
import { createLiveStream, RESTART_MIN_MS } from "~/lib/live-stream";

import { createUnreadStore, UNREAD_POLL_MS } from "./notification-bell-store";

const snapshot: LiveMessage = { type: "snapshot", earnings: null };
const notification: LiveMessage = {
  type: "notification",
  notificationId: "ntf_1",
  notificationType: "payout_sent",
  at: 1,
};
const sale: LiveMessage = { type: "sale", amountCents: 800, trackTitle: "Night Drive", at: 1 };

/** The store over a real page stream whose connections the test drives, in a fake tab. */
function setup() {
  const connections: { h: LiveConnectionHandlers; closed: boolean }[] = [];
  const connect = vi.fn((h: LiveConnectionHandlers) => {
    const c = { h, closed: false };
    connections.push(c);
    return () => void (c.closed = true);
  });
  const stream = createLiveStream(connect);
  let count = 0;
  const fetchCount = vi.fn(async () => count);
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: "visible" });
  const store = createUnreadStore({ fetchCount, stream, win, doc });
  return {
    store,
    stream,
    connect,
    fetchCount,
    conn: () => connections[connections.length - 1]!,
    setCount: (n: number) => void (count = n),
    setVisibility: (v: "visible" | "hidden") => {
      doc.visibilityState = v;
      doc.dispatchEvent(new Event("visibilitychange"));
    },
    focus: () => win.dispatchEvent(new Event("focus")),
  };
}

describe("the bell's unread count, pushed", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test("asked once at mount; again for each notification pushed (the version grows), and after a reconnection; not polled while the stream is up", async () => {
    const t = setup();
    t.setCount(2);
    const unmount = t.store.mount();
    expect(t.fetchCount).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(t.store.unread()).toBe(2));

    t.conn().h.onState("live");
    t.conn().h.onData(snapshot); // the connection's first message: nothing new
    t.conn().h.onData(sale); // not the bell's
    expect(t.fetchCount).toHaveBeenCalledTimes(1);
    expect(t.store.version()).toBe(0);

    t.setCount(3);
    t.conn().h.onData(notification);
    expect(t.store.version()).toBe(1);
    expect(t.fetchCount).toHaveBeenCalledTimes(2);
    await vi.waitFor(() => expect(t.store.unread()).toBe(3));

    // An hour of a live stream (and window focus): no polling.
    t.focus();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(t.fetchCount).toHaveBeenCalledTimes(2);

    // A reconnection starts with a snapshot: events may have been missed.
    t.conn().h.onData(snapshot);
    expect(t.fetchCount).toHaveBeenCalledTimes(3);
    unmount();
  });

  test("while the stream is down it asks at once and then every minute; polling stops once it is live again", async () => {
    const t = setup();
    const unmount = t.store.mount();
    t.conn().h.onState("live");
    expect(t.fetchCount).toHaveBeenCalledTimes(1);

    t.conn().h.onState("down");
    expect(t.fetchCount).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(UNREAD_POLL_MS);
    expect(t.fetchCount).toHaveBeenCalledTimes(3);
    t.focus(); // not live: focus asks too
    expect(t.fetchCount).toHaveBeenCalledTimes(4);
    await vi.advanceTimersByTimeAsync(UNREAD_POLL_MS);
    expect(t.fetchCount).toHaveBeenCalledTimes(5);

    t.conn().h.onState("live");
    await vi.advanceTimersByTimeAsync(10 * UNREAD_POLL_MS);
    expect(t.fetchCount).toHaveBeenCalledTimes(5);

    // Ended for good: down until the stream reopens it; polled meanwhile.
    t.conn().h.onEnd();
    expect(t.fetchCount).toHaveBeenCalledTimes(6);
    unmount();
  });

  test("a hidden tab asks nothing; when it shows again it catches up only if something came", async () => {
    const t = setup();
    const unmount = t.store.mount();
    t.conn().h.onState("live");
    t.setVisibility("hidden");
    t.setVisibility("visible");
    expect(t.fetchCount).toHaveBeenCalledTimes(1);

    t.setVisibility("hidden");
    t.conn().h.onData(notification);
    expect(t.fetchCount).toHaveBeenCalledTimes(1);
    t.setVisibility("visible");
    expect(t.fetchCount).toHaveBeenCalledTimes(2);
    unmount();
  });

  test("every bell of the page shares one stream; the last to go closes it and forgets the count", async () => {
    const t = setup();
    t.setCount(4);
    const first = t.store.mount();
    const second = t.store.mount();
    expect(t.connect).toHaveBeenCalledTimes(1);
    expect(t.fetchCount).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(t.store.unread()).toBe(4));
    first();
    expect(t.conn().closed).toBe(false);
    second();
    expect(t.conn().closed).toBe(true);
    expect(t.stream.status()).toBe("off");
    expect(t.store.unread()).toBeNull();
    t.setVisibility("visible");
    t.focus();
    expect(t.fetchCount).toHaveBeenCalledTimes(1);
  });

  test("a bell that mounts while the page's stream waits to reconnect asks at once, and polls until it is live", async () => {
    const t = setup();
    // Another subscriber's stream (the dashboard's figures) went down before any bell.
    const other = t.stream.subscribe(() => undefined);
    t.conn().h.onEnd();
    const unmount = t.store.mount();
    expect(t.connect).toHaveBeenCalledTimes(1);
    expect(t.fetchCount).toHaveBeenCalledTimes(1);
    // Reconnecting fails again: asked again, and every minute.
    await vi.advanceTimersByTimeAsync(RESTART_MIN_MS);
    expect(t.connect).toHaveBeenCalledTimes(2);
    t.conn().h.onState("down");
    expect(t.fetchCount).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(UNREAD_POLL_MS);
    expect(t.fetchCount).toHaveBeenCalledTimes(3);
    t.conn().h.onState("live");
    await vi.advanceTimersByTimeAsync(10 * UNREAD_POLL_MS);
    expect(t.fetchCount).toHaveBeenCalledTimes(3);
    unmount();
    other();
  });
});
