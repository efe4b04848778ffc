/**
 * A fake SSE server behind react-native-sse (which src/test/setup.tsx replaces with
 * FakeEventSource): the app's real httpSubscriptionLink and superjson run unchanged, and a test
 * plays the frames tRPC's SSE endpoint sends on the streams the app opened (`connected`, data
 * messages) or breaks them as a dropped connection does.
 */
import superjson from "superjson";

import type { RouterOutputs } from "@fanfare/api";

/** What `live.events` sends (packages/api/src/services/live/stream.ts). */
export type LiveMessage =
  RouterOutputs["live"]["events"] extends AsyncIterable<infer M> ? M : never;

type Listener = (event: unknown) => void;

/** The EventSource the app opens, as react-native-sse's: `status` and its state constants. */
export class FakeEventSource {
  /** Every stream opened since the test began, oldest first. */
  static streams: FakeEventSource[] = [];

  readonly ERROR = -1;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSED = 2;
  status: number = this.CONNECTING;
  readonly url: string;
  /** The request headers, names in lower case. */
  readonly headers: Record<string, string>;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(url: string | URL, options: { headers?: Record<string, string> } = {}) {
    this.url = String(url);
    this.headers = Object.fromEntries(
      Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
    );
    FakeEventSource.streams.push(this);
  }

  /** The procedure path the stream is for, e.g. "live.events". */
  get path(): string {
    return decodeURIComponent(new URL(this.url).pathname.replace(/^\/api\/trpc\//, ""));
  }

  get closed(): boolean {
    return this.status === this.CLOSED;
  }

  addEventListener(type: string, listener: Listener) {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: Listener) {
    this.listeners.get(type)?.delete(listener);
  }

  removeAllEventListeners() {
    this.listeners.clear();
  }

  dispatch(type: string, event: unknown) {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  open() {}

  close() {
    this.status = this.CLOSED;
  }

  /** The server accepted the stream: tRPC's first frame (no inactivity timeout, no timers). */
  connect() {
    this.status = this.OPEN;
    this.dispatch("open", { type: "open" });
    this.dispatch("connected", { type: "connected", data: "{}", lastEventId: null, url: this.url });
  }

  /** One message of the subscription, serialized as the server does (superjson, then JSON). */
  send(message: LiveMessage) {
    this.dispatch("message", {
      type: "message",
      data: JSON.stringify(superjson.serialize(message)),
      lastEventId: null,
      url: this.url,
    });
  }

  /** The connection dropped (no answer: XHR status 0), as react-native-sse reports it. */
  drop() {
    this.status = this.ERROR;
    this.dispatch("error", { type: "error", message: "", xhrStatus: 0, xhrState: 4 });
  }
}

/** The streams the app opened to `path` (default `live.events`), oldest first. */
export const liveStreams = (path = "live.events") =>
  FakeEventSource.streams.filter((s) => s.path === path);

/** Forgets the streams of the previous test. */
export function resetLiveStreams() {
  FakeEventSource.streams = [];
}
