import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";

import type { AppRouter } from "./root";
import { appRouter } from "./root";
import { createCallerFactory, createTRPCContext } from "./trpc";

/** Server-side caller: `createCaller(ctx).buyer.discover({...})`. */
const createCaller = createCallerFactory(appRouter);

type RouterInputs = inferRouterInputs<AppRouter>;
type RouterOutputs = inferRouterOutputs<AppRouter>;

export { appRouter, createCaller, createTRPCContext };
// The REST API (issue 15 §2): the web app's /api/v1 route hands its requests to it.
export { handleRestRequest } from "./services/platform/rest-handler";
export { buildOpenApiDocument } from "./services/platform/openapi";
export type { AppRouter, RouterInputs, RouterOutputs };
