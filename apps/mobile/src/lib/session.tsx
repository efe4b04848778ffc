import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";

import { requestToken, revokeToken } from "./auth-api";
import type { TokenStore } from "./token-store";
import { tokenStore as defaultStore } from "./token-store";

export const SESSION_EXPIRED_MESSAGE = "Your session has expired: sign in again.";

export type SessionState =
  | { status: "loading" }
  | { status: "signed-out"; notice: string | null }
  | { status: "signed-in"; token: string };

export type Session = {
  state: SessionState;
  /** The current bearer token, read at request time by the tRPC link. */
  getToken: () => string | null;
  /** @throws SignInError with a message to show. */
  signIn: (input: { email: string; password: string }) => Promise<void>;
  signOut: () => Promise<void>;
  /** The API refused the token (expired or revoked): forget it and say why on the sign-in screen. */
  expire: (message: string) => void;
};

const SessionContext = createContext<Session | null>(null);

/**
 * Holds the bearer session: loads it from the token store at launch, signs in and out, and
 * drops it when the API answers UNAUTHORIZED.
 */
export function SessionProvider(props: {
  children: React.ReactNode;
  store?: TokenStore;
  initialState?: SessionState;
}) {
  const store = props.store ?? defaultStore;
  const [state, setState] = useState<SessionState>(props.initialState ?? { status: "loading" });
  const tokenRef = useRef<string | null>(state.status === "signed-in" ? state.token : null);

  const apply = useCallback((next: SessionState) => {
    tokenRef.current = next.status === "signed-in" ? next.token : null;
    setState(next);
  }, []);

  useEffect(() => {
    if (props.initialState) return;
    let cancelled = false;
    store
      .get()
      .then(async (saved) => {
        if (cancelled) return;
        if (!saved) return apply({ status: "signed-out", notice: null });
        if (Date.parse(saved.expires) <= Date.now()) {
          await store.clear();
          return apply({ status: "signed-out", notice: SESSION_EXPIRED_MESSAGE });
        }
        apply({ status: "signed-in", token: saved.token });
      })
      .catch(() => {
        if (!cancelled) apply({ status: "signed-out", notice: null });
      });
    return () => {
      cancelled = true;
    };
  }, [store, apply, props.initialState]);

  const signIn = useCallback(
    async (input: { email: string; password: string }) => {
      const session = await requestToken(input);
      await store.set(session);
      apply({ status: "signed-in", token: session.token });
    },
    [store, apply],
  );

  const signOut = useCallback(async () => {
    const token = tokenRef.current;
    apply({ status: "signed-out", notice: null });
    await store.clear();
    if (token) await revokeToken(token);
  }, [store, apply]);

  const expire = useCallback(
    (message: string) => {
      if (!tokenRef.current) return;
      apply({ status: "signed-out", notice: message || SESSION_EXPIRED_MESSAGE });
      void store.clear();
    },
    [store, apply],
  );

  const value = useMemo<Session>(
    () => ({ state, getToken: () => tokenRef.current, signIn, signOut, expire }),
    [state, signIn, signOut, expire],
  );
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession must be used inside <SessionProvider>.");
  return session;
}
