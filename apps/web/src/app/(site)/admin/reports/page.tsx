import { AdminReports } from "~/components/admin/admin-reports";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Reports" };

export default async function AdminReportsPage() {
  await requireAdmin("/admin/reports");
  return <AdminReports />;
}
