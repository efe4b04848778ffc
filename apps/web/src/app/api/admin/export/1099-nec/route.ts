import { export1099NecCsv } from "@fanfare/api/services/admin/exports";
import { getDb } from "@fanfare/db";
import { ZTaxYear } from "@fanfare/validators";

import { csvAttachment, exportingAdmin } from "~/lib/admin-export";
import { jsonError } from "~/lib/request";

export const dynamic = "force-dynamic";

/**
 * GET /api/admin/export/1099-nec?year=YYYY: the year-end 1099-NEC CSV (issue 11 §4), streamed
 * as an attachment. Admins only (401 signed out, 403 not an admin); 400 with the reason for a
 * bad year. Audited.
 */
export async function GET(req: Request) {
  const db = await getDb();
  const admin = await exportingAdmin(req, db);
  if ("response" in admin) return admin.response;
  const raw = new URL(req.url).searchParams.get("year");
  const parsed = ZTaxYear.safeParse(raw && /^\d+$/.test(raw) ? Number(raw) : Number.NaN);
  if (!parsed.success) return jsonError(400, parsed.error.issues[0]!.message, { field: "year" });
  const { stream, fileName } = await export1099NecCsv(parsed.data, admin, db);
  return csvAttachment(stream, fileName);
}
