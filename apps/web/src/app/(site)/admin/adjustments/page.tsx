import { AdminAdjustments } from "~/components/admin/admin-adjustments";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Adjustments" };

export default async function AdminAdjustmentsPage() {
  await requireAdmin("/admin/adjustments");
  return <AdminAdjustments />;
}
