import superjson from "superjson";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

import type { LiveConnectionHandlers, LiveMessage } from "./live-stream";
import { createLiveStream, RESTART_MAX_MS, RESTART_MIN_MS, trpcLiveConnector } from "./live-stream";

/** A connector a test drives: each connection's handlers, and whether it was closed. */
function fakeConnector() {
  const connections: { h: LiveConnectionHandlers; closed: boolean }[] = [];
  const connect = vi.fn((h: LiveConnectionHandlers) => {
    const c = { h, closed: false };
    connections.push(c);
    return () => void (c.closed = true);
  });
  return { connect, connections, last: () => connections[connections.length - 1]! };
}

const snapshot: LiveMessage = { type: "snapshot", earnings: null };
const notification: LiveMessage = {
  type: "notification",
  notificationId: "ntf_1",
  notificationType: "badge_earned",
  at: 1,
};

describe("createLiveStream: one connection per page", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  test("the first subscriber opens it, every subscriber hears each message, the last one closes it", () => {
    const fake = fakeConnector();
    const stream = createLiveStream(fake.connect);
    const a: LiveMessage[] = [];
    const b: LiveMessage[] = [];
    expect(stream.status()).toBe("off");
    const stopA = stream.subscribe((m) => a.push(m));
    const stopB = stream.subscribe((m) => b.push(m));
    expect(fake.connect).toHaveBeenCalledTimes(1);
    expect(stream.status()).toBe("connecting");
    fake.last().h.onState("live");
    expect(stream.status()).toBe("live");
    fake.last().h.onData(snapshot);
    fake.last().h.onData(notification);
    expect(a).toEqual([snapshot, notification]);
    expect(b).toEqual([snapshot, notification]);

    stopA();
    stopA(); // twice: still one listener left
    expect(fake.last().closed).toBe(false);
    stopB();
    expect(fake.last().closed).toBe(true);
    expect(stream.status()).toBe("off");
  });

  test("a subscriber that throws does not keep the message from the others", () => {
    const fake = fakeConnector();
    const stream = createLiveStream(fake.connect);
    const got: LiveMessage[] = [];
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    stream.subscribe(() => {
      throw new Error("broken");
    });
    stream.subscribe((m) => got.push(m));
    fake.last().h.onData(notification);
    expect(got).toEqual([notification]);
    expect(error).toHaveBeenCalledTimes(1);
  });

  test("a connection that ends is down, then reopened after a delay that doubles, and back to the shortest once live", () => {
    const fake = fakeConnector();
    const stream = createLiveStream(fake.connect);
    stream.subscribe(() => undefined);
    fake.last().h.onEnd();
    expect(stream.status()).toBe("down");
    vi.advanceTimersByTime(RESTART_MIN_MS - 1);
    expect(fake.connect).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fake.connect).toHaveBeenCalledTimes(2);
    expect(stream.status()).toBe("connecting");

    fake.last().h.onEnd();
    vi.advanceTimersByTime(2 * RESTART_MIN_MS - 1);
    expect(fake.connect).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1);
    expect(fake.connect).toHaveBeenCalledTimes(3);

    fake.last().h.onState("live");
    fake.last().h.onEnd();
    vi.advanceTimersByTime(RESTART_MIN_MS);
    expect(fake.connect).toHaveBeenCalledTimes(4);

    // Capped.
    for (let i = 0; i < 12; i++) {
      fake.last().h.onEnd();
      vi.advanceTimersByTime(RESTART_MAX_MS);
    }
    expect(fake.connect).toHaveBeenCalledTimes(16);
  });

  test("nothing reopens once everyone left, and a closed connection's late messages are dropped", () => {
    const fake = fakeConnector();
    const stream = createLiveStream(fake.connect);
    const got: LiveMessage[] = [];
    const stop = stream.subscribe((m) => got.push(m));
    const first = fake.last();
    first.h.onEnd();
    stop();
    vi.advanceTimersByTime(RESTART_MAX_MS);
    expect(fake.connect).toHaveBeenCalledTimes(1);
    expect(stream.status()).toBe("off");
    first.h.onData(notification);
    expect(got).toEqual([]);
  });

  test("asking for a fresh snapshot reconnects a live stream, not one still connecting", () => {
    const fake = fakeConnector();
    const stream = createLiveStream(fake.connect);
    stream.subscribe(() => undefined);
    stream.subscribe(() => undefined, { freshSnapshot: true });
    expect(fake.connect).toHaveBeenCalledTimes(1);

    fake.last().h.onState("live");
    const old = fake.last();
    const got: LiveMessage[] = [];
    stream.subscribe((m) => got.push(m), { freshSnapshot: true });
    expect(old.closed).toBe(true);
    expect(fake.connect).toHaveBeenCalledTimes(2);
    expect(stream.status()).toBe("connecting");
    old.h.onData(notification); // the old connection is gone
    fake.last().h.onData(snapshot);
    expect(got).toEqual([snapshot]);
  });
});

