"use client";

import type { QueryClient } from "@tanstack/react-query";
import { QueryClientProvider } from "@tanstack/react-query";
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  loggerLink,
  splitLink,
} from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import SuperJSON from "superjson";

import type { AppRouter } from "@fanfare/api";

import { getViewerState, subscribeViewer } from "~/components/viewer";

import { createQueryClient } from "./query-client";

let clientQueryClientSingleton: QueryClient | undefined;
const getQueryClient = () => {
  if (typeof window === "undefined") return createQueryClient();
  return (clientQueryClientSingleton ??= createQueryClient());
};

export const { useTRPC, TRPCProvider } = createTRPCContext<AppRouter>();

/** Wraps the app with React Query and the typed tRPC client (same-origin `/api/trpc`). */
export function TRPCReactProvider(props: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({
          enabled: (op) =>
            process.env.NODE_ENV === "development" &&
            op.direction === "down" &&
            op.result instanceof Error,
        }),
        // Subscriptions (`live.events`) over SSE on the same endpoint, the session cookie going
        // with them; everything else batched.
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ transformer: SuperJSON, url: "/api/trpc" }),
          false: httpBatchLink({
            transformer: SuperJSON,
            url: "/api/trpc",
            headers: () => ({ "x-trpc-source": "nextjs-react" }),
          }),
        }),
      ],
    }),
  );
  // Signing in or out (the nav's viewer changes) leaves nothing of the previous user in the
  // browser's query cache, which outlives this provider across client navigations. Reset, not
  // clear: the page signing in lands on has already started its queries as the new user, and
  // clearing the cache under them left their observers on removed queries, pending for ever
  // ("Loading…" until a reload). So: mutations and the queries off screen are dropped, and the
  // ones on screen are reset (emptied, or back to their initial data) and refetched.
  useEffect(() => {
    const who = () => {
      const v = getViewerState();
      return v.status === "done" ? (v.viewer?.email ?? null) : undefined;
    };
    let last = who();
    return subscribeViewer(() => {
      const now = who();
      if (now === undefined) return;
      if (last !== undefined && now !== last) {
        queryClient.getMutationCache().clear();
        queryClient.removeQueries({ type: "inactive" });
        void queryClient.resetQueries({ type: "active" });
      }
      last = now;
    });
  }, [queryClient]);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {props.children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
