import * as SecureStore from "expo-secure-store";
import { Platform } from "react-native";
import { z } from "zod";

/** The bearer token of the signed-in user and when the server says it expires. */
export type StoredSession = { token: string; expires: string };

/** Where the session lives between launches. */
export type TokenStore = {
  get(): Promise<StoredSession | null>;
  set(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
};

const KEY = "fanfare.session";
const ZStoredSession = z.object({ token: z.string().min(1), expires: z.string() });

function parse(raw: string | null): StoredSession | null {
  if (!raw) return null;
  try {
    const parsed = ZStoredSession.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** iOS Keychain / Android Keystore through expo-secure-store. */
const secureStore: TokenStore = {
  get: async () => parse(await SecureStore.getItemAsync(KEY)),
  set: (session) => SecureStore.setItemAsync(KEY, JSON.stringify(session)),
  clear: () => SecureStore.deleteItemAsync(KEY),
};

/**
 * Browsers have no secure store (expo-secure-store is native only). localStorage is readable by
 * any script on the origin, which is why the web build is for previews and tests, not a product.
 */
const webStore: TokenStore = {
  get: async () => parse(globalThis.localStorage?.getItem(KEY) ?? null),
  set: async (session) => globalThis.localStorage?.setItem(KEY, JSON.stringify(session)),
  clear: async () => globalThis.localStorage?.removeItem(KEY),
};

/** The store for a platform: the secure store on iOS and Android, localStorage on the web. */
export function tokenStoreFor(os: typeof Platform.OS): TokenStore {
  return os === "web" ? webStore : secureStore;
}

export const tokenStore: TokenStore = tokenStoreFor(Platform.OS);
