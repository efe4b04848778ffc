import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useEffect, useRef, useState } from "react";
import superjson from "superjson";

import type { AppRouter } from "@fanfare/api";

import { apiUrl } from "./env";
import { AppEventSource } from "./event-source";
import { describeError, isClientError, isUnauthorized } from "./errors";
import { useSession } from "./session";

/** Typed hooks over the same AppRouter as the web app: `useTRPC().promoter.links.queryOptions()`. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/**
 * One QueryClient per signed-in session. Any query or mutation answered UNAUTHORIZED ends the
 * session with the server's message ("Your session has expired: sign in again.").
 */
export function createQueryClient(opts: {
  onUnauthorized: (message: string) => void;
  /** No retries, and no garbage-collection timers left running after a test. */
  forTests?: boolean;
}) {
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) opts.onUnauthorized(describeError(error));
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: opts.forTests ? false : (failures, error) => !isClientError(error) && failures < 2,
        ...(opts.forTests ? { gcTime: Infinity } : {}),
      },
      mutations: { retry: false, ...(opts.forTests ? { gcTime: Infinity } : {}) },
    },
  });
}

/**
 * React Query + the tRPC client: batched HTTP to `${API_URL}/api/trpc` with the bearer token, and
 * subscriptions (`live.events`) over SSE on the same endpoint with the same token.
 */
export function ApiProvider(props: { children: React.ReactNode; forTests?: boolean }) {
  const session = useSession();
  const sessionRef = useRef(session);
  useEffect(() => {
    sessionRef.current = session;
  }, [session]);

  const [queryClient] = useState(() =>
    createQueryClient({
      forTests: props.forTests,
      onUnauthorized: (message) => sessionRef.current.expire(message),
    }),
  );
  const [trpcClient] = useState(() => {
    const url = `${apiUrl()}/api/trpc`;
    // Read at each request (and each stream (re)connection): the token changes on sign-in.
    const headers = (): Record<string, string> => {
      const token = sessionRef.current.getToken();
      return token
        ? { authorization: `Bearer ${token}`, "x-trpc-source": "expo" }
        : { "x-trpc-source": "expo" };
    };
    return createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === "subscription",
          // react-native-sse on every platform, the web build too (./event-source.ts): it sends
          // the bearer token, which a browser's own EventSource cannot.
          true: httpSubscriptionLink({
            transformer: superjson,
            url,
            EventSource: AppEventSource,
            eventSourceOptions: () => ({ headers: headers() }),
          }),
          false: httpBatchLink({ transformer: superjson, url, headers }),
        }),
      ],
    });
  });

  // On sign-out (not before sign-in: public screens may be loading), drop everything cached:
  // another person may sign in next.
  const signedIn = session.state.status === "signed-in";
  const wasSignedIn = useRef(signedIn);
  useEffect(() => {
    if (wasSignedIn.current && !signedIn) queryClient.clear();
    wasSignedIn.current = signedIn;
  }, [signedIn, queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {props.children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