/** The browser's EventSource as tRPC's client uses it, driven by the test. */
class FakeEventSource {
  static opened: FakeEventSource[] = [];
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  readyState = 0;
  private readonly listeners = new Map<string, Set<(e: object) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, fn: (e: object) => void) {
    const set = this.listeners.get(type) ?? new Set();
    set.add(fn);
    this.listeners.set(type, set);
  }
  removeEventListener(type: string, fn: (e: object) => void) {
    this.listeners.get(type)?.delete(fn);
  }
  close() {
    this.readyState = this.CLOSED;
  }
  dispatch(type: string, data = "") {
    for (const fn of this.listeners.get(type) ?? []) fn({ type, data });
  }
}

describe("trpcLiveConnector: tRPC's own SSE client", () => {
  afterEach(() => {
    FakeEventSource.opened = [];
  });

  test("opens live.events, reads tRPC's frames (superjson) and says when it is live, down and over", async () => {
    const states: string[] = [];
    const got: LiveMessage[] = [];
    const onEnd = vi.fn();
    const stop = trpcLiveConnector({ EventSource: FakeEventSource, url: "/api/trpc" })({
      onData: (m) => got.push(m),
      onState: (s) => states.push(s),
      onEnd,
    });
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    const es = FakeEventSource.opened[0]!;
    expect(es.url.split("?")[0]).toBe("/api/trpc/live.events");

    es.readyState = es.OPEN;
    es.dispatch("connected", "{}");
    await vi.waitFor(() => expect(states.at(-1)).toBe("live"));
    es.dispatch("message", JSON.stringify(superjson.serialize(notification)));
    await vi.waitFor(() => expect(got).toEqual([notification]));

    // A dropped connection the browser retries: down until connected again.
    es.readyState = es.CONNECTING;
    es.dispatch("error");
    await vi.waitFor(() => expect(states.at(-1)).toBe("down"));
    es.readyState = es.OPEN;
    es.dispatch("connected", "{}");
    await vi.waitFor(() => expect(states.at(-1)).toBe("live"));

    // Refused for good (the browser gave up): over.
    es.readyState = es.CLOSED;
    es.dispatch("error");
    await vi.waitFor(() => expect(onEnd).toHaveBeenCalledTimes(1));
    stop();
  });

  test("closing it closes the EventSource and reports nothing more", async () => {
    const onEnd = vi.fn();
    const stop = trpcLiveConnector({ EventSource: FakeEventSource, url: "/api/trpc" })({
      onData: () => undefined,
      onState: () => undefined,
      onEnd,
    });
    await vi.waitFor(() => expect(FakeEventSource.opened).toHaveLength(1));
    const es = FakeEventSource.opened[0]!;
    stop();
    await vi.waitFor(() => expect(es.readyState).toBe(es.CLOSED));
    expect(onEnd).not.toHaveBeenCalled();
  });
});
