import RNEventSource from "react-native-sse";

/** react-native-sse's connection states (its `status`), which it keeps instead of `readyState`. */
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

/**
 * react-native-sse's EventSource as tRPC's httpSubscriptionLink reads one: with the WHATWG
 * `readyState` and state constants, which react-native-sse keeps as `status` (-1 after an error).
 *
 * Why react-native-sse: it is XHR-based, so it sends headers (the bearer token), on native and on
 * the web build alike; a browser's own EventSource cannot. tRPC reads `readyState` on an error
 * only to tell a closed stream (give up) from one that reconnects: react-native-sse retries by
 * itself after an error answer, so an errored stream reads CONNECTING, and tRPC's inactivity
 * timeout (the server's `reconnectAfterInactivityMs`) replaces a stream that went silent.
 */
export class AppEventSource extends RNEventSource<string> {
  readonly CONNECTING = CONNECTING;
  readonly OPEN = OPEN;
  readonly CLOSED = CLOSED;

  get readyState(): number {
    const status = (this as unknown as { status: number }).status;
    return status === OPEN || status === CLOSED ? status : CONNECTING;
  }
}
