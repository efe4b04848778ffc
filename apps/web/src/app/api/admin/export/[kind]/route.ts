import { exportCsv } from "@fanfare/api/services/admin/exports";
import { getDb } from "@fanfare/db";
import { ZExportInput } from "@fanfare/validators";

import { csvAttachment, exportingAdmin } from "~/lib/admin-export";
import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

/**
 * GET /api/admin/export/<sales|commissions|payouts|ledger>?from=YYYY-MM-DD&to=YYYY-MM-DD: the CSV
 * of that kind for the UTC days [from, to), streamed as an attachment (issue 11 §6). Admins only
 * (401 signed out, 403 not an admin); 400 with the reason for a bad kind or range. Audited.
 */
export async function GET(req: Request, ctx: { params: Promise<{ kind: string }> }) {
  const db = await getDb();
  const admin = await exportingAdmin(req, db);
  if ("response" in admin) return admin.response;
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
  const { stream, fileName } = await exportCsv(parsed.data, admin, db);
  return csvAttachment(stream, fileName);
}
