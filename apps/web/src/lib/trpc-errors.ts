import type { TRPCClientErrorLike } from "@trpc/client";

import type { AppRouter } from "@fanfare/api";

/** Field errors of a failed tRPC call (zod or AppError with a field), keyed by input field. */
export function fieldErrorsOf(error: TRPCClientErrorLike<AppRouter> | null | undefined): Record<string, string | undefined> {
  const fe = (error?.data as { fieldErrors?: Record<string, string[] | undefined> | null } | undefined)?.fieldErrors;
  if (!fe) return {};
  return Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, v?.[0]]));
}
