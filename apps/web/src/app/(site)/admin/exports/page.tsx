import { AdminExports } from "~/components/admin/admin-exports";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Exports" };

export default async function AdminExportsPage() {
  await requireAdmin("/admin/exports");
  return <AdminExports />;
}
