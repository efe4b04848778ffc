/**
 * Field errors of a failed tRPC call (zod or AppError with a field), keyed by input field: from
 * the React Query client's error or `~/lib/trpc-fetch`'s `TrpcCallError` (both carry `data`).
 */
export function fieldErrorsOf(
  error: { data?: unknown } | Error | null | undefined,
): Record<string, string | undefined> {
  const fe = (
    (error as { data?: unknown } | null | undefined)?.data as
      { fieldErrors?: Record<string, string[] | undefined> | null } | undefined
  )?.fieldErrors;
  if (!fe) return {};
  return Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, v?.[0]]));
}
