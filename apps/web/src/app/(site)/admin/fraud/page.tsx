import { AdminFraud } from "~/components/admin/admin-fraud";
import { requireAdmin } from "~/lib/require-user";

export const dynamic = "force-dynamic";
export const metadata = { title: "Admin · Fraud review" };

export default async function AdminFraudPage() {
  await requireAdmin("/admin/fraud");
  return <AdminFraud />;
}
