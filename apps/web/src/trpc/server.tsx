import "server-only";

import { headers } from "next/headers";
import { cache } from "react";

import { createCaller, createTRPCContext } from "@fanfare/api";
import { auth } from "~/auth";

/** The request's tRPC context (session from the Auth.js cookie), built once per request. */
export const getContext = cache(async () => {
  const h = new Headers(await headers());
  h.set("x-trpc-source", "rsc");
  return createTRPCContext({ headers: h, session: await auth() });
});

/** Server-side tRPC caller for Server Components: `(await api()).buyer.discover({})`. */
export const api = cache(async () => createCaller(await getContext()));
