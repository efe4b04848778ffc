import { Readable } from "node:stream";

import { exportCsv } from "@fanfare/api/services/admin/exports";
import { getDb } from "@fanfare/db";
import { ZExportInput } from "@fanfare/validators";

import { jsonError } from "~/lib/request";
import { requestUserId } from "~/lib/session-user";

export const dynamic = "force-dynamic";

/**
 * GET /api/admin/export/<sales|commissions|payouts|ledger>?from=YYYY-MM-DD&to=YYYY-MM-DD: the CSV
 * of that kind for the UTC days [from, to), streamed as an attachment (issue 11 §6). Admins only
 * (401 signed out, 403 not an admin); 400 with the reason for a bad kind or range. Audited.
 */
export async function GET(req: Request, ctx: { params: Promise<{ kind: string }> }) {
  const db = await getDb();
  const userId = await requestUserId(req, db);
  if (!userId) return jsonError(401, "Sign in as an admin to export.");
  const user = await db.user.findUnique({ where: { id: userId }, select: { isAdmin: true } });
  if (!user?.isAdmin) return jsonError(403, "Admins only.");
  const url = new URL(req.url);
  const parsed = ZExportInput.safeParse({
    kind: (await ctx.params).kind,
    from: url.searchParams.get("from") ?? undefined,
    to: url.searchParams.get("to") ?? undefined,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return jsonError(400, issue.message, { field: String(issue.path[0] ?? "") });
  }
  const { stream, fileName } = await exportCsv(parsed.data, { userId }, db);
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
