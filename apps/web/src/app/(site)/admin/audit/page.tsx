import { AdminAudit } from "~/components/admin/admin-audit";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Audit log" };

export default async function AdminAuditPage() {
  await requireAdmin("/admin/audit");
  return <AdminAudit />;
}
