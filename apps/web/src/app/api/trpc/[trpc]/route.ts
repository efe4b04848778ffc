import { fetchRequestHandler } from "@trpc/server/adapters/fetch";

import { appRouter, createTRPCContext } from "@fanfare/api";
import { auth } from "~/auth";

import { preflight, withCors } from "~/lib/cors";

export const dynamic = "force-dynamic";

const METHODS = "GET, POST, OPTIONS";

const handler = async (req: Request) => {
  const session = await auth();
  const res = await fetchRequestHandler({
    endpoint: "/api/trpc",
    router: appRouter,
    req,
    createContext: () => createTRPCContext({ headers: req.headers, session }),
    onError: ({ path, error }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC failed on ${path ?? "<no-path>"}:`, error);
    },
  });
  // The mobile app's web build calls from another origin (apps/web/src/lib/cors.ts).
  return withCors(req, res, METHODS);
};

const options = (req: Request) => preflight(req, METHODS);

export { handler as GET, options as OPTIONS, handler as POST };
