import "server-only";

import type { TRPCQueryOptions } from "@trpc/tanstack-react-query";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { cache } from "react";

import type { AppRouter } from "@fanfare/api";
import { appRouter, createCaller, createTRPCContext } from "@fanfare/api";
import { auth } from "~/auth";

import { createQueryClient } from "./query-client";

/** The request's tRPC context (session from the Auth.js cookie), built once per request. */
export const getContext = cache(async () => {
  const h = new Headers(await headers());
  h.set("x-trpc-source", "rsc");
  return createTRPCContext({ headers: h, session: await auth() });
});

/** Server-side tRPC caller for Server Components: `(await api()).buyer.discover({})`. */
export const api = cache(async () => createCaller(await getContext()));

/** The request's React Query client on the server (one per request). */
const getQueryClient = cache(createQueryClient);

/**
 * Query options for server prefetching, with the same keys as the browser's `useTRPC()`:
 * `await prefetch(trpc.promoter.stats.queryOptions())` then render under `<HydrateClient>`.
 */
export const trpc = createTRPCOptionsProxy<AppRouter>({
  router: appRouter,
  ctx: getContext,
  queryClient: getQueryClient,
});

/**
 * Runs queries on the server during the render (after create-t3-turbo's `prefetch`), so the
 * client components under `<HydrateClient>` render with their data in the first HTML instead
 * of fetching after load. Awaited: a failed query is simply not sent, and the browser asks again.
 */
export async function prefetch(
  ...options: ReturnType<TRPCQueryOptions<any>>[] // eslint-disable-line @typescript-eslint/no-explicit-any
): Promise<void> {
  const queryClient = getQueryClient();
  await Promise.all(options.map((o) => queryClient.prefetchQuery(o)));
}

/** Hands the server's prefetched queries to the browser's query cache. */
export function HydrateClient(props: { children: React.ReactNode }) {
  return (
    <HydrationBoundary state={dehydrate(getQueryClient())}>{props.children}</HydrationBoundary>
  );
}
