import * as SecureStore from "expo-secure-store";

import { tokenStoreFor } from "./token-store";

const session = { token: "ffs_abc", expires: "2999-01-01T00:00:00.000Z" };

describe("token store", () => {
  test("keeps the session in the secure store on iOS and Android", async () => {
    const store = tokenStoreFor("ios");
    await store.set(session);
    expect(SecureStore.setItemAsync).toHaveBeenCalledWith(
      "fanfare.session",
      JSON.stringify(session),
    );
    expect(await store.get()).toEqual(session);
    await store.clear();
    expect(await store.get()).toBeNull();
  });

  test("falls back to localStorage on the web, behind the same interface", async () => {
    const items = new Map<string, string>();
    const localStorage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    };
    Object.defineProperty(globalThis, "localStorage", { value: localStorage, configurable: true });
    try {
      const store = tokenStoreFor("web");
      await store.set(session);
      expect(items.get("fanfare.session")).toBe(JSON.stringify(session));
      expect(await store.get()).toEqual(session);
      expect(SecureStore.setItemAsync).not.toHaveBeenCalled();
      await store.clear();
      expect(await store.get()).toBeNull();
    } finally {
      Reflect.deleteProperty(globalThis, "localStorage");
    }
  });

  test("treats a damaged entry as signed out", async () => {
    await SecureStore.setItemAsync("fanfare.session", "{not json");
    expect(await tokenStoreFor("android").get()).toBeNull();
    await SecureStore.setItemAsync("fanfare.session", JSON.stringify({ token: 42 }));
    expect(await tokenStoreFor("android").get()).toBeNull();
  });
});
