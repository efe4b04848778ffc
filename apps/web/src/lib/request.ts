/** A JSON error body with a reason, as every non-tRPC route answers. */
export function jsonError(
  status: number,
  error: string,
  extra: Record<string, unknown> = {},
): Response {
  return Response.json({ error, ...extra }, { status });
}
