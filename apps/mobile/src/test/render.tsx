import { render } from "@testing-library/react-native";
import { SafeAreaProvider } from "react-native-safe-area-context";

import type { SessionState } from "~/lib/session";
import { SessionProvider } from "~/lib/session";
import type { StoredSession, TokenStore } from "~/lib/token-store";
import { ApiProvider } from "~/lib/trpc";

export const TEST_TOKEN = "ffs_test-token";

export function memoryTokenStore(
  initial: StoredSession | null = null,
): TokenStore & { current: () => StoredSession | null } {
  let saved = initial;
  return {
    get: async () => saved,
    set: async (s) => void (saved = s),
    clear: async () => void (saved = null),
    current: () => saved,
  };
}

const safeArea = {
  frame: { x: 0, y: 0, width: 390, height: 844 },
  insets: { top: 0, left: 0, right: 0, bottom: 0 },
};

/** Renders a screen inside the app's providers, signed in with TEST_TOKEN unless told otherwise. */
export function renderScreen(
  ui: React.ReactElement,
  opts: { state?: SessionState; store?: TokenStore } = {},
) {
  const store =
    opts.store ?? memoryTokenStore({ token: TEST_TOKEN, expires: "2999-01-01T00:00:00.000Z" });
  return render(
    <SafeAreaProvider initialMetrics={safeArea}>
      <SessionProvider
        store={store}
        initialState={opts.state ?? { status: "signed-in", token: TEST_TOKEN }}
      >
        <ApiProvider forTests>{ui}</ApiProvider>
      </SessionProvider>
    </SafeAreaProvider>,
  );
}
