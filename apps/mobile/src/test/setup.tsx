/**
 * Jest setup: the native modules the app touches are replaced by in-memory fakes, and every test
 * starts with no fetch handler (src/test/api.ts installs one per test).
 */

import { configure } from "@testing-library/react-native";
import type * as ReactNative from "react-native";

import type * as Live from "./live";

// Two shared cores, a cold transform cache and CI running the api tests beside these make a
// render take seconds (one suite missed a 5 s wait in CI): waits are bounded only against hangs.
configure({ asyncUtilTimeout: 60_000 });

jest.mock("expo-clipboard", () => ({ setStringAsync: jest.fn(async () => true) }));

jest.mock("expo-secure-store", () => {
  const items = new Map<string, string>();
  return {
    getItemAsync: jest.fn(async (key: string) => items.get(key) ?? null),
    setItemAsync: jest.fn(async (key: string, value: string) => void items.set(key, value)),
    deleteItemAsync: jest.fn(async (key: string) => void items.delete(key)),
    __items: items,
  };
});

jest.mock("expo-web-browser", () => ({
  openBrowserAsync: jest.fn(async () => ({ type: "opened" })),
}));

// Icons load fonts through expo-font; a test only needs something to render.
jest.mock("@expo/vector-icons/Ionicons", () => {
  const { Text } = jest.requireActual<typeof ReactNative>("react-native");
  return {
    __esModule: true,
    default: ({ name }: { name: string }) => <Text>{`icon:${name}`}</Text>,
  };
});

// Live updates (`live.events`) stream from a fake server a test drives: src/test/live.ts.
jest.mock("react-native-sse", () => ({
  __esModule: true,
  default: jest.requireActual<typeof Live>("./live").FakeEventSource,
}));

afterEach(() => {
  jest.clearAllMocks();
  jest.requireActual<typeof Live>("./live").resetLiveStreams();
});
